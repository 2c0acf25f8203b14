/**
 * Fuzz tests of the IAT trial-log readers (long CSV, Inquisit, Project Implicit, attempt
 * logs, and the JSON reading configuration) and of the cohort loader (participants table,
 * per-participant trial files, events and epochs, cohort.json). Seeds are small valid files
 * in each layout; mutations are truncations, bit flips, overwritten or inserted bytes, hostile
 * field values and one very long line. Every case must read or throw an InputError. The
 * number of cases is printed and is part of each test's name.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile, readIatFile } from '../../src/ingest/iat/read.js';
import { loadCohort } from '../../src/ingest/cohort/loadCohort.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';
import { describeShared, sharedPath } from '../helpers/sharedData.js';
import {
  byteMutation, expectResolveOrInputError, expectReturnOrInputError, jsonMutation, newTally,
  report, RUNS, scratch, type Mutation,
} from './fuzz.js';

const folder = scratch();
afterAll(() => folder.remove());

/** A line of 1 MB with no newline: the reader must refuse or read it, not run out of memory. */
const longLine = fc.double({ min: 0, max: 1, noNaN: true }).map((at): Mutation => ({
  describe: `insert a 1 MB line at ${at.toFixed(4)}`,
  apply: (seed) => {
    const k = Math.floor(at * seed.length);
    return new Uint8Array([...seed.subarray(0, k), ...new Uint8Array(1_000_000).fill(65),
      ...seed.subarray(k)]);
  },
}));
const textMutation = fc.oneof({ weight: 9, arbitrary: byteMutation },
  { weight: 1, arbitrary: longLine });

const BLOCKS = ['combined_A_practice', 'combined_A_test', 'combined_B_practice', 'combined_B_test'];

