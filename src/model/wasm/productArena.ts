/**
 * The WebAssembly matrix products of the fused mean-field kernel (meanFieldProducts.wat) and
 * the memory they work in: one arena per batch of fits, holding each fit's [S, P] moments
 * (and their transposes) and the per-draw work buffers, all float32.
 *
 * One module instance per thread; creating an arena reuses (and may grow) its memory, so an
 * arena's views are valid until the next arena is created on the same thread. The kernel's
 * fits run synchronously, so two arenas are never in use at once.
 */
import { WASM_BASE64 } from './meanFieldProducts.wasm.js';

interface ProductExports {
  memory: WebAssembly.Memory;
  forward(
    m: number,
    v: number,
    w: number,
    w2: number,
    mask: number,
    eta: number,
    etaVar: number,
    S: number,
    P: number,
    K: number,
  ): void;
  backward(
    mT: number,
    vT: number,
    gMean: number,
    gVar: number,
    dw: number,
    dv: number,
    S: number,
    P: number,
    K: number,
  ): void;
  expInPlace(x: number, n: number): void;
}

let instance: ProductExports | undefined;

function products(): ProductExports {
  if (instance === undefined) {
    const module = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
    instance = new WebAssembly.Instance(module, {}).exports as unknown as ProductExports;
  }
  return instance;
}

/** Byte offsets of one fit's data in the arena. */
interface FitOffsets {
  m: number;
  v: number;
  mT: number;
  vT: number;
  mask: number;
}

export interface ProductArena {
  /** Draws per vector row: the number of draws rounded up to a multiple of 4. */
  readonly stride: number;
  /** [P, stride] weights and squared weights of each draw (padding columns stay 0). */
  readonly w: Float32Array;
  readonly w2: Float32Array;
  /** [S, stride] linear predictor mean and variance (training rows only, alpha excluded). */
  readonly eta: Float32Array;
  readonly etaVar: Float32Array;
  /** [S, stride] ELBO gradient with respect to eta and etaVar (0 on other rows and padding). */
  readonly gMean: Float32Array;
  readonly gVar: Float32Array;
  /** [P, stride] dw = m^T gMean and dv = v^T gVar. */
  readonly dw: Float32Array;
  readonly dv: Float32Array;
  /** Copies fit b's [S, P] moments and [S] training weights into the arena. */
  setFit(b: number, m: Float32Array, v: Float32Array, mask: Float32Array): void;
  /** eta and etaVar of fit b from the weights in w, w2. */
  forward(b: number): void;
  /** dw and dv of fit b from gMean, gVar. */
  backward(b: number): void;
  /** Float64 scratch of `expCapacity` values for `exp`. */
  readonly expScratch: Float64Array;
  /** expScratch[i] <- exp(expScratch[i]) for i < n (relative error ~2e-16, see the .wat). */
  exp(n: number): void;
}

/**
 * An arena for `fits` fits of S participants x P features with `draws` draws per step, and a
 * float64 scratch of `expCapacity` values for the vectorised exp.
 */
export function createProductArena(
  fits: number,
  S: number,
  P: number,
  draws: number,
  expCapacity = 0,
): ProductArena {
  const exports = products();
  const stride = Math.ceil(draws / 4) * 4;
  const floats32 = fits * (4 * S * P + S) + stride * (4 * P + 4 * S);
  // The float64 scratch starts 16-byte aligned and has room for the exp's last four values.
  const expAt = Math.ceil(floats32 / 4) * 4;
  const expLength = 4 * Math.ceil(expCapacity / 4) + 4;
  const floats = expAt + 2 * expLength;
  const bytes = floats * 4;
  const have = exports.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      exports.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch (error) {
      throw new RangeError(
        `the model kernel needs ${(bytes / 2 ** 20).toFixed(0)} MiB of ` +
          `WebAssembly memory for ${fits} fits of ${S} participants x ${P} features and could ` +
          `not get it (${(error as Error).message}); fit fewer folds or permutations at once`,
      );
    }
  }
  const heap = new Float32Array(exports.memory.buffer);
  heap.fill(0, 0, floats);

  let next = 0;
  const take = (n: number): number => {
    const at = next;
    next += n;
    return at;
  };
  const fitOffsets: FitOffsets[] = [];
  for (let b = 0; b < fits; b++) {
    fitOffsets.push({
      m: take(S * P),
      v: take(S * P),
      mT: take(S * P),
      vT: take(S * P),
      mask: take(S),
    });
  }
  const view = (n: number): { at: number; array: Float32Array } => {
    const at = take(n);
    return { at, array: heap.subarray(at, at + n) };
  };
  const w = view(P * stride);
  const w2 = view(P * stride);
  const eta = view(S * stride);
  const etaVar = view(S * stride);
  const gMean = view(S * stride);
  const gVar = view(S * stride);
  const dw = view(P * stride);
  const dv = view(P * stride);
  const fitAt = (b: number): FitOffsets => {
    const offsets = fitOffsets[b];
    if (offsets === undefined) throw new RangeError(`fit ${b} is not in this arena`);
    return offsets;
  };

  const expScratch = new Float64Array(exports.memory.buffer, 4 * expAt, expLength);

  return {
    stride,
    expScratch,
    exp(n) {
      if (n > expLength - 4) {
        throw new RangeError(`exp of ${n} values, the scratch holds ${expLength - 4}`);
      }
      exports.expInPlace(4 * expAt, n);
    },
    w: w.array,
    w2: w2.array,
    eta: eta.array,
    etaVar: etaVar.array,
    gMean: gMean.array,
    gVar: gVar.array,
    dw: dw.array,
    dv: dv.array,
    setFit(b, m, v, mask) {
      const at = fitAt(b);
      heap.set(m, at.m);
      heap.set(v, at.v);
      heap.set(mask, at.mask);
      for (let s = 0; s < S; s++) {
        for (let p = 0; p < P; p++) {
          heap[at.mT + p * S + s] = m[s * P + p] as number;
          heap[at.vT + p * S + s] = v[s * P + p] as number;
        }
      }
    },
    forward(b) {
      const at = fitAt(b);
      exports.forward(
        4 * at.m,
        4 * at.v,
        4 * w.at,
        4 * w2.at,
        4 * at.mask,
        4 * eta.at,
        4 * etaVar.at,
        S,
        P,
        stride,
      );
    },
    backward(b) {
      const at = fitAt(b);
      exports.backward(
        4 * at.mT,
        4 * at.vT,
        4 * gMean.at,
        4 * gVar.at,
        4 * dw.at,
        4 * dv.at,
        S,
        P,
        stride,
      );
    },
  };
}
