/**
 * Seeded pseudo-random numbers. Every random draw in iatbayes comes from an Rng made from the
 * user's `--seed`, so the same inputs and seed give the same numbers.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, https://prng.di.unimi.it/), state seeded
 * by SplitMix32 from the seed and a stream label. Doubles take 53 bits from two outputs.
 */

/** A deterministic source of random numbers. */
export interface Rng {
  /** Uniform on [0, 1), 53-bit resolution. */
  uniform(): number;
  /** Standard normal draw (polar Box-Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent generator for a named sub-task, the same whatever was drawn before. */
  fork(label: string | number): Rng;
  /** The seed and stream path this generator was made from (for provenance). */
  readonly origin: string;
}

function splitMix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string, used to turn stream labels into seed material. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

class Xoshiro128 implements Rng {
  // State in a typed array and the spare normal in a number field with a flag: plain number
  // fields holding uint32 values or switching to null are boxed on every store (measured 3x
  // slower on the noise pools of the model's VI).
  private readonly state = new Uint32Array(4);
  private hasSpare = false;
  private spareNormal = 0;
  readonly origin: string;

  constructor(seed: number, origin: string) {
    const mix = splitMix32((seed >>> 0) ^ hashString(origin));
    const state = this.state;
    for (let i = 0; i < 4; i++) state[i] = mix();
    if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
    this.origin = origin;
  }

  private nextUint32(): number {
    const state = this.state;
    const s1 = state[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = s1 << 9;
    const s2 = state[2]! ^ state[0]!;
    const s3 = state[3]! ^ s1;
    state[1] = s1 ^ s2;
    state[0] = state[0]! ^ s3;
    state[2] = s2 ^ t;
    state[3] = rotl(s3 >>> 0, 11);
    return result;
  }

  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    this.hasSpare = true;
    return u * factor;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    }
    return Math.floor(this.uniform() * n);
  }

  fork(label: string | number): Rng {
    const seedPart = this.origin.split('/')[0] ?? '0';
    return new Xoshiro128(Number(seedPart) >>> 0, `${this.origin}/${label}`);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A generator for `seed` (a non-negative integer below 2^32). */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  return new Xoshiro128(seed, String(seed));
}

/** Fisher-Yates shuffle of an array in place, driven by `rng`. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const held = items[i] as T;
    items[i] = items[j] as T;
    items[j] = held;
  }
  return items;
}
