/**
 * IAT readers: the long format with user mapping, bad input, and the known exports (real files
 * in ../shared/data/iat, whose READMEs give the counts checked here).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIatFile } from '../../../src/ingest/iat/read.js';
import { scoreIatFile } from '../../../src/features/dscore/scoreFile.js';
import { InputError } from '../../../src/util/errors.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';
import type { IatReadConfigInput } from '../../../src/ingest/iat/config.js';

const folder = mkdtempSync(join(tmpdir(), 'iat-readers-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let fileCount = 0;
function file(text: string, extension = 'csv'): string {
  const path = join(folder, `f${fileCount++}.${extension}`);
  writeFileSync(path, text);
  return path;
}

const HEADER = 'participant_id,block_name,trial,trial_id,stimulus,latency_ms,correct';
const BLOCKS = ['combined_A_practice', 'combined_A_test', 'combined_B_practice', 'combined_B_test'];

/** Rows for one participant: `n` trials per combined block, latencies 500 + 10 i (+300 B). */
function rows(id: string, n = 3): string[] {
  const out: string[] = [];
  BLOCKS.forEach((block, b) => {
    for (let i = 0; i < n; i++) {
      const latency = 500 + 10 * i + (b >= 2 ? 300 : 0) + b;
      out.push(`${id},${block},${i},b${b}t${i},w${i},${latency},${i === 1 ? 0 : 1}`);
    }
  });
  return out;
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('long format reader', () => {
  it('reads the cohort layout columns by default, with positions within block', async () => {
    const path = file([HEADER, ...rows('sub-01'), ...rows('sub-02'), ''].join('\n'));
    const result = await readIatFile(path);
    expect(result.format).toBe('long');
    expect(result.sessions.map((s) => s.participantId)).toEqual(['sub-01', 'sub-02']);
    const trials = result.sessions[0]?.trials ?? [];
    expect(trials).toHaveLength(12);
    expect(trials[4]).toMatchObject({ mapping: 'A', phase: 'test', trialIndex: 1,
      error: true, latencyMs: 511, trialId: 'b1t1', stimulus: 'w1', sourceRow: 6 });
  });

  it('reads BOM, CRLF and quoted fields exactly like the plain file', async () => {
    const plain = [HEADER, ...rows('p1')].join('\n');
    const quoted = '\ufeff' + [HEADER, ...rows('p1').map((r) => {
      const cells = r.split(',');
      cells[4] = `"${cells[4]}, ""quoted"""`;
      return cells.map((c, i) => (i === 0 ? `"${c}"` : c)).join(',');
    })].join('\r\n') + '\r\n';
    const a = await readIatFile(file(plain));
    const b = await readIatFile(file(quoted));
    const strip = (t: { stimulus?: string }): unknown => ({ ...t, stimulus: undefined });
    expect(b.sessions[0]?.trials.map(strip)).toEqual(a.sessions[0]?.trials.map(strip));
    expect(b.sessions[0]?.trials[0]?.stimulus).toBe('w0, "quoted"');
  });

  it('keeps records intact across read chunks, even a quoted field with a newline', async () => {
    const lines = [HEADER];
    for (let p = 0; p < 40; p++) {
      for (const r of rows(`p${p}`)) {
        const cells = r.split(',');
        if (p % 7 === 0) cells[4] = `"two\nlines"`;
        lines.push(cells.join(','));
      }
    }
    const path = file(lines.join('\n'));
    const whole = await scoreIatFile(path, [], {});
    const { streamIatTrials } = await import('../../../src/ingest/iat/read.js');
    let count = 0;
    await streamIatTrials(path, [], () => ({ trial: () => { count++; }, attempt: () => {} }),
      { chunkBytes: 97 });
    expect(count).toBe(40 * 12);
    expect(whole.participants).toHaveLength(40);
  });

  it('takes any column names and block labels from the config, flags winning', async () => {
    const text = ['pid;blk;rt;err;tc', 'a;P1;500;0;x', 'a;P1;520;1;x', 'a;T1;510;0;x',
      'a;T1;530;0;x', 'a;P2;800;0;x', 'a;P2;820;0;x', 'a;T2;810;0;x', 'a;T2;830;0;x',
      'a;P1;100;0;reminder'].join('\n');
    const config: IatReadConfigInput = {
      columns: { participant: 'pid', block: 'blk', latency: 'rt', error: 'err' },
      correctValues: ['0'], errorValues: ['1'],
      blocks: { aPractice: 'P1', aTest: 'T1', bPractice: 'P2', bTest: 'WRONG' },
      dropRows: [{ column: 'tc', values: ['reminder'] }],
    };
    const result = await readIatFile(file(text), config, { blocks: { bTest: 'T2' } });
    expect(result.sessions[0]?.trials).toHaveLength(8);
    expect(result.sessions[0]?.trials[1]?.error).toBe(true);
    expect(result.exclusions).toEqual([expect.objectContaining({
      level: 'row', reason: "dropped by rule: tc = 'reminder'", count: 1, rows: [10] })]);
  });

  it('swaps mappings for participants named by a counterbalancing column', async () => {
    const text = ['id,block,lat,ok,order', 'a,first_p,500,1,AB', 'a,first_p,510,1,AB',
      'a,first_t,500,1,AB', 'a,first_t,510,1,AB', 'a,second_p,800,1,AB', 'a,second_p,810,1,AB',
      'a,second_t,800,1,AB', 'a,second_t,810,1,AB',
      'b,first_p,800,1,BA', 'b,first_p,810,1,BA', 'b,first_t,800,1,BA', 'b,first_t,810,1,BA',
      'b,second_p,500,1,BA', 'b,second_p,510,1,BA', 'b,second_t,500,1,BA',
      'b,second_t,510,1,BA'].join('\n');
    const config: IatReadConfigInput = {
      columns: { participant: 'id', block: 'block', latency: 'lat', correct: 'ok' },
      blocks: { aPractice: 'first_p', aTest: 'first_t', bPractice: 'second_p', bTest: 'second_t' },
      counterbalance: { column: 'order', swapValues: ['BA'] },
    };
    const report = await scoreIatFile(file(text), [config], { variants: ['D1'] });
    const [a, b] = report.participants;
    expect(a?.variants.D1?.d).toBeGreaterThan(0);
    expect(b?.variants.D1?.d).toBeCloseTo(a?.variants.D1?.d as number, 12);
  });

  it('reads tab-separated files', async () => {
    const text = [HEADER, ...rows('t1')].join('\n').replace(/,/g, '\t');
    const result = await readIatFile(file(text, 'tsv'));
    expect(result.sessions[0]?.trials).toHaveLength(12);
  });
});

describe('bad input', () => {
  it('rejects an empty file', async () => {
    const error = await inputError(readIatFile(file('')));
    expect(error.message).toMatch(/empty/);
  });

  it('rejects a header without rows', async () => {
    const error = await inputError(readIatFile(file(`${HEADER}\n`)));
    expect(error.message).toMatch(/no data rows/);
  });

  it('names the file, row 1 and the column when a column is missing', async () => {
    const path = file(['participant_id,block_name,latency,correct', 'a,x,1,1'].join('\n'));
    const error = await inputError(readIatFile(path));
    expect(error.location).toEqual({ file: path, row: 1, field: 'latency_ms' });
    expect(error.message).toMatch(/column 'latency_ms' \(latency\) not found; the header has: /);
  });

  it('names a block label that never occurs and lists the labels found', async () => {
    const text = [HEADER, ...rows('a').map((r) => r.replace('combined_B_test', 'B7'))].join('\n');
    const error = await inputError(readIatFile(file(text)));
    expect(error.message).toMatch(
      /'combined_B_test' \(combined B test\) never occurs; other labels found: B7/);
  });

  it('counts non-numeric and negative latencies as trial exclusions with their rows', async () => {
    const lines = [HEADER, ...rows('a', 4)];
    lines[2] = (lines[2] as string).replace(',510,', ',abc,');
    lines[3] = (lines[3] as string).replace(',520,', ',-5,');
    const result = await readIatFile(file(lines.join('\n')));
    expect(result.sessions[0]?.trials).toHaveLength(14);
    expect(result.exclusions).toEqual([expect.objectContaining({
      level: 'trial', participantId: 'a', count: 2, rows: [3, 4],
      reason: "latency is not a non-negative number (column 'latency_ms')" })]);
  });

  it('names row and column of an accuracy value it cannot read', async () => {
    const lines = [HEADER, ...rows('a')];
    lines[4] = (lines[4] as string).replace(/,1$/, ',yes');
    const path = file(lines.join('\n'));
    const error = await inputError(readIatFile(path));
    expect(error.location).toEqual({ file: path, row: 5, field: 'correct' });
    expect(error.message).toMatch(/found 'yes'/);
  });

  it('drops a duplicated trial, keeps the first and reports the row', async () => {
    const lines = [HEADER, ...rows('a')];
    lines.splice(3, 0, lines[2] as string);
    const result = await readIatFile(file(lines.join('\n')));
    expect(result.sessions[0]?.trials).toHaveLength(12);
    expect(result.exclusions[0]).toMatchObject({ level: 'trial', count: 1, rows: [4] });
    expect(result.exclusions[0]?.reason).toMatch(/duplicated trial/);
  });

  it('reports a participant missing a combined block as excluded', async () => {
    const lines = [HEADER, ...rows('a'), ...rows('b').filter((r) => !r.includes('B_test'))];
    const report = await scoreIatFile(file(lines.join('\n')), [], {});
    expect(report.participants[1]).toMatchObject({ id: 'b', excluded: true,
      reasons: ['no trials in combined block B test'] });
    expect(report.exclusions).toContainEqual(expect.objectContaining({
      level: 'participant', participantId: 'b' }));
  });

  it('asks for a sorted file when a participant\'s rows are not contiguous', async () => {
    const path = file([HEADER, ...rows('a').slice(0, 6), ...rows('b'), ...rows('a').slice(6)]
      .join('\n'));
    const error = await inputError(scoreIatFile(path, [], {}));
    expect(error.message).toMatch(/participant 'a' appears again.*sort the file/);
    const merged = await readIatFile(path);
    expect(merged.sessions.find((s) => s.participantId === 'a')?.trials).toHaveLength(12);
  });

  it('rejects a row with fewer fields than the columns it needs', async () => {
    const path = file([HEADER, ...rows('a'), 'a,combined_A_test'].join('\n'));
    const error = await inputError(readIatFile(path));
    expect(error.location.row).toBe(14);
  });
});

describe('attempt-level logs', () => {
  it('sums the attempts of a trial and takes accuracy from the first attempt', async () => {
    const header = 'participation_id,block_type,block,trial,attempt,response,rt';
    const lines = [header];
    const types = ['tar1att1_1', 'tar1att1_2', 'tar1att2_1', 'tar1att2_2'];
    types.forEach((type, b) => {
      for (let t = 0; t < 3; t++) {
        if (t === 0) {
          lines.push(`1,${type},${b},${t},0,2,700`, `1,${type},${b},${t},1,3,1500`,
            `1,${type},${b},${t},2,1,400`);
        } else {
          lines.push(`1,${type},${b},${t},0,1,${600 + 100 * b + t}`);
        }
      }
    });
    const result = await readIatFile(file(lines.join('\n')));
    expect(result.format).toBe('attempts');
    const first = result.sessions[0]?.trials[0];
    expect(first).toMatchObject({ latencyMs: 2600, error: true, trialIndex: 0, sourceRow: 2 });
    expect(result.sessions[0]?.trials).toHaveLength(12);
  });
});

describe('attempt-level logs with a bad latency', () => {
  it('stops at an unreadable attempt latency, naming row and column', async () => {
    const header = 'participation_id,block_type,block,trial,attempt,response,rt';
    const text = [header, '1,tar1att1_1,2,0,0,2,700', '1,tar1att1_1,2,0,1,1,x'].join('\n');
    const path = file(text);
    const error = await inputError(readIatFile(path));
    expect(error.location).toEqual({ file: path, row: 3, field: 'rt' });
  });
});

describeShared(['iat'], 'known exports (real files)', () => {
  it('recognises every shared export from its header', async () => {
    const expected: Array<[string, string, number, number]> = [
      ['hussey-race-flowers/trials.csv', 'inquisit-screened', 152, 120],
      ['hussey-race-flowers/pilot1_inquisit_raw.csv', 'inquisit', 16, 120],
      ['martin-gender-science/trials.csv', 'project-implicit', 88, 80],
      ['splithalfr-ethnicity/attempts.csv', 'attempts', 32, 192],
    ];
    for (const [path, format, participants, trials] of expected) {
      const result = await readIatFile(sharedPath('iat', ...path.split('/')));
      expect(result.format, path).toBe(format);
      expect(result.sessions, path).toHaveLength(participants);
      expect(result.sessions.every((s) => s.trials.length === trials), path).toBe(true);
    }
  });

  it('reads Project Implicit pairings so mapping A does not depend on block order', async () => {
    const result = await readIatFile(sharedPath('iat', 'martin-gender-science', 'trials.csv'));
    expect(result.summary.mappingA).toEqual(['language arts/female', 'math/male']);
    // README: 49 congruent-first, 39 incongruent-first; mapping A is always the congruent
    // pairing, so it is the first combined pair for exactly 49 sessions.
    const aFirst = result.sessions.filter((s) => s.trials[0]?.mapping === 'A').length;
    expect(aFirst).toBe(49);
    const nonCombined = result.exclusions.filter((e) => e.reason.startsWith('not a combined'));
    expect(nonCombined.reduce((n, e) => n + e.count, 0)).toBe(88 * 54);
  });

  it('reads the chocolate file with its config and drops the reminder rows', async () => {
    const { readConfigFile } = await import('../../../src/ingest/iat/read.js');
    const { repoRoot } = await import('../../helpers/sharedData.js');
    const config = readConfigFile(`${repoRoot}/test/fixtures/iat/chocolate.config.json`);
    const result = await readIatFile(
      sharedPath('iat', 'implicitmeasures-chocolate', 'trials.csv'), config);
    expect(result.sessions).toHaveLength(162);
    expect(result.sessions.reduce((n, s) => n + s.trials.length, 0)).toBe(19_440);
    expect(result.exclusions.reduce((n, e) => n + e.count, 0)).toBe(162 * 4);
  });

  it('reproduces the splithalfr package test value for participant 5 (0.93944688)', async () => {
    // splithalfr's own test suite checks this hand-computed D (8 decimals) for participant 5.
    const report = await scoreIatFile(sharedPath('iat', 'splithalfr-ethnicity', 'attempts.csv'),
      [], { variants: ['D1'] });
    const p5 = report.participants.find((p) => p.id === '5');
    expect(p5?.variants.D1?.d).toBeCloseTo(0.93944688, 8);
  });
});
