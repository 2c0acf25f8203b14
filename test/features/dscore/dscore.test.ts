/**
 * D-score cleaning and scoring rules on small hand-made sessions. Every expected number is a
 * hand calculation from Greenwald, Nosek & Banaji (2003), Table 4 (shown inline), or the
 * identity "D-score = contrast of the cleaned latencies" that later stages rely on.
 */
import { describe, expect, it } from 'vitest';
import { cleanCompact, cleanSession } from '../../../src/features/dscore/clean.js';
import { compactSession } from '../../../src/features/dscore/compact.js';
import { normalQuantile } from '../../../src/features/dscore/gscore.js';
import { contrastScore, contrastTrialsOf } from '../../../src/features/contrast.js';
import {
  flattenScore, resolveDScoreOptions, scoreIat,
} from '../../../src/features/dscore/scoreIat.js';
import type { IatSession, IatTrial, Mapping, Phase } from '../../../src/ingest/iat/types.js';

type Spec = [Mapping, Phase, number, boolean?];

function session(id: string, specs: Spec[]): IatSession {
  const position = new Map<string, number>();
  const trials: IatTrial[] = specs.map(([mapping, phase, latencyMs, error], i) => {
    const key = mapping + phase;
    const trialIndex = position.get(key) ?? 0;
    position.set(key, trialIndex + 1);
    return { participantId: id, mapping, phase, latencyMs, error: error ?? false, trialIndex,
      sourceRow: i + 2 };
  });
  return { participantId: id, trials };
}

/** A session with every block given by its latencies (errors flagged with a negative sign). */
function blocks(id: string, aP: number[], aT: number[], bP: number[], bT: number[]): IatSession {
  const spec = (mapping: Mapping, phase: Phase, xs: number[]): Spec[] =>
    xs.map((x) => [mapping, phase, Math.abs(x), x < 0]);
  return session(id, [...spec('A', 'practice', aP), ...spec('A', 'test', aT),
    ...spec('B', 'practice', bP), ...spec('B', 'test', bT)]);
}

const noFast = { fastExclusion: { enabled: false, thresholdMs: 300, maxProportion: 0.1 } };

describe('D-score cleaning', () => {
  it('deletes latencies above the 10,000 ms ceiling for every variant', () => {
    const s = blocks('p', [500, 10_001, 600], [500, 700], [800, 900], [900, 1000]);
    for (const variant of ['D1', 'D4'] as const) {
      const cleaned = cleanCompact(compactSession(s), variant);
      expect(cleaned.deletedOverCeiling).toBe(1);
      expect(cleaned.length).toBe(8);
    }
  });

  it('deletes < 400 ms only for D2, D5 and D6, before replacing errors', () => {
    // A practice: correct 350 (deleted for D6), 500, 700; error 900.
    // D6: mean of remaining correct = (500 + 700) / 2 = 600 -> error becomes 1200.
    // D4 keeps 350: mean = (350 + 500 + 700) / 3 = 516.67 -> error becomes 1116.67.
    const s = blocks('p', [350, 500, 700, -900], [500, 700], [800, 900], [900, 1000]);
    const d6 = cleanSession(s, 'D6');
    const d4 = cleanSession(s, 'D4');
    const errorOf = (c: typeof d6): number =>
      (c.trials.find((t) => t.trial.error) as { cleanedLatencyMs: number }).cleanedLatencyMs;
    expect(d6.cleaned.deletedUnderFloor).toBe(1);
    expect(errorOf(d6)).toBeCloseTo(1200, 10);
    expect(errorOf(d4)).toBeCloseTo(1550 / 3 + 600, 10);
    expect(cleanSession(s, 'D1').trials.map((t) => t.cleanedLatencyMs)).toContain(350);
  });

  it('replaces D3 errors by the block mean of correct trials plus 2 SD (n - 1)', () => {
    // correct 500, 700: mean 600, SD = sqrt(((-100)^2 + 100^2) / 1) = 141.42 -> 882.84.
    const s = blocks('p', [500, 700, -2000], [500, 700], [800, 900], [900, 1000]);
    const d3 = cleanSession(s, 'D3');
    const replaced = d3.trials.find((t) => t.trial.error) as { cleanedLatencyMs: number };
    expect(replaced.cleanedLatencyMs).toBeCloseTo(600 + 2 * Math.sqrt(20_000), 10);
    expect(d3.cleaned.replacedErrors).toBe(1);
  });

  it('reports a block whose error replacement is undefined and does not score it', () => {
    const s = blocks('p', [500, -700, -900], [500, 700], [800, 900], [900, 1000]);
    const report = scoreIat([s], { ...noFast, variants: ['D3', 'D1'] });
    const p = report.participants[0];
    expect(p?.variants.D3?.practice).toBeNull();
    expect(p?.variants.D3?.d).toBeNull();
    expect(p?.variants.D3?.test).not.toBeNull();
    expect(p?.variants.D3?.reason).toMatch(/A practice has 1 correct trial/);
    expect(p?.variants.D1?.d).not.toBeNull();
  });

  it('keys each kept trial to its IatTrial and cleaned latency', () => {
    const s = blocks('p', [500, 600], [500, 700], [800, 12_000, 900], [900, 1000]);
    const { trials } = cleanSession(s, 'D1');
    expect(trials).toHaveLength(8);
    expect(trials.every((t) => s.trials.includes(t.trial))).toBe(true);
    expect(trials.map((t) => t.trial.latencyMs)).not.toContain(12_000);
  });
});

