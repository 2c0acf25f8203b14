import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../src/util/rng.js';
import { drawExGaussian, exGaussianMoments } from '../../src/simulate/exGaussian.js';
import {
  empiricalAuc,
  expectedPrevalence,
  interceptForPrevalence,
  populationBayesAuc,
  sigmoid,
} from '../../src/simulate/bayesAuc.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';
import { iatBlocks } from '../../src/simulate/iatDesign.js';
import {
  DEFAULT_POPULATION,
  drawParticipants,
  type ContrastName,
} from '../../src/simulate/participants.js';
import { DEFAULT_LATENCY, blockLatency, simulateIatTrials } from '../../src/simulate/iatTrials.js';
import { EIAT_STIMULI } from '../../src/simulate/stimuli.js';
import { DEFAULT_EEG, eegGeometry, simulateRecording } from '../../src/simulate/eeg.js';
import { standardMontage } from '../../src/simulate/montage.js';

const EFFECTS: Record<ContrastName, number> = {
  'rt.latency': 0.8,
  'rt.error': 0,
  'eeg.theta.Fz': 1,
  'erp.P3.Pz': 0,
};

describe('ex-Gaussian latencies', () => {
  it('have the mean, variance and third moment of the formula within sampling error', () => {
    // Formula: mean = mu + tau, var = sigma^2 + tau^2, m3 = 2 tau^3 (Heathcote et al. 1991).
    // n = 200,000: SE(mean) = sd / sqrt(n) ~ 0.5 ms; we allow 5 SE. The variance and third
    // moment are checked to 3 % and 8 % (their SEs at this n are about 0.7 % and 2.5 %).
    const params = { muMs: 600, sigmaMs: 90, tauMs: 200 };
    const rng = createRng(5);
    const n = 200_000;
    const draws = Float64Array.from({ length: n }, () => drawExGaussian(params, rng));
    const mean = draws.reduce((s, x) => s + x, 0) / n;
    let m2 = 0;
    let m3 = 0;
    for (const x of draws) {
      m2 += (x - mean) ** 2;
      m3 += (x - mean) ** 3;
    }
    const expected = exGaussianMoments(params);
    expect(Math.abs(mean - expected.mean)).toBeLessThan(5 * Math.sqrt(expected.variance / n));
    expect(Math.abs(m2 / n / expected.variance - 1)).toBeLessThan(0.03);
    expect(Math.abs(m3 / n / expected.thirdCentralMoment - 1)).toBeLessThan(0.08);
  });
});

describe('Bayes-optimal AUC', () => {
  it('from quadrature matches the empirical AUC of a large simulated population', () => {
    // Two ways: population quadrature vs Mann-Whitney AUC of p on 100,000 Bernoulli labels.
    // SE of an AUC near 0.8 at this n is about 0.0015 (Hanley & McNeil 1982); allow 0.006.
    const sdEta = Math.hypot(0.8, 1);
    const intercept = interceptForPrevalence(0.3, sdEta);
    const rng = createRng(9);
    const n = 100_000;
    const p = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = sigmoid(intercept + sdEta * rng.normal());
      y[i] = rng.uniform() < (p[i] as number) ? 1 : 0;
    }
    expect(Math.abs(empiricalAuc(p, y) - populationBayesAuc(intercept, sdEta))).toBeLessThan(0.006);
    expect(Math.abs(y.reduce((s, v) => s + v, 0) / n - 0.3)).toBeLessThan(0.006);
  });

  it('is 0.5 without signal and the intercept reproduces the asked prevalence', () => {
    expect(populationBayesAuc(0, 0)).toBe(0.5);
    const intercept = interceptForPrevalence(0.2, 1.5);
    expect(expectedPrevalence(intercept, 1.5)).toBeCloseTo(0.2, 8);
  });

  it('counts ties as one half (hand calculation)', () => {
    // scores 1,2,2,3 labels 0,1,0,1: pairs (pos, neg) = (2,1) 1, (2,2) .5, (3,1) 1, (3,2) 1.
    expect(empiricalAuc([1, 2, 2, 3], [0, 1, 0, 1])).toBeCloseTo(3.5 / 4, 12);
  });
});

