/**
 * Properties every D-score must have by its definition (Greenwald et al. 2003): it is a
 * standardised difference, so it is unchanged when all latencies are shifted or scaled
 * (with no ceiling or floor to cross), and it changes sign when mappings A and B are swapped.
 * Tolerance 1e-9: shifting and scaling change rounding in the sums, nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreIat } from '../../../src/features/dscore/scoreIat.js';
import type { IatSession, IatTrial } from '../../../src/ingest/iat/types.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';
import { readIatFile } from '../../../src/ingest/iat/read.js';
import { scoreIatFile } from '../../../src/features/dscore/scoreFile.js';

const open = {
  ceilingMs: null, floorMs: 0, fastExclusion: { enabled: false, thresholdMs: 0, maxProportion: 1 },
};

const latencies = fc.array(fc.integer({ min: 300, max: 3000 }), { minLength: 4, maxLength: 12 });
const sessionArb = fc.tuple(latencies, latencies, latencies, latencies,
  fc.array(fc.boolean(), { minLength: 48, maxLength: 48 }))
  .map(([aP, aT, bP, bT, errors]) => {
    const trials: IatTrial[] = [];
    const add = (xs: number[], mapping: 'A' | 'B', phase: 'practice' | 'test'): void => {
      xs.forEach((latencyMs, trialIndex) => trials.push({
        participantId: 'p', mapping, phase, latencyMs, trialIndex, sourceRow: trials.length + 2,
        error: (errors[trials.length] as boolean) && trialIndex > 1,
      }));
    };
    add(aP, 'A', 'practice');
    add(aT, 'A', 'test');
    add(bP, 'B', 'practice');
    add(bT, 'B', 'test');
    return { participantId: 'p', trials } as IatSession;
  });

const map = (s: IatSession, f: (t: IatTrial) => IatTrial): IatSession =>
  ({ participantId: s.participantId, trials: s.trials.map(f) });

describe('D-score invariances (property-based)', () => {
  it('changes sign when mappings A and B are swapped', () => {
    fc.assert(fc.property(sessionArb, (s) => {
      const swapped = map(s, (t) => ({ ...t, mapping: t.mapping === 'A' ? 'B' : 'A' }));
      const a = scoreIat([s], open).participants[0]?.variants;
      const b = scoreIat([swapped], open).participants[0]?.variants;
      for (const v of ['D1', 'D3', 'D4'] as const) {
        const x = a?.[v]?.d;
        const y = b?.[v]?.d;
        if (x === null || x === undefined) expect(y ?? null).toBeNull();
        else expect(Math.abs(x + (y as number))).toBeLessThan(1e-9);
      }
    }), { numRuns: 200 });
  });

  it('is unchanged by scaling all latencies (D1, D3) and by shifting them (D1, D3, D4)', () => {
    fc.assert(fc.property(sessionArb, fc.double({ min: 0.5, max: 3, noNaN: true }),
      fc.integer({ min: -200, max: 2000 }), (s, scale, shift) => {
        const base = scoreIat([s], open).participants[0]?.variants;
        const scaled = scoreIat([map(s, (t) => ({ ...t, latencyMs: t.latencyMs * scale }))], open)
          .participants[0]?.variants;
        const shifted = scoreIat([map(s, (t) => ({ ...t, latencyMs: t.latencyMs + shift }))], open)
          .participants[0]?.variants;
        const close = (x: number | null | undefined, y: number | null | undefined): void => {
          if (x === null || x === undefined) expect(y ?? null).toBeNull();
          else expect(Math.abs(x - (y as number))).toBeLessThan(1e-9);
        };
        for (const v of ['D1', 'D3'] as const) close(base?.[v]?.d, scaled?.[v]?.d);
        for (const v of ['D1', 'D3', 'D4'] as const) close(base?.[v]?.d, shifted?.[v]?.d);
      }), { numRuns: 200 });
  });
});

describeShared(['iat', 'martin-gender-science', 'trials.csv'], 'streaming and in-memory', () => {
  it('give identical scores on a real file', async () => {
    const path = sharedPath('iat', 'martin-gender-science', 'trials.csv');
    const streamed = await scoreIatFile(path, [], { splitHalf: true });
    const inMemory = scoreIat(await readIatFile(path), { splitHalf: true });
    expect(streamed.participants).toEqual(inMemory.participants);
    expect(streamed.reliability).toEqual(inMemory.reliability);
  });
});
