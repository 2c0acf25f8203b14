/**
 * The WebAssembly SIMD kernel (src/model/wasm/meanFieldKernel.wat): the committed binary is
 * the compiled source; the float32 products equal plain float64 loops to float32 rounding;
 * the float64 reparameterisation, gradient reduction and Adam step equal the scalar
 * JavaScript they replace bit for bit (same operations in the same order, and WebAssembly
 * float64 arithmetic is IEEE 754 with round-to-nearest, no fused multiply-add); the exp is
 * within 2 ulp of Math.exp. Tolerance of the products: each output is a float32 sum of n products (n = P or S); its rounding error is at
 * most n * 2^-24 times the sum of the absolute terms (Higham 2002, eq. 3.5), so 1e-5 of that
 * sum bounds it for n <= 160 (here n <= 37); a transposed index or a draw taken from the wrong
 * lane gives errors of the order of the sum itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedModules } from '../../scripts/build-wasm.js';
import { createKernelArena } from '../../src/model/wasm/kernelArena.js';
import { createRng } from '../../src/util/rng.js';

describe('WebAssembly kernel', () => {
  it('ship the binary that their .wat source compiles to (scripts/build-wasm.ts)', async () => {
    const modules = await expectedModules();
    expect(modules.length).toBeGreaterThan(0);
    for (const { path, text } of modules) expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('compute eta = m w and dw = m^T g for every draw, skipping untrained rows', () => {
    const S = 37;
    const P = 23;
    const K = 6;
    const rng = createRng(11);
    const random = (n: number): Float32Array =>
      Float32Array.from({ length: n }, () => rng.normal());
    const fits = [0, 1].map(() => ({ m: random(S * P), v: random(S * P).map(Math.abs) }));
    const mask = Float32Array.from({ length: S }, (_, s) => (s % 5 === 2 ? 0 : 1));
    const arena = createKernelArena({
      fits: 2,
      participants: S,
      features: P,
      draws: K,
      parameters: 3,
      poolSize: 0,
    });
    expect(arena.stride).toBe(8);
    fits.forEach((fit, b) => arena.setFit(b, fit.m, fit.v, mask));
    const w = random(K * P);
    for (let p = 0; p < P; p++) {
      for (let k = 0; k < K; k++) {
        arena.w[p * arena.stride + k] = w[k * P + p]!;
        arena.w2[p * arena.stride + k] = w[k * P + p]! ** 2;
      }
    }
    const g = random(S * K);
    const h = random(S * K);
    const b = 1;
    const { m, v } = fits[b]!;
    arena.eta.fill(-99);
    arena.forward(b);
    for (let s = 0; s < S; s++) {
      for (let k = 0; k < K; k++) {
        const at = s * arena.stride + k;
        if (mask[s] === 0) {
          expect(arena.eta[at]).toBe(-99);
          continue;
        }
        let mean = 0;
        let bound = 0;
        let variance = 0;
        for (let p = 0; p < P; p++) {
          mean += w[k * P + p]! * m[s * P + p]!;
          bound += Math.abs(w[k * P + p]! * m[s * P + p]!);
          variance += w[k * P + p]! ** 2 * v[s * P + p]!;
        }
        expect(Math.abs(arena.eta[at]! - mean)).toBeLessThan(1e-5 * bound);
        expect(Math.abs(arena.etaVar[at]! - variance)).toBeLessThan(1e-5 * variance);
      }
    }
    for (let s = 0; s < S; s++) {
      for (let k = 0; k < K; k++) {
        arena.gMean[s * arena.stride + k] = mask[s] === 0 ? 0 : g[s * K + k]!;
        arena.gVar[s * arena.stride + k] = mask[s] === 0 ? 0 : h[s * K + k]!;
      }
    }
    arena.backward(b);
    for (let p = 0; p < P; p++) {
      for (let k = 0; k < K; k++) {
        let dw = 0;
        let dv = 0;
        let boundW = 0;
        let boundV = 0;
        for (let s = 0; s < S; s++) {
          if (mask[s] === 0) continue;
          dw += g[s * K + k]! * m[s * P + p]!;
          dv += h[s * K + k]! * v[s * P + p]!;
          boundW += Math.abs(g[s * K + k]! * m[s * P + p]!);
          boundV += Math.abs(h[s * K + k]! * v[s * P + p]!);
        }
        expect(Math.abs(arena.dw[p * arena.stride + k]! - dw)).toBeLessThan(1e-5 * boundW);
        expect(Math.abs(arena.dv[p * arena.stride + k]! - dv)).toBeLessThan(1e-5 * boundV);
      }
      // the padding draws stay zero
      expect(arena.dw[p * arena.stride + 6]).toBe(0);
      expect(arena.dw[p * arena.stride + 7]).toBe(0);
    }
  });

  it('exponentiate float64 values to 2 ulp of Math.exp, keeping NaN', () => {
    // Reference: V8's Math.exp (fdlibm, < 1 ulp). The kernel's exp rounds its reduction and
    // polynomial in float64, so 2 ulp (4.4e-16 relative) bounds it; a wrong coefficient or
    // exponent gives errors from 1e-10 up.
    const values = [
      ...Array.from({ length: 1401 }, (_, i) => -700 + i),
      ...Array.from({ length: 2000 }, (_, i) => -5 + i * 0.005 + 1e-7),
      0,
      -0,
      Math.LN2 / 2,
      -Math.LN2 / 2,
    ];
    const arena = createKernelArena({
      fits: 1,
      participants: 2,
      features: values.length + 1, // the exp scratch holds draws x features values
      draws: 1,
      parameters: 3,
      poolSize: 0,
    });
    arena.expScratch.set(values);
    arena.expScratch[values.length] = Number.NaN;
    arena.exp(values.length + 1);
    values.forEach((x, i) => {
      const relative = Math.abs(arena.expScratch[i]! / Math.exp(x) - 1);
      expect(relative).toBeLessThanOrEqual(2 * Number.EPSILON);
    });
    expect(arena.expScratch[values.length]).toBeNaN();
    arena.expScratch[0] = 1000;
    arena.expScratch[1] = -1000;
    arena.exp(2);
    expect(arena.expScratch[0]).toBeCloseTo(Math.exp(709), -300); // clamped, finite
    expect(Number.isFinite(arena.expScratch[0]!)).toBe(true);
    expect(arena.expScratch[1]! / Math.exp(-708)).toBeCloseTo(1, 12);
    expect(() => arena.exp(arena.expScratch.length - 3)).toThrow(RangeError); // beyond the room
  });

  it('reparameterise, reduce the gradient and take an Adam step exactly as scalar code does', () => {
    const D = 7; // odd: the last value goes through the scalar tail
    const K = 3;
    const L = 2 * D;
    const poolSize = 40;
    const rng = createRng(5);
    const arena = createKernelArena({
      fits: 2,
      participants: 2,
      features: 3,
      draws: K,
      parameters: D,
      poolSize,
    });
    arena.noise.set(Float32Array.from({ length: 2 * poolSize }, () => rng.normal()));
    arena.theta.set(Float64Array.from({ length: 2 * L }, () => rng.normal()));
    arena.moment1.set(Float64Array.from({ length: 2 * L }, () => rng.normal()));
    arena.moment2.set(Float64Array.from({ length: 2 * L }, () => rng.uniform()));
    arena.sd.set(Float64Array.from({ length: D }, () => rng.uniform()));
    const b = 1;
    const offset = 9;
    const noise = arena.noise.subarray(b * poolSize + offset);
    const mean = arena.theta.slice(b * L, b * L + D);

    arena.reparameterise(b, offset);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < D; i++) {
        expect(arena.u[k * D + i]).toBe(mean[i]! + arena.sd[i]! * noise[k * D + i]!);
      }
    }

    arena.gu.set(Float64Array.from({ length: K * D }, () => rng.normal()));
    arena.reduceGradient(b, offset);
    for (let i = 0; i < D; i++) {
      let gMean = 0;
      let gLogSd = 0;
      for (let k = 0; k < K; k++) {
        gMean += arena.gu[k * D + i]!;
        gLogSd += arena.gu[k * D + i]! * noise[k * D + i]!;
      }
      expect(arena.grad[i]).toBe(gMean / K);
      expect(arena.grad[D + i]).toBe((gLogSd / K) * arena.sd[i]! + 1);
    }

    const before = {
      theta: arena.theta.slice(b * L, (b + 1) * L),
      m1: arena.moment1.slice(b * L, (b + 1) * L),
      m2: arena.moment2.slice(b * L, (b + 1) * L),
    };
    const stepSize = 0.0137;
    arena.adam(b, stepSize, 0.9, 0.999);
    for (let i = 0; i < L; i++) {
      const g = -arena.grad[i]!;
      const m1 = 0.9 * before.m1[i]! + (1 - 0.9) * g;
      const m2 = 0.999 * before.m2[i]! + (1 - 0.999) * g * g;
      const value = before.theta[i]! - (stepSize * m1) / (Math.sqrt(m2) + 1e-8);
      expect(arena.moment1[b * L + i]).toBe(m1);
      expect(arena.moment2[b * L + i]).toBe(m2);
      expect(arena.theta[b * L + i]).toBe(value);
      expect(arena.paramSums[b * L + i]).toBe(value);
    }
    // the other fit's state is untouched
    expect(arena.paramSums.subarray(0, L).every((x) => x === 0)).toBe(true);
  });
});