describe('IAT design', () => {
  it('uses 20/20/20/40/40/20/40 blocks and swaps mappings for B-first participants', () => {
    const modern = iatBlocks('modern', 'A-first');
    expect(modern.map((b) => b.trialCount)).toEqual([20, 20, 20, 40, 40, 20, 40]);
    expect(iatBlocks('standard', 'A-first').map((b) => b.trialCount)).toEqual([20, 20, 20, 40, 20, 20, 40]);
    expect(iatBlocks('modern', 'B-first')[2]?.name).toBe('combined_B_practice');
    expect(modern[6]?.name).toBe('combined_B_test');
  });
});

describe('simulated behaviour', () => {
  it('reproduces the participant compatibility effect and error rates within sampling error', () => {
    // Regular mapping-B minus mapping-A test-block latencies of correct trials should differ by
    // the drawn compatibility effect (mu + tau shift = compatEffectMs): with 400 trials per
    // mapping and SD ~ 220 ms, SE of the difference ~ 16 ms; allow 5 SE = 80 ms.
    const rng = createRng(21);
    const { participants } = drawParticipants(10, { ...DEFAULT_POPULATION, fastResponderFraction: 0 },
      { effects: EFFECTS, prevalence: 0.5 }, rng.fork('p'));
    const participant = participants[0]!;
    const latency = { ...DEFAULT_LATENCY, anticipationRate: 0, lapseRate: 0 };
    const sums = { A: [0, 0], B: [0, 0] };
    let errors = { A: 0, B: 0 };
    let counts = { A: 0, B: 0 };
    for (let r = 0; r < 10; r++) {
      for (const t of simulateIatTrials(participant, 'modern', EIAT_STIMULI, latency, rng.fork(r))) {
        if (t.mapping === null) continue;
        counts[t.mapping]++;
        if (!t.correct) errors[t.mapping]++;
        else if (t.phase === 'test') {
          sums[t.mapping][0] += t.latencyMs;
          sums[t.mapping][1]++;
        }
      }
    }
    const meanA = sums.A[0]! / sums.A[1]!;
    const meanB = sums.B[0]! / sums.B[1]!;
    const blocks = iatBlocks('modern', participant.order);
    const expectA = blockLatency(participant, blocks.find((b) => b.name === 'combined_A_test')!, latency);
    expect(Math.abs(meanA - (expectA.muMs + expectA.tauMs))).toBeLessThan(60);
    expect(Math.abs(meanB - meanA - participant.compatEffectMs)).toBeLessThan(80);
    // Error rate: binomial SE with 600 trials and p ~ 0.1 is 0.012; allow 4 SE.
    expect(Math.abs(errors.A / counts.A - participant.errorRateA)).toBeLessThan(0.05);
    expect(Math.abs(errors.B / counts.B - participant.errorRateB)).toBeLessThan(0.05);
  });
});

/** Periodogram power at frequency f (Hz) of x, averaged over segments (direct DFT). */
function power(x: Float64Array, fs: number, f: number, segment: number): number {
  let total = 0;
  let count = 0;
  for (let start = 0; start + segment <= x.length; start += segment) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < segment; t++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / segment);
      re += w * (x[start + t] as number) * Math.cos((2 * Math.PI * f * t) / fs);
      im += w * (x[start + t] as number) * Math.sin((2 * Math.PI * f * t) / fs);
    }
    total += re * re + im * im;
    count++;
  }
  return total / count;
}

