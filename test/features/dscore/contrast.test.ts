/**
 * The generic B-minus-A contrast and the D-score built on it. Expected numbers are hand
 * calculations from the definitions in Greenwald, Nosek & Banaji (2003) (shown inline);
 * tolerance 1e-12 covers double rounding of a handful of operations.
 */
import { describe, expect, it } from 'vitest';
import { contrastScore, contrastTrialsOf, pooledContrast } from '../../../src/features/contrast.js';
import type { ContrastTrials } from '../../../src/features/contrast.js';

const EPS = 1e-12;

function trials(
  practiceA: number[], practiceB: number[], testA: number[], testB: number[],
): ContrastTrials {
  const values = [...practiceA, ...practiceB, ...testA, ...testB];
  const isMappingB = [...practiceA.map(() => 0), ...practiceB.map(() => 1),
    ...testA.map(() => 0), ...testB.map(() => 1)];
  const isTest = [...practiceA.map(() => 0), ...practiceB.map(() => 0),
    ...testA.map(() => 1), ...testB.map(() => 1)];
  return { values: Float64Array.from(values), isMappingB: Uint8Array.from(isMappingB),
    isTest: Uint8Array.from(isTest) };
}

describe('contrastScore', () => {
  it('divides the B-minus-A mean difference by the inclusive SD of each phase', () => {
    // practice: A {1,3}, B {5,7}: mean 4, squares 9+1+1+9 = 20, SD = sqrt(20/3), d = 4/SD.
    // test: A {2,4,6}, B {4,6,8}: mean 5, squares 9+1+1+1+1+9 = 22, SD = sqrt(22/5), d = 2/SD.
    const result = contrastScore(trials([1, 3], [5, 7], [2, 4, 6], [4, 6, 8]));
    const practice = 4 / Math.sqrt(20 / 3);
    const test = 2 / Math.sqrt(22 / 5);
    expect(result.practice.d).toBeCloseTo(practice, 12);
    expect(result.test.d).toBeCloseTo(test, 12);
    expect(Math.abs((result.d as number) - (practice + test) / 2)).toBeLessThan(EPS);
    expect(result.practice.sdInclusive).toBeCloseTo(Math.sqrt(20 / 3), 12);
  });

  it('gives the standard error sqrt(1/nA + 1/nB + d^2 / (2(n-1))) per phase', () => {
    const result = contrastScore(trials([1, 3], [5, 7], [2, 4, 6], [4, 6, 8]));
    const dp = result.practice.d as number;
    const dt = result.test.d as number;
    const sep = Math.sqrt(1 / 2 + 1 / 2 + (dp * dp) / (2 * 3));
    const set = Math.sqrt(1 / 3 + 1 / 3 + (dt * dt) / (2 * 5));
    expect(result.practice.se).toBeCloseTo(sep, 12);
    expect(result.se).toBeCloseTo(Math.sqrt(sep * sep + set * set) / 2, 12);
  });

  it('is positive when mapping B is slower and flips sign when A and B swap', () => {
    const slowerB = contrastScore(trials([500, 600], [800, 900], [500, 550], [700, 750]));
    const slowerA = contrastScore(trials([800, 900], [500, 600], [700, 750], [500, 550]));
    expect(slowerB.d).toBeGreaterThan(0);
    expect(slowerA.d).toBeCloseTo(-(slowerB.d as number), 12);
  });

  it('returns null with a reason, never NaN, when a block has fewer than 2 trials', () => {
    const result = contrastScore(trials([1, 3], [5], [2, 4], [4, 6]));
    expect(result.practice.d).toBeNull();
    expect(result.practice.reason).toMatch(/practice: block of mapping B \(1\)/);
    expect(result.test.d).not.toBeNull();
    expect(result.d).toBeNull();
    expect(result.reason).toMatch(/fewer than 2 trials/);
  });

  it('returns null when the inclusive SD is zero', () => {
    const result = contrastScore(trials([5, 5], [5, 5], [1, 2], [3, 4]));
    expect(result.practice.d).toBeNull();
    expect(result.practice.reason).toMatch(/SD is 0/);
  });

  it('pools both phases into one contrast when asked (no practice/test distinction)', () => {
    // all A {1,3,2,4,6} mean 3.2; all B {5,7,4,6,8} mean 6; grand mean 4.6;
    // squares: 12.96+2.56+6.76+0.36+1.96+0.16+5.76+0.36+1.96+11.56 = 44.4; SD = sqrt(44.4/9).
    const pooled = pooledContrast(trials([1, 3], [5, 7], [2, 4, 6], [4, 6, 8]));
    expect(pooled.d).toBeCloseTo((6 - 3.2) / Math.sqrt(44.4 / 9), 12);
  });

  it('builds its inputs from records that carry mapping and phase', () => {
    const records = [
      { mapping: 'A' as const, phase: 'practice' as const },
      { mapping: 'B' as const, phase: 'test' as const },
    ];
    const built = contrastTrialsOf(records, [10, 20]);
    expect(Array.from(built.isMappingB)).toEqual([0, 1]);
    expect(Array.from(built.isTest)).toEqual([0, 1]);
    expect(() => contrastTrialsOf(records, [1])).toThrow(/1 values for 2 trials/);
  });
});
