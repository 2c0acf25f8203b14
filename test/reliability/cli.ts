/**
 * Helpers of the reliability tests that drive the command line in-process: run `main` with
 * stdout and stderr captured, and build a long-format cohort (one trial file plus a
 * participants file) whose participant IDs are whatever the test needs, hostile ones included.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process, capturing what it prints. */
export async function runCli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/**
 * A simulated behaviour-only cohort (seed 9) rewritten as a long-format cohort in `dir` whose
 * participants carry `ids` (one per simulated participant) instead of sub-01, sub-02, ...
 */
export function longCohortWithIds(dir: string, ids: string[]): void {
  const simulated = join(dir, 'simulated');
  simulateCohort({ outDir: simulated, participants: ids.length, seed: 9, eeg: 'none' });
  const folders = readdirSync(simulated).filter((name) => name.startsWith('sub-')).sort();
  let header: string[] = [];
  const rows: string[][] = [];
  folders.forEach((folder, k) => {
    const beh = readdirSync(join(simulated, folder, 'beh')).find((f) => f.endsWith('_beh.tsv'))!;
    const parsed = Papa.parse<string[]>(readFileSync(join(simulated, folder, 'beh', beh), 'utf8')
      .trim(), { delimiter: '\t' }).data;
    header = parsed[0]!;
    const column = header.indexOf('participant_id');
    for (const row of parsed.slice(1)) rows.push(row.map((v, c) => (c === column ? ids[k]! : v)));
  });
  const people = Papa.parse<string[]>(readFileSync(join(simulated, 'participants.tsv'), 'utf8')
    .trim(), { delimiter: '\t' }).data;
  const idColumn = people[0]!.indexOf('participant_id');
  const peopleRows = people.slice(1).map((row) => row.map((v, c) => (c === idColumn
    ? ids[folders.indexOf(v)]! : v)));
  mkdirSync(dir, { recursive: true });
  // Tab-separated like the simulator's files, written raw so that the IDs reach the reader
  // exactly as given.
  const tsv = (head: string[], body: string[][]): string =>
    `${[head, ...body].map((row) => row.join('\t')).join('\n')}\n`;
  writeFileSync(join(dir, 'trials.tsv'), tsv(header, rows));
  writeFileSync(join(dir, 'people.tsv'), tsv(people[0]!, peopleRows));
  const config = JSON.parse(readFileSync(join(simulated, 'cohort.json'), 'utf8')) as object;
  writeFileSync(join(dir, 'cohort.json'), JSON.stringify({ ...config, trials: 'trials.tsv',
    participants: 'people.tsv' }));
}