describe('simulated EEG', () => {
  const rng = createRng(4);
  const { participants } = drawParticipants(2, DEFAULT_POPULATION,
    { effects: EFFECTS, prevalence: 0.5 }, rng.fork('p'));
  const participant = participants[0]!;
  const trials = simulateIatTrials(participant, 'modern', EIAT_STIMULI, DEFAULT_LATENCY, rng.fork('t'));
  const params = { ...DEFAULT_EEG, blinkRatePerS: 0, noisyTrialRate: 0 };
  const geometry = eegGeometry(standardMontage(32), params);
  const recording = simulateRecording(participant, trials, geometry, params, rng.fork('e'));
  const channel = (name: string): Float64Array => {
    const c = recording.channelNames.indexOf(name);
    return recording.samples.subarray(c * recording.nSamples, (c + 1) * recording.nSamples);
  };

  it('has an alpha peak at the participant alpha frequency over occipital channels', () => {
    // A spectral peak: power at the alpha frequency is well above the 1/f floor on both sides.
    const fs = recording.sfreqHz;
    const oz = channel('O1');
    const peak = power(oz, fs, participant.alphaPeakHz, 256);
    expect(peak).toBeGreaterThan(3 * power(oz, fs, participant.alphaPeakHz - 4, 256));
    expect(peak).toBeGreaterThan(3 * power(oz, fs, participant.alphaPeakHz + 5, 256));
  });

  it('has a falling 1/f background (log-log slope between -2.5 and -0.5 from 2 to 30 Hz)', () => {
    const fz = channel('Fp1');
    const fs = recording.sfreqHz;
    const slope =
      (Math.log10(power(fz, fs, 30, 256)) - Math.log10(power(fz, fs, 2, 256))) / Math.log10(15);
    expect(slope).toBeLessThan(-0.5);
    expect(slope).toBeGreaterThan(-2.5);
  });

  it('correlates neighbouring channels more than distant ones', () => {
    const corr = (a: Float64Array, b: Float64Array): number => {
      let ab = 0, aa = 0, bb = 0;
      for (let i = 0; i < a.length; i++) {
        ab += a[i]! * b[i]!;
        aa += a[i]! * a[i]!;
        bb += b[i]! * b[i]!;
      }
      return ab / Math.sqrt(aa * bb);
    };
    expect(corr(channel('F3'), channel('Fz'))).toBeGreaterThan(corr(channel('F3'), channel('O2')) + 0.2);
  });
});

describe('simulateCohort', () => {
  it('writes byte-identical files for the same seed', () => {
    const a = mkdtempSync(join(tmpdir(), 'sim-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sim-b-'));
    try {
      const options = { participants: 4, seed: 7, channels: 32 as const, sfreqHz: 64 };
      const result = simulateCohort({ ...options, outDir: a });
      simulateCohort({ ...options, outDir: b });
      expect(result.files.length).toBeGreaterThan(10);
      for (const file of result.files) {
        const relative = file.slice(a.length);
        expect(readFileSync(join(b, relative)).equals(readFileSync(file))).toBe(true);
      }
      const truth = JSON.parse(readFileSync(join(a, 'truth.json'), 'utf8'));
      expect(truth.relevantFeatures).toEqual(['rt.latency', 'eeg.theta.Fz']);
      expect(readdirSync(join(a, 'sub-01'))).toEqual(['beh', 'eeg']);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it('writes the requested class imbalance into the labels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-i-'));
    try {
      const result = simulateCohort({ outDir: dir, participants: 200, seed: 3, eeg: 'none', prevalence: 0.2 });
      // Binomial SE of a share near 0.2 with n = 200 is 0.028; allow 4 SE.
      expect(Math.abs(result.truth.labels.binary.prevalenceObserved - 0.2)).toBeLessThan(0.11);
      // The sample Bayes AUC (200 labels) is near the population value: SE ~ 0.035.
      const auc = result.truth.bayesOptimalAuc;
      expect(Math.abs(auc.sample - auc.population)).toBeLessThan(0.14);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
