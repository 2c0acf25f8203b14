/**
 * Runs Debian's headless Chromium on a report file, the way a reader's browser opens it: no
 * network, a fresh profile, nothing installed. Used by the browser test and by
 * scripts/render-report-check.ts (which writes docs/report-screenshot.png).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

/** True when Debian's chromium package is installed. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--force-device-scale-factor=1',
];

/** Runs chromium with `extra` flags on the file `htmlPath` and returns its stdout. */
export function runChromium(htmlPath: string, extra: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'iatbayes-chromium-'));
  try {
    return execFileSync(
      CHROMIUM,
      [...FLAGS, `--user-data-dir=${profile}`, ...extra, pathToFileURL(htmlPath).href],
      {
        encoding: 'utf8',
        timeout: 90_000,
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM after the page has loaded and its scripts have run, serialised by Chromium. */
export function dumpDom(htmlPath: string): string {
  return runChromium(htmlPath, ['--virtual-time-budget=5000', '--dump-dom']);
}

/** Prints the page to PDF as a reader's "Save as PDF" would (A4/Letter default, no header). */
export function printToPdf(htmlPath: string, pdfPath: string): void {
  runChromium(htmlPath, ['--no-pdf-header-footer', `--print-to-pdf=${pdfPath}`]);
}

/** Number of pages of a PDF: its /Type /Page objects (not /Pages). */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

/** Writes a PNG of the top `height` pixels of the page at `width` pixels wide. */
export function screenshot(htmlPath: string, pngPath: string, width: number, height: number): void {
  runChromium(htmlPath, [`--window-size=${width},${height}`, `--screenshot=${pngPath}`]);
}

/**
 * Adds `script` at the end of the body of `document` and allows it by hash in the page's
 * Content-Security-Policy, so the page's own policy stays in force for everything else.
 */
export function withCheckScript(document: string, script: string): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  return document
    .replace('script-src ', `script-src &#39;sha256-${hash}&#39; `)
    .replace('</body>', `<script>${script}</script></body>`);
}

/**
 * Measures, in the browser, every figure's SVG (rendered size and marks drawn with a non-empty
 * box), sorts the results table by its AUC column twice, and records any CSP violation; the
 * findings are written as JSON into <pre id="browser-check">.
 */
export const CHECK_SCRIPT = `
(function () {
  var result = { figures: [], sort: {}, violations: [], scripts: document.scripts.length };
  document.addEventListener('securitypolicyviolation', function (event) {
    result.violations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
  Array.prototype.forEach.call(document.querySelectorAll('figure.chart'), function (figure) {
    var svg = figure.querySelector('svg');
    var box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    var marks = svg ? svg.querySelectorAll('g.role-mark > *') : [];
    var drawn = 0;
    Array.prototype.forEach.call(marks, function (mark) {
      var b = mark.getBBox();
      if (b.width > 0 || b.height > 0) drawn++;
    });
    result.figures.push({ name: figure.getAttribute('data-chart'), width: box.width,
      height: box.height, marks: marks.length, drawn: drawn });
  });
  var table = document.querySelector('table.results');
  if (table) {
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var index = headings.findIndex(function (h) { return h.textContent.trim() === 'AUC'; });
    var heading = headings[index];
    var column = function () {
      return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
        return Number(row.cells[index].getAttribute('data-sort'));
      });
    };
    heading.click();
    result.sort.ascending = column();
    heading.click();
    result.sort.descending = column();
    result.sort.ariaSort = heading.getAttribute('aria-sort');
  }
  var pre = document.createElement('pre');
  pre.id = 'browser-check';
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
})();
`;