describe('D-score', () => {
  const s = blocks('p', [620, 540, -1500, 700, 380], [600, 650, 580, -1200, 610, 700],
    [900, 1000, 850, -2100, 950], [880, 990, 1020, 930, 870, 1500]);

  it('equals the generic contrast of the cleaned latencies, exactly, for every variant', () => {
    const report = scoreIat([s], noFast);
    for (const variant of ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'] as const) {
      const { trials } = cleanSession(s, variant);
      const contrast = contrastScore(contrastTrialsOf(trials.map((t) => t.trial),
        trials.map((t) => t.cleanedLatencyMs)));
      expect(report.participants[0]?.variants[variant]?.d).toBe(contrast.d);
      expect(report.participants[0]?.variants[variant]?.practice).toBe(contrast.practice.d);
    }
  });

  it('matches a hand calculation of D1 (practice and test halves)', () => {
    // practice A {620,540,1500,700,380} B {900,1000,850,2100,950}; test A {600,650,580,1200,
    // 610,700} B {880,990,1020,930,870,1500}; D = (B - A) / inclusive SD per phase, averaged.
    const sd = (xs: number[]): number => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    };
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const pA = [620, 540, 1500, 700, 380];
    const pB = [900, 1000, 850, 2100, 950];
    const tA = [600, 650, 580, 1200, 610, 700];
    const tB = [880, 990, 1020, 930, 870, 1500];
    const dp = (mean(pB) - mean(pA)) / sd([...pA, ...pB]);
    const dt = (mean(tB) - mean(tA)) / sd([...tA, ...tB]);
    const p = scoreIat([s], noFast).participants[0];
    expect(p?.variants.D1?.practice).toBeCloseTo(dp, 12);
    expect(p?.variants.D1?.test).toBeCloseTo(dt, 12);
    expect(p?.variants.D1?.d).toBeCloseTo((dp + dt) / 2, 12);
  });

  it('excludes a participant with more than 10% of trials under 300 ms, and counts it', () => {
    const fast = blocks('fast', [250, 260, 700, 800], [600, 700, 650], [250, 900], [900, 950, 990]);
    const report = scoreIat([fast, s]);
    const p = report.participants[0];
    expect(p?.excluded).toBe(true);
    expect(p?.counts.underFastThreshold).toBe(3);
    expect(p?.variants.D1?.d).toBeNull();
    expect(report.exclusions).toEqual([
      expect.objectContaining({ level: 'participant', participantId: 'fast', count: 1 }),
    ]);
    const kept = scoreIat([fast], noFast).participants[0];
    expect(kept?.excluded).toBe(false);
    expect(kept?.variants.D1?.d).not.toBeNull();
  });

  it('excludes a participant missing a combined block, naming the block', () => {
    const missing = blocks('m', [500, 600], [500, 700], [800, 900], []);
    const p = scoreIat([missing], noFast).participants[0];
    expect(p?.excluded).toBe(true);
    expect(p?.reasons).toContain('no trials in combined block B test');
  });

  it('flattens to records with null, never NaN', () => {
    const short = blocks('x', [500], [500, 700], [800, 900], [900, 1000]);
    const options = resolveDScoreOptions(noFast);
    const record = flattenScore(scoreIat([short], options).participants[0]!, options);
    expect(record.D1).toBeNull();
    expect(record.D1_practice).toBeNull();
    expect(typeof record.D1_test).toBe('number');
    expect(Object.values(record).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
  });

  it('rejects unknown variants and bad option values', () => {
    expect(() => resolveDScoreOptions({ variants: ['D7' as 'D1'] })).toThrow(/unknown D-score/);
    expect(() => resolveDScoreOptions({ winsorize: 0.6 })).toThrow(/proportion/);
  });
});

