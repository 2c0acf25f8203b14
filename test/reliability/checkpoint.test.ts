/**
 * The study checkpoint file: values come back bit-identical (typed arrays, NaN, infinities),
 * and a damaged or foreign file is refused with an InputError, never resumed from: fuzzed
 * with truncations, bit flips and overwritten bytes, every case either gives an InputError or
 * reads back exactly the entries that were saved.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/evaluate/checkpoint.js';
import {
  byteMutation, expectReturnOrInputError, newTally, report, RUNS, scratch,
} from './fuzz.js';

const folder = scratch();
afterAll(() => folder.remove());
const DESIGN = 'a'.repeat(64);

const entries: Record<string, unknown> = {
  'cv|t|c|lda': { outOfFold: { kind: 'pooled', scores: Float64Array.from([0.1, NaN, -0, 1e-310]),
    repeatScores: [Float64Array.from([Infinity, -Infinity])], pairs: null }, elapsedMs: 12.5 },
  'permutations|t|c|lda|0-3': { aucs: Float64Array.from([0.5, 0.25, 0.75]), elapsedMs: 3 },
  'cv|t|c|pairs': { positives: Int32Array.from([0, 2]), ratio: NaN },
};

/** Bytes of a float64 array, for comparisons that see NaN, -0 and denormals exactly. */
const bytesOf = (value: unknown): unknown => JSON.stringify(value, (_, v: unknown) =>
  (v instanceof Float64Array || v instanceof Int32Array
    ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
    : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));

describe('study checkpoint file', () => {
  const path = join(folder.dir, 'results.json.checkpoint.json');
  const writer = openCheckpoint(path, DESIGN, { resume: false });
  for (const [key, value] of Object.entries(entries)) writer.save(key, value);
  const seed = new Uint8Array(readFileSync(path));

  it('gives back every saved value bit for bit', () => {
    const reader = openCheckpoint(path, DESIGN, { resume: true });
    expect(reader.resumed).toBe(3);
    for (const [key, value] of Object.entries(entries)) {
      expect(bytesOf(reader.load(key))).toBe(bytesOf(value));
    }
    expect(reader.load('cv|other')).toBeUndefined();
  });

  it('refuses a checkpoint of another design', () => {
    expect(() => openCheckpoint(path, 'b'.repeat(64), { resume: true }))
      .toThrow(/belongs to another study design/);
  });

  it(`${RUNS} damaged checkpoints each give an InputError or the saved entries exactly`, () => {
    const tally = newTally();
    fc.assert(fc.property(byteMutation, (mutation) => {
      writeFileSync(path, mutation.apply(seed));
      expectReturnOrInputError(tally, `checkpoint, ${mutation.describe}`, () => {
        const reader = openCheckpoint(path, DESIGN, { resume: true });
        for (const [key, value] of Object.entries(entries)) {
          if (bytesOf(reader.load(key)) !== bytesOf(value)) {
            throw new Error(`entry ${key} came back changed`);
          }
        }
      });
    }), { numRuns: RUNS, seed: 9 });
    report('checkpoint file', tally);
  });
});
