/**
 * Bulk standard-normal noise for the EEG generator. Drawing millions of samples one by one
 * through Rng.normal() dominates simulation time, so this seeds a local xoshiro128** state
 * (Blackman & Vigna 2018) from four draws of the given Rng and runs the polar Box-Muller method
 * on it in a tight loop. The stream is still fully determined by the seed and fork label.
 */
import type { Rng } from '../util/rng.js';

/** Fills `out` with independent N(0, 1) draws derived from `rng`. */
export function fillStandardNormal(out: Float64Array, rng: Rng): Float64Array {
  let s0 = rng.int(0x100000000) >>> 0;
  let s1 = rng.int(0x100000000) >>> 0;
  let s2 = rng.int(0x100000000) >>> 0;
  let s3 = rng.int(0x100000000) >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const next = (): number => {
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result / 4294967296;
  };

  let i = 0;
  while (i < out.length) {
    const u = 2 * next() - 1;
    const v = 2 * next() - 1;
    const s = u * u + v * v;
    if (s >= 1 || s === 0) continue;
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = u * factor;
    if (i < out.length) out[i++] = v * factor;
  }
  return out;
}