describe('robust options (Richetin et al. 2015)', () => {
  it('computes the G-score from normal quantiles of ranks within each phase', () => {
    // practice A {1,2}, B {3,4}: ranks 1-4 -> probit(.125), probit(.375), probit(.625),
    // probit(.875) = -1.150349, -0.318639, 0.318639, 1.150349; G = 0.734494 - (-0.734494).
    const s = blocks('g', [1, 2], [10, 20], [3, 4], [30, 40]);
    const v = scoreIat([s], { ...noFast, gScore: true, ceilingMs: null, variants: ['D1'] })
      .participants[0]?.variants.D1;
    // Quantiles from R's qnorm; Acklam's approximation is good to ~1e-9 relative.
    expect(v?.gPractice).toBeCloseTo(1.1503493803760083 + 0.3186393639643752, 8);
    expect(v?.g).toBeCloseTo(v?.gPractice as number, 12);
  });

  it('computes normal quantiles to 1e-9 (reference values from R qnorm)', () => {
    const cases: Array<[number, number]> = [[0.975, 1.959963984540054], [0.5, 0],
      [0.01, -2.326347874040841], [1e-6, -4.753424308822899], [0.3, -0.5244005127080407]];
    for (const [p, q] of cases) expect(Math.abs(normalQuantile(p) - q)).toBeLessThan(1e-8);
  });

  it('winsorises each block at the given tail proportion', () => {
    // 10 trials per block, p = 0.1: k = 1, the smallest becomes the 2nd smallest and the
    // largest the 2nd largest.
    const block = [100, 500, 510, 520, 530, 540, 550, 560, 570, 5000];
    const s = blocks('w', block, block, block.map((x) => x + 100), block.map((x) => x + 100));
    const cleaned = cleanCompact(compactSession(s), 'D1', { winsorize: 0.1 });
    const aPractice = [...cleaned.latencyMs.slice(0, 10)];
    expect(Math.min(...aPractice)).toBe(500);
    expect(Math.max(...aPractice)).toBe(570);
  });

  it('scores all four blocks as one contrast when phases are pooled', () => {
    const s = blocks('q', [500, 600], [550, 650], [700, 800], [750, 850]);
    const p = scoreIat([s], { ...noFast, phases: 'pooled', variants: ['D1'] }).participants[0];
    // A {500,600,550,650} mean 575; B {700,800,750,850} mean 775; grand mean 675;
    // squares 30625+5625+15625+625+625+15625+5625+30625 = 105000; SD = sqrt(105000/7).
    expect(p?.variants.D1?.d).toBeCloseTo(200 / Math.sqrt(105_000 / 7), 12);
    expect(p?.variants.D1?.practice).toBeNull();
  });

  it('reports split-half reliability with the Spearman-Brown correction 2r/(1+r)', () => {
    // Odd and even trials of each block are identical, so both halves give the same D for
    // every participant: r = 1 and the corrected reliability is 1.
    const people = [0, 1, 2, 3, 4].map((k) => {
      const a = [500, 500, 600, 600, 550, 550];
      const b = a.map((x, i) => x + 50 * k + (i < 2 ? 0 : 30 * k));
      return blocks(`s${k}`, a, a, b, b);
    });
    const report = scoreIat(people, { ...noFast, splitHalf: true, variants: ['D1'] });
    expect(report.reliability?.[0]?.n).toBe(5);
    expect(report.reliability?.[0]?.r).toBeCloseTo(1, 12);
    expect(report.reliability?.[0]?.spearmanBrown).toBeCloseTo(1, 12);
  });
});
