import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from '../../src/util/rng.js';
import { csvCell, toCsv } from '../../src/util/csv.js';
import { InputError } from '../../src/util/errors.js';

describe('seeded rng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const drawsA = Array.from({ length: 5 }, () => a.uniform());
    const drawsB = Array.from({ length: 5 }, () => b.uniform());
    const drawsC = Array.from({ length: 5 }, () => c.uniform());
    expect(drawsA).toEqual(drawsB);
    expect(drawsA).not.toEqual(drawsC);
  });

  it('forks streams that do not depend on draws made before the fork', () => {
    const a = createRng(3);
    a.uniform();
    const b = createRng(3);
    expect(a.fork('fold-1').uniform()).toBe(b.fork('fold-1').uniform());
    expect(a.fork('fold-1').uniform()).not.toBe(a.fork('fold-2').uniform());
  });

  it('draws normals with mean 0 and variance 1 within sampling error', () => {
    // 200,000 draws: the standard error of the mean is 1/sqrt(n) = 0.0022, of the variance
    // sqrt(2/n) = 0.0032; 5 standard errors leaves a false-failure chance below 1e-6.
    const rng = createRng(11);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      sumSquares += x * x;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(5 * 0.0022);
    expect(Math.abs(sumSquares / n - mean * mean - 1)).toBeLessThan(5 * 0.0032);
  });

  it('shuffles into a permutation of the input', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], createRng(1));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });
});

describe('csv output', () => {
  it('neutralises cells that a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('keeps negative numbers as numbers', () => {
    expect(csvCell(-0.42)).toBe('-0.42');
    expect(csvCell('-0.42')).toBe('-0.42');
    expect(toCsv(['id', 'D'], [['p1', -1.5]])).toBe('id,D\np1,-1.5\n');
  });
});

describe('input errors', () => {
  it('name the file, row and field before the problem', () => {
    const error = new InputError("expected a number, found 'abc'", {
      file: 'trials.csv',
      row: 12,
      field: 'latency',
    });
    expect(error.message).toBe("trials.csv, row 12, field 'latency': expected a number, found 'abc'");
  });
});
