/**
 * `iatbayes score`: the output documents of --json and --out and the flag/config layering,
 * on a small generated long file (numbers checked against the library call on the same file,
 * whose correctness the reference tests establish).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { flagsToConfig, scoreCommand } from '../../../src/cli/commands/score.js';
import { scoreIatFile } from '../../../src/features/dscore/scoreFile.js';
import { InputError } from '../../../src/util/errors.js';

const folder = mkdtempSync(join(tmpdir(), 'iat-score-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const lines = ['pid,blk,rt,acc,tc'];
for (const [id, shift] of [['p1', 150], ['p2', -80], ['p3', 40]] as const) {
  for (const [label, offset] of [['AP', 0], ['AT', 0], ['BP', shift], ['BT', shift]] as const) {
    for (let t = 0; t < 8; t++) {
      lines.push(`${id},${label},${620 + offset + 37 * ((t * 5) % 7)},${t === 3 ? 0 : 1},x`);
    }
    lines.push(`${id},${label},50,1,reminder`);
  }
}
const data = join(folder, 'trials.csv');
writeFileSync(data, `${lines.join('\n')}\n`);
const config = join(folder, 'config.json');
writeFileSync(config, JSON.stringify({
  columns: { participant: 'pid', block: 'blk', latency: 'rt', correct: 'acc' },
  blocks: { aPractice: 'AP', aTest: 'AT', bPractice: 'BP', bTest: 'WRONG' },
  dropRows: [{ column: 'tc', values: ['reminder'] }],
}));

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await yargs(args).command(scoreCommand).option('quiet', { type: 'boolean', default: true })
    .strict().exitProcess(false).fail((message, error) => { throw error ?? new Error(message); })
    .parseAsync();
  return out;
}

describe('iatbayes score', () => {
  it('prints one JSON document with settings, sign, participants and exclusions', async () => {
    const out = await run(['score', data, '--config', config, '--b-test', 'BT', '--json']);
    const doc = JSON.parse(out) as {
      settings: { sign: string; variants: string[] };
      participants: Array<Record<string, unknown>>;
      exclusions: Array<{ reason: string; count: number }>;
    };
    expect(doc.settings.sign).toMatch(/mapping B\) - mean\(mapping A\)/);
    expect(doc.participants.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    const library = await scoreIatFile(data, [{
      columns: { participant: 'pid', block: 'blk', latency: 'rt', correct: 'acc' },
      blocks: { aPractice: 'AP', aTest: 'AT', bPractice: 'BP', bTest: 'BT' },
      dropRows: [{ column: 'tc', values: ['reminder'] }],
    }]);
    const p1 = doc.participants[0] as Record<string, unknown>;
    expect(p1.D1).toBe(library.participants[0]?.variants.D1?.d);
    expect(p1.D6_test).toBe(library.participants[0]?.variants.D6?.test);
    expect(p1).toMatchObject({ excluded: false, reasons: [], counts: { trials: 32, errors: 4 } });
    expect((p1.D1 as number) > 0 && (doc.participants[1]?.D1 as number) < 0).toBe(true);
    expect(doc.exclusions).toEqual([
      expect.objectContaining({ reason: "dropped by rule: tc = 'reminder'", count: 12 }),
    ]);
  });

  it('writes the chosen variants to a CSV with counts and no NaN', async () => {
    const csv = join(folder, 'scores.csv');
    await run(['score', data, '--config', config, '--b-test', 'BT', '--variants', 'D1,d3',
      '--out', csv]);
    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
    expect(header).toBe('id,D1,D1_practice,D1_test,D1_se,D3,D3_practice,D3_test,D3_se,' +
      'excluded,reasons,n_trials,n_errors,n_aPractice,n_aTest,n_bPractice,n_bTest,' +
      'n_overCeiling,n_underFloor,n_underFastThreshold');
    expect(rows).toHaveLength(3);
    expect(readFileSync(csv, 'utf8')).not.toMatch(/NaN/);
  });

  it('lets flags win over the config file', async () => {
    await expect(run(['score', data, '--config', config, '--json'])).rejects.toThrow(
      /'WRONG' \(combined B test\) never occurs/);
  });

  it('rejects a malformed --drop rule with a message naming the flag', () => {
    expect(() => flagsToConfig({ drop: ['trialcode'] })).toThrow(InputError);
    expect(() => flagsToConfig({ drop: ['trialcode'] })).toThrow(/--drop.*COLUMN=VALUE/);
  });
});