function longSeed(): string {
  const lines = ['participant_id,block_name,trial,trial_id,stimulus,latency_ms,correct'];
  for (const id of ['s1', 's2']) {
    BLOCKS.forEach((block, b) => {
      for (let i = 0; i < 3; i++) {
        lines.push(`${id},${block},${i},b${b}t${i},w${i},${500 + 37 * i + 100 * b},${i % 2}`);
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

function attemptsSeed(): string {
  const lines = ['participation_id,block_type,trial,attempt,rt,response,stim'];
  ['tar1att1_1', 'tar1att1_2', 'tar1att2_1', 'tar1att2_2'].forEach((block, b) => {
    for (let i = 0; i < 3; i++) {
      lines.push(`p1,${block},${i},1,${600 + 20 * i + b},${i === 1 ? 2 : 1},x${i}`);
      if (i === 1) lines.push(`p1,${block},${i},2,${300 + b},1,x${i}`);
    }
  });
  return `${lines.join('\n')}\n`;
}

function inquisitSeed(): string {
  const lines = ['subject,blockcode,blocknum,trialcode,trialnum,correct,latency,stimulusitem1'];
  ['compatibletest1', 'compatibletest2', 'incompatibletest1', 'incompatibletest2']
    .forEach((block, b) => {
      for (let i = 0; i < 3; i++) {
        lines.push(`7,${block},${b},t,${i},${i === 2 ? 0 : 1},${700 + i},w`);
      }
    });
  return `${lines.join('\r\n')}\r\n`;
}

function projectImplicitSeed(): string {
  const lines = ['"BLOCK_NAME_S","BLOCK_PAIRING_DEFINITION_S","TRIAL_NAME_S","SESSION_ID",'
    + '"TRIAL_NUMBER","TRIAL_ERROR","TRIAL_LATENCY"'];
  for (let b = 0; b < 7; b++) {
    for (let i = 0; i < 3; i++) {
      const pairing = b < 4 ? 'Math/Male,Language Arts/Female' : 'Math/Female,Language Arts/Male';
      lines.push(`"BLOCK${b}","${pairing}","Math",42,${i},${i === 1 ? 1 : 0},${650 + 13 * i + b}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

let fileCount = 0;
const IAT_RUNS = Math.max(20, Math.round((2 * RUNS) / 3));
function fuzzIatText(name: string, seed: string, extension = 'csv'): void {
  const bytes = new Uint8Array(Buffer.from(seed, 'utf8'));
  it(`${name}: ${IAT_RUNS} mutated exports each read or give an InputError`, async () => {
    const seedPath = join(folder.dir, `seed${fileCount++}.${extension}`);
    writeFileSync(seedPath, bytes);
    const seedRead = await readIatFile(seedPath);
    expect(seedRead.sessions.length).toBeGreaterThan(0);
    const tally = newTally();
    await fc.assert(fc.asyncProperty(textMutation, async (mutation) => {
      const path = join(folder.dir, `m${fileCount++}.${extension}`);
      writeFileSync(path, mutation.apply(bytes));
      await expectResolveOrInputError(tally, `${name}, ${mutation.describe}`,
        () => readIatFile(path));
    }), { numRuns: IAT_RUNS, seed: 9 });
    report(name, tally);
    expect(tally.accepted + tally.refused).toBe(IAT_RUNS);
  });
}

describe('IAT readers under fuzzing', () => {
  fuzzIatText('IAT long CSV', longSeed());
  fuzzIatText('IAT long TSV', longSeed().replace(/,/g, '\t'), 'tsv');
  fuzzIatText('IAT attempt log', attemptsSeed());
  fuzzIatText('IAT Inquisit raw', inquisitSeed());
  fuzzIatText('IAT Project Implicit', projectImplicitSeed());

  it(`IAT reading configuration: ${RUNS} wrong-typed, huge and empty values each parse or give `
    + 'an InputError', () => {
    const document = JSON.parse(readFileSync(join('test', 'fixtures', 'iat',
      'chocolate.config.json'), 'utf8')) as unknown;
    const tally = newTally();
    const path = join(folder.dir, 'config.json');
    fc.assert(fc.property(jsonMutation(document), (mutation) => {
      writeFileSync(path, JSON.stringify(mutation.document));
      expectReturnOrInputError(tally, `config, ${mutation.describe}`, () => readConfigFile(path));
    }), { numRuns: RUNS, seed: 9 });
    report('IAT config JSON', tally);
  });
});

describeShared(['iat'], 'IAT readers fuzzed from the heads of the real exports', () => {
  const files = ['martin-gender-science/trials.csv', 'hussey-race-flowers/pilot1_inquisit_raw.csv',
    'hussey-race-flowers/trials.csv', 'splithalfr-ethnicity/attempts.csv'];
  for (const name of files) {
    const [dataset, file] = name.split('/') as [string, string];
    const head = readFileSync(sharedPath('iat', dataset, file), 'utf8').split('\n').slice(0, 300);
    fuzzIatText(`real ${name} (300 lines)`, `${head.join('\n')}\n`);
  }
});

describe('cohort loader under fuzzing', () => {
  const seedDir = join(folder.dir, 'cohort-seed');
  simulateCohort({ outDir: seedDir, participants: 4, seed: 3, sfreqHz: 32, tminS: -0.1,
    tmaxS: 0.3 });
  const files = (dir: string): string[] => readdirSync(dir,
    { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
  const all = files(seedDir);
  const targets = ['participants.tsv', 'cohort.json',
    all.find((f) => f.endsWith('_beh.tsv'))!,
    all.find((f) => f.endsWith('_events.tsv'))!,
    all.find((f) => f.includes('eeg') && f.endsWith('.json'))!,
  ].filter((f) => f !== undefined && all.includes(f));
  const runs = Math.max(20, Math.round(RUNS / 3));

  it('has a seed cohort that loads', async () => {
    const cohort = await loadCohort(seedDir);
    expect(cohort.participants).toHaveLength(4);
  });

  for (const target of targets) {
    it(`${target}: ${runs} mutated files each load or give an InputError`, async () => {
      const dir = join(folder.dir, `cohort-${target.replace(/\W/g, '_')}`);
      cpSync(seedDir, dir, { recursive: true });
      const seed = new Uint8Array(readFileSync(join(seedDir, target)));
      const tally = newTally();
      await fc.assert(fc.asyncProperty(textMutation, async (mutation) => {
        writeFileSync(join(dir, target), mutation.apply(seed));
        await expectResolveOrInputError(tally, `${target}, ${mutation.describe}`, async () => {
          const cohort = await loadCohort(dir);
          // No silent drops: a participant whose file was damaged is loaded, or left out with
          // its reason; EEG that could not be read is a recorded problem.
          const participant = cohort.participants.find((p) => p.id === 'sub-01');
          const excluded = cohort.excludedParticipants.some((p) => p.id === 'sub-01');
          const problem = cohort.problems.some((p) => p.participantId === 'sub-01');
          if (target.startsWith('sub-01') && participant === undefined && !excluded) {
            throw new Error('sub-01 vanished without a recorded reason');
          }
          if (target.includes('eeg') && participant !== undefined && participant.epochs === null
            && !problem) {
            throw new Error("sub-01's EEG vanished without a recorded problem");
          }
        });
      }), { numRuns: runs, seed: 9 });
      report(`cohort ${target}`, tally);
      expect(tally.accepted + tally.refused).toBe(runs);
    });
  }

  it(`cohort.json: ${runs} wrong-typed, huge and empty values each load or give an InputError`,
    async () => {
      const dir = join(folder.dir, 'cohort-json');
      cpSync(seedDir, dir, { recursive: true });
      const document = JSON.parse(readFileSync(join(seedDir, 'cohort.json'), 'utf8')) as unknown;
      const tally = newTally();
      await fc.assert(fc.asyncProperty(jsonMutation(document), async (mutation) => {
        writeFileSync(join(dir, 'cohort.json'), JSON.stringify(mutation.document));
        await expectResolveOrInputError(tally, `cohort.json, ${mutation.describe}`,
          () => loadCohort(dir));
      }), { numRuns: runs, seed: 9 });
      report('cohort.json JSON', tally);
    });
});
