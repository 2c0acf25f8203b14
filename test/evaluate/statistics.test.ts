/**
 * The statistics of src/evaluate against reference values in
 * test/fixtures/evaluate/reference.json, made by make_reference.py beside it with
 * scikit-learn (AUC), a direct O(n^2) DeLong in numpy, scipy (BCa, normal quantiles) and
 * statsmodels (q-values). Every quantity is deterministic given its inputs, so the tolerance
 * is 1e-10 unless a comment says otherwise.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auc, midranks } from '../../src/evaluate/auc.js';
import { delong, delongFromKernel } from '../../src/evaluate/delong.js';
import { bcaInterval, percentileInterval } from '../../src/evaluate/intervals.js';
import { kernelResampler, scoreResampler, stratifiedBootstrap } from '../../src/evaluate/bootstrap.js';
import { benjaminiHochberg, benjaminiYekutieli, fcrAdjustedLevel, permutationPValue }
  from '../../src/evaluate/multiplicity.js';
import { normalCdf, normalQuantile } from '../../src/evaluate/normal.js';
import { createRng } from '../../src/util/rng.js';

interface AucCase { name: string; scores: number[]; labels: number[]; auc: number;
  delongVariance: number }
interface BcaCase { name: string; positives: number[]; negatives: number[]; level: number;
  bootstrap: number[]; auc: number; acceleration: number | null; alpha1: number | null;
  alpha2: number | null; bca: [number, number] | null; percentile: [number, number] }
interface Reference {
  auc: AucCase[]; bca: BcaCase[]; qvalues: { p: number[]; bh: number[]; by: number[] }[];
  normal: { z: number[]; cdf: number[]; p: number[]; quantile: number[] };
}

const reference = JSON.parse(readFileSync(
  new URL('../fixtures/evaluate/reference.json', import.meta.url), 'utf8')) as Reference;

describe('normal distribution (scipy.special.ndtr / ndtri)', () => {
  it('matches ndtr to 1e-12 relative, tails included', () => {
    reference.normal.z.forEach((z, i) => {
      const expected = reference.normal.cdf[i]!;
      expect(Math.abs(normalCdf(z) - expected) / expected).toBeLessThan(1e-12);
    });
  });

  it('matches ndtri to 1e-12 relative, or 1e-15 absolute near the median', () => {
    reference.normal.p.forEach((p, i) => {
      const expected = reference.normal.quantile[i]!;
      const error = Math.abs(normalQuantile(p) - expected);
      const relative = expected === 0 ? error : error / Math.abs(expected);
      expect(Math.min(relative, error)).toBeLessThan(1e-12);
    });
  });
});

describe('AUC and DeLong standard error', () => {
  it('gives tied values the mean of their ranks', () => {
    // Hand calculation: 3 < 5 = 5 < 7 -> ranks 1, 2.5, 2.5, 4.
    expect(Array.from(midranks([5, 3, 7, 5]))).toEqual([2.5, 1, 4, 2.5]);
  });

  for (const item of reference.auc) {
    it(`matches sklearn roc_auc_score on ${item.name} (exact rational, 1e-12)`, () => {
      expect(Math.abs(auc(item.scores, item.labels) - item.auc)).toBeLessThan(1e-12);
    });

    it(`matches the direct O(n^2) DeLong variance on ${item.name} (1e-12)`, () => {
      const result = delong(item.scores, item.labels);
      expect(Math.abs(result.auc - item.auc)).toBeLessThan(1e-12);
      expect(Math.abs(result.variance - item.delongVariance)).toBeLessThan(1e-12);
    });
  }

  it('never flips the direction: reversed scores give 1 - AUC', () => {
    const item = reference.auc[1]!;
    const reversed = item.scores.map((s) => -s);
    expect(auc(reversed, item.labels)).toBeCloseTo(1 - item.auc, 12);
  });

  it('gives the same DeLong variance from the pair kernel H(x - y) as from the scores', () => {
    const item = reference.auc[0]!;
    const pos = item.scores.filter((_, i) => item.labels[i] === 1);
    const neg = item.scores.filter((_, i) => item.labels[i] === 0);
    const kernel = new Float64Array(pos.length * neg.length);
    pos.forEach((x, i) => neg.forEach((y, j) => {
      kernel[i * neg.length + j] = x > y ? 1 : x === y ? 0.5 : 0;
    }));
    const fromKernel = delongFromKernel(kernel, pos.length, neg.length);
    expect(Math.abs(fromKernel.variance - item.delongVariance)).toBeLessThan(1e-12);
  });

  it('rejects labels other than 0 and 1, naming the label', () => {
    expect(() => auc([1, 2, 3], [0, 1, 2])).toThrow(/label 2 is 2; expected 0 or 1/);
  });
});

describe('bootstrap intervals (scipy.stats.bootstrap BCa logic on the same replicates)', () => {
  for (const item of reference.bca) {
    it(`percentile and BCa on ${item.name} match scipy to 1e-10`, () => {
      const resampler = scoreResampler(Float64Array.from(item.positives),
        Float64Array.from(item.negatives));
      expect(Math.abs(resampler.estimate - item.auc)).toBeLessThan(1e-12);
      const replicates = Float64Array.from(item.bootstrap);
      const percentile = percentileInterval(replicates, item.level);
      expect(Math.abs(percentile[0] - item.percentile[0])).toBeLessThan(1e-10);
      expect(Math.abs(percentile[1] - item.percentile[1])).toBeLessThan(1e-10);

      const jackknife = resampler.jackknife();
      const result = bcaInterval(item.auc, replicates,
        [jackknife.positives, jackknife.negatives], item.level);
      if (item.bca === null) {
        // scipy returns NaN here; we say why and the engine falls back to the percentile.
        expect(result.interval).toBeNull();
        expect(result.undefinedReason).toMatch(/jackknife values do not vary/);
        return;
      }
      expect(Math.abs(result.acceleration - item.acceleration!)).toBeLessThan(1e-10);
      expect(Math.abs(result.alphaLower - item.alpha1!)).toBeLessThan(1e-10);
      expect(Math.abs(result.alphaUpper - item.alpha2!)).toBeLessThan(1e-10);
      expect(Math.abs(result.interval![0] - item.bca[0])).toBeLessThan(1e-10);
      expect(Math.abs(result.interval![1] - item.bca[1])).toBeLessThan(1e-10);
    });
  }

  it('resamples a score AUC exactly as recomputing the AUC of the resampled data', () => {
    // Reference: the definition, evaluated directly on the expanded resample.
    const item = reference.bca[1]!;
    const pos = Float64Array.from(item.positives);
    const neg = Float64Array.from(item.negatives);
    const fast = scoreResampler(pos, neg);
    const rng = createRng(7);
    for (let trial = 0; trial < 20; trial++) {
      const pc = new Float64Array(pos.length);
      const nc = new Float64Array(neg.length);
      for (let k = 0; k < pos.length; k++) pc[rng.int(pos.length)]! += 1;
      for (let k = 0; k < neg.length; k++) nc[rng.int(neg.length)]! += 1;
      let direct = 0;
      pos.forEach((x, i) => neg.forEach((y, j) => {
        direct += pc[i]! * nc[j]! * (x > y ? 1 : x === y ? 0.5 : 0);
      }));
      direct /= pos.length * neg.length;
      expect(Math.abs(fast.resampled(pc, nc) - direct)).toBeLessThan(1e-12);
    }
  });

  it('gives the same bootstrap from the pair kernel as from the scores, for one seed', () => {
    const item = reference.bca[0]!;
    const pos = Float64Array.from(item.positives);
    const neg = Float64Array.from(item.negatives);
    const kernel = new Float64Array(pos.length * neg.length);
    pos.forEach((x, i) => neg.forEach((y, j) => {
      kernel[i * neg.length + j] = x > y ? 1 : x === y ? 0.5 : 0;
    }));
    const a = stratifiedBootstrap(scoreResampler(pos, neg), 300, createRng(3));
    const b = stratifiedBootstrap(kernelResampler(kernel, pos.length, neg.length), 300,
      createRng(3));
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(1e-12);
  });

  it('brackets the scipy percentile interval within Monte Carlo error (2,000 replicates)', () => {
    // Different random resamples than scipy's: the endpoints agree to about 0.02 AUC.
    const item = reference.bca[0]!;
    const resampler = scoreResampler(Float64Array.from(item.positives),
      Float64Array.from(item.negatives));
    const ours = percentileInterval(stratifiedBootstrap(resampler, 2000, createRng(11)), 0.95);
    expect(Math.abs(ours[0] - item.percentile[0])).toBeLessThan(0.02);
    expect(Math.abs(ours[1] - item.percentile[1])).toBeLessThan(0.02);
  });
});

describe('multiplicity (statsmodels multipletests)', () => {
  reference.qvalues.forEach((item, index) => {
    it(`BH and BY q-values match fdr_bh / fdr_by on set ${index} (1e-12)`, () => {
      const bh = benjaminiHochberg(item.p);
      const by = benjaminiYekutieli(item.p);
      item.bh.forEach((q, i) => expect(Math.abs(bh[i]! - q)).toBeLessThan(1e-12));
      item.by.forEach((q, i) => expect(Math.abs(by[i]! - q)).toBeLessThan(1e-12));
    });
  });

  it('gives the FCR level 1 - R q / m of Benjamini & Yekutieli 2005', () => {
    // Hand calculation: 3 of 24 selected at q = 0.05 -> 1 - 0.15 / 24 = 0.99375.
    expect(fcrAdjustedLevel(3, 24, 0.05)).toBeCloseTo(0.99375, 15);
    expect(fcrAdjustedLevel(0, 24, 0.05)).toBeNull();
  });

  it('counts ties with the observed statistic in p = (b + 1) / (P + 1)', () => {
    // Hand calculation: 2 of 4 permuted AUCs >= 0.7 -> (2 + 1) / (4 + 1).
    expect(permutationPValue(0.7, [0.5, 0.7, 0.9, 0.2]).p).toBeCloseTo(0.6, 15);
  });
});
