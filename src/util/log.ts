/**
 * Progress and log lines go to stderr; results go to stdout. A Logger is passed in to every
 * stage that reports progress so that tests and the library can silence or capture it.
 */

export interface Logger {
  /** A line of information ("backend: wasm", "read 162 participants"). */
  info(message: string): void;
  /** Something the user should look at, that did not stop the run. */
  warn(message: string): void;
  /** Progress of a loop: `done` of `total` units of `label`. */
  progress(label: string, done: number, total: number): void;
}

/** A logger that writes nothing (library default). */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  progress: () => undefined,
};

/**
 * A logger for the command line: plain lines on stderr, and a progress bar redrawn in place
 * when stderr is a terminal (plain lines every 10 % otherwise). `quiet` silences info and
 * progress but never warnings.
 */
export function createCliLogger(
  options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {},
): Logger {
  const stream = options.stream ?? process.stderr;
  const quiet = options.quiet ?? false;
  const isTty = Boolean(stream.isTTY);
  let lastDecile = new Map<string, number>();
  let barOpen = false;

  const closeBar = (): void => {
    if (barOpen) {
      stream.write('\n');
      barOpen = false;
    }
  };

  return {
    info(message) {
      if (quiet) return;
      closeBar();
      stream.write(`${message}\n`);
    },
    warn(message) {
      closeBar();
      stream.write(`warning: ${message}\n`);
    },
    progress(label, done, total) {
      if (quiet || total <= 0) return;
      const fraction = Math.min(1, done / total);
      if (isTty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
        stream.write(`\r${label} [${bar}] ${done}/${total}`);
        barOpen = done < total;
        if (!barOpen) stream.write('\n');
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (lastDecile.get(label) !== decile || done === total) {
        if (lastDecile.get(label) === decile && done === total && decile === 10) return;
        lastDecile.set(label, decile);
        stream.write(`${label}: ${done}/${total}\n`);
      }
      if (done === total) lastDecile = new Map([...lastDecile].filter(([k]) => k !== label));
    },
  };
}
