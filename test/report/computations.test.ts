import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rocFromScores } from '../../src/report/rocFromScores.js';
import { calibrationBins } from '../../src/report/calibrationBins.js';
import { interpolateTopography, inverseDistanceAt } from '../../src/report/topography.js';
import { rocBand, tprAtFpr } from '../../src/report/rocBand.js';
import { createRng } from '../../src/util/rng.js';
import type { ParticipantScore } from '../../src/report/types.js';

interface ReferenceCase {
  name: string;
  labels: number[];
  scores: number[];
  fpr: number[];
  tpr: number[];
  calibrationObserved: number[];
  calibrationPredicted: number[];
}

// Expected values: scikit-learn 1.9 roc_curve(drop_intermediate=False) and
// calibration_curve(n_bins=10, strategy='uniform'), made by
// test/fixtures/report/make_reference.py. Both compute ratios of small counts, so the only
// differences are floating-point rounding: 1e-12.
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/report/reference.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

function scoresOf(entry: ReferenceCase): ParticipantScore[] {
  return entry.scores.map((score, i) => ({
    participantId: `P${i}`,
    label: entry.labels[i] as 0 | 1,
    score,
  }));
}

describe('ROC points from out-of-fold scores', () => {
  for (const entry of reference.cases) {
    it(`match scikit-learn's roc_curve on the '${entry.name}' case`, () => {
      const curve = rocFromScores(scoresOf(entry))!;
      expect(curve.fpr.length).toBe(entry.fpr.length);
      curve.fpr.forEach((value, i) => expect(value).toBeCloseTo(entry.fpr[i]!, 12));
      curve.tpr.forEach((value, i) => expect(value).toBeCloseTo(entry.tpr[i]!, 12));
    });
  }

  it('is undefined when one class is empty', () => {
    expect(rocFromScores([{ participantId: 'a', label: 1, score: 0.3 }])).toBeUndefined();
  });
});

describe('calibration bins', () => {
  for (const entry of reference.cases) {
    it(`match scikit-learn's calibration_curve on the '${entry.name}' case`, () => {
      const bins = calibrationBins(scoresOf(entry), 10);
      expect(bins.map((bin) => bin.observedRate)).toHaveLength(entry.calibrationObserved.length);
      bins.forEach((bin, i) => {
        expect(bin.observedRate).toBeCloseTo(entry.calibrationObserved[i]!, 12);
        expect(bin.meanPredicted).toBeCloseTo(entry.calibrationPredicted[i]!, 12);
      });
      expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(entry.scores.length);
    });
  }

  it('refuses scores outside [0, 1]', () => {
    const outside = [{ participantId: 'a', label: 1 as const, score: 1.5 }];
    expect(() => calibrationBins(outside)).toThrow(/\[0, 1\]/);
  });
});

describe('inverse-distance topography', () => {
  const positions = [
    { channel: 'A', x: 0, y: 0.5 },
    { channel: 'B', x: -0.5, y: 0 },
    { channel: 'C', x: 0.5, y: -0.5 },
  ];
  const values = [2, -1, 4];

  it('agrees with a hand calculation of Shepard weights at (0, 0)', () => {
    // d = 0.5, 0.5, sqrt(0.5); w = 1/d^2 = 4, 4, 2; (8 - 4 + 8) / 10 = 1.2
    expect(inverseDistanceAt(0, 0, positions, values, 2)).toBeCloseTo(1.2, 12);
  });

  it('takes an electrode value exactly on the electrode', () => {
    expect(inverseDistanceAt(0.5, -0.5, positions, values, 2)).toBe(4);
  });

  it('stays between the smallest and largest electrode value and is NaN outside the head', () => {
    const grid = interpolateTopography(positions, values, { gridSize: 24 });
    let inside = 0;
    grid.value.forEach((value, i) => {
      const r = Math.hypot(grid.x[i]!, grid.y[i]!);
      if (r > grid.headRadius) {
        expect(value).toBeNaN();
        return;
      }
      inside++;
      expect(value).toBeGreaterThanOrEqual(-1);
      expect(value).toBeLessThanOrEqual(4);
    });
    // The head circle covers pi/4 of the square grid: 452 of 576 cells, give or take the rim.
    expect(inside).toBeGreaterThan(0.75 * 576);
    expect(inside).toBeLessThan(0.82 * 576);
    expect(grid.headRadius).toBeCloseTo(1.05 * Math.SQRT1_2, 12);
  });
});

describe('pointwise bootstrap ROC band', () => {
  it('reads the TPR of a curve by linear interpolation and the top of vertical steps', () => {
    const curve = { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1] };
    expect(tprAtFpr(curve, 0)).toBe(0.5);
    expect(tprAtFpr(curve, 0.25)).toBeCloseTo(0.75, 12);
    expect(tprAtFpr(curve, 1)).toBe(1);
  });

  it('brackets the sample curve at most FPRs and narrows as participants increase', () => {
    // Binormal scores with separation 1: with 400 vs 40 participants the band's mean width
    // should shrink by about sqrt(10) = 3.2; requiring a factor 2 leaves room for noise.
    const make = (n: number, seed: number): ParticipantScore[] => {
      const rng = createRng(seed);
      return Array.from({ length: n }, (_, i) => {
        const label = (i % 2) as 0 | 1;
        return { participantId: `P${i}`, label, score: rng.normal() + label };
      });
    };
    const width = (scores: ParticipantScore[]): number => {
      const band = rocBand(scores, { rng: createRng(5), replicates: 200 })!;
      const curve = rocFromScores(scores)!;
      const inside = band.fpr.filter((fpr, g) => {
        const tpr = tprAtFpr(curve, fpr);
        return tpr >= band.lower[g]! - 1e-12 && tpr <= band.upper[g]! + 1e-12;
      });
      expect(inside.length / band.fpr.length).toBeGreaterThan(0.9);
      const total = band.upper.reduce((sum, upper, g) => sum + upper - band.lower[g]!, 0);
      return total / band.fpr.length;
    };
    expect(width(make(40, 1)) / width(make(400, 2))).toBeGreaterThan(2);
  });

  it('gives the same band for the same seed', () => {
    const scores: ParticipantScore[] = Array.from({ length: 30 }, (_, i) => ({
      participantId: `P${i}`, label: (i % 3 === 0 ? 1 : 0) as 0 | 1, score: Math.sin(i),
    }));
    expect(rocBand(scores, { rng: createRng(9) })).toEqual(rocBand(scores, { rng: createRng(9) }));
  });
});
