/**
 * The WebAssembly side of the fused mean-field kernel (meanFieldKernel.wat) and the memory it
 * works in: one arena per batch of fits, holding each fit's [S, P] moments (and transposes,
 * float32), its noise pool (float32), its variational parameters and Adam state (float64), and
 * the per-step work buffers.
 *
 * One module instance per thread; creating an arena reuses (and may grow) its memory, so an
 * arena's views are valid until the next arena is created on the same thread. The kernel's
 * fits run synchronously, so two arenas are never in use at once.
 */
// Limitation: WebAssembly memory cannot shrink: a thread keeps the memory of the largest batch
// it has fitted (tens of MB for 80 fits at 40 x 330) until it exits; the kernel's worker
// threads exit after each batch, the main thread keeps it.
import { WASM_BASE64 } from './meanFieldKernel.wasm.js';

interface KernelExports {
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
  reparameterise(u: number, mean: number, sd: number, noise: number, D: number, K: number): void;
  reduceGradient(grad: number, gu: number, noise: number, sd: number, D: number, K: number): void;
  adam(
    theta: number,
    m1: number,
    m2: number,
    grad: number,
    sums: number,
    n: number,
    stepSize: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
  ): void;
}

let instance: KernelExports | undefined;

function kernel(): KernelExports {
  if (instance === undefined) {
    const module = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
    instance = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  }
  return instance;
}

/** Sizes of an arena. */
export interface ArenaShape {
  fits: number;
  participants: number;
  features: number;
  draws: number;
  /** Unconstrained parameters D per fit (the variational vector has 2D values). */
  parameters: number;
  /** Standard normals in each fit's noise pool. */
  poolSize: number;
}

/** Byte offsets of one fit's data in the arena. */
interface FitOffsets {
  m: number;
  v: number;
  mT: number;
  vT: number;
  mask: number;
}

/** A float32 or float64 region: its byte offset and a view of it. */
interface Region<T> {
  at: number;
  array: T;
}

export interface KernelArena {
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
  /** [fits, poolSize] noise pools. */
  readonly noise: Float32Array;
  /** [fits, 2D] variational parameters, Adam's moments and the window's parameter sums. */
  readonly theta: Float64Array;
  readonly moment1: Float64Array;
  readonly moment2: Float64Array;
  readonly paramSums: Float64Array;
  /** [K, D] draws of the parameters and the log joint's gradient at them. */
  readonly u: Float64Array;
  readonly gu: Float64Array;
  /** [D] variational SDs (then 4 values of room for the exp) and [2D] ELBO gradient. */
  readonly sd: Float64Array;
  readonly grad: Float64Array;
  /** Float64 scratch for `exp` (K P values: the ARD scales of every draw). */
  readonly expScratch: Float64Array;
  /** Copies fit b's [S, P] moments and [S] training weights into the arena. */
  setFit(b: number, m: Float32Array, v: Float32Array, mask: Float32Array): void;
  /** eta and etaVar of fit b from the weights in w, w2. */
  forward(b: number): void;
  /** dw and dv of fit b from gMean, gVar. */
  backward(b: number): void;
  /** expScratch[i] <- exp(expScratch[i]) for i < n (2 ulp, see the .wat). */
  exp(n: number): void;
  /** sd = exp(log SDs) of fit b (the second half of its theta). */
  setSd(b: number): void;
  /** u from fit b's means, sd and the K x D noise at `poolOffset` of its pool. */
  reparameterise(b: number, poolOffset: number): void;
  /** grad from gu, sd and the same noise. */
  reduceGradient(b: number, poolOffset: number): void;
  /** One Adam step of fit b from grad (constants as in the JavaScript loop they replace). */
  adam(b: number, stepSize: number, beta1: number, beta2: number): void;
}

/** An arena for a batch of fits (see ArenaShape). */
export function createKernelArena(shape: ArenaShape): KernelArena {
  const { fits, participants: S, features: P, draws: K, parameters: D, poolSize } = shape;
  const exports = kernel();
  const stride = Math.ceil(K / 4) * 4;
  const L = 2 * D;

  // Bump allocation in bytes; every region starts 16-byte aligned.
  let next = 0;
  const take = (bytes: number): number => {
    const at = next;
    next += Math.ceil(bytes / 16) * 16;
    return at;
  };
  const fitOffsets: FitOffsets[] = [];
  for (let b = 0; b < fits; b++) {
    fitOffsets.push({
      m: take(4 * S * P),
      v: take(4 * S * P),
      mT: take(4 * S * P),
      vT: take(4 * S * P),
      mask: take(4 * S),
    });
  }
  const f32 = ['w', 'w2', 'dw', 'dv', 'eta', 'etaVar', 'gMean', 'gVar', 'noise'] as const;
  const f32Lengths: Record<(typeof f32)[number], number> = {
    w: P * stride,
    w2: P * stride,
    dw: P * stride,
    dv: P * stride,
    eta: S * stride,
    etaVar: S * stride,
    gMean: S * stride,
    gVar: S * stride,
    noise: fits * poolSize,
  };
  const f32At = Object.fromEntries(f32.map((name) => [name, take(4 * f32Lengths[name])]));
  // The exp works four values at a time: room for three past the end.
  const expLength = 4 * Math.ceil((K * P) / 4) + 4;
  const f64 = [
    'theta',
    'moment1',
    'moment2',
    'paramSums',
    'u',
    'gu',
    'sd',
    'grad',
    'expScratch',
  ] as const;
  const f64Lengths: Record<(typeof f64)[number], number> = {
    theta: fits * L,
    moment1: fits * L,
    moment2: fits * L,
    paramSums: fits * L,
    u: K * D,
    gu: K * D,
    sd: D + 4,
    grad: L,
    expScratch: expLength,
  };
  const f64At = Object.fromEntries(f64.map((name) => [name, take(8 * f64Lengths[name])]));

  const have = exports.memory.buffer.byteLength;
  if (next > have) {
    try {
      exports.memory.grow(Math.ceil((next - have) / 65536));
    } catch (error) {
      throw new RangeError(
        `the model kernel needs ${(next / 2 ** 20).toFixed(0)} MiB of WebAssembly memory for ` +
          `${fits} fits of ${S} participants x ${P} features and could not get it ` +
          `(${(error as Error).message}); fit fewer folds or permutations at once`,
      );
    }
  }
  const buffer = exports.memory.buffer;
  new Uint8Array(buffer, 0, next).fill(0);
  const heap = new Float32Array(buffer);
  const f32Region = (name: (typeof f32)[number]): Region<Float32Array> => {
    const at = f32At[name] as number;
    return { at, array: new Float32Array(buffer, at, f32Lengths[name]) };
  };
  const f64Region = (name: (typeof f64)[number]): Region<Float64Array> => {
    const at = f64At[name] as number;
    return { at, array: new Float64Array(buffer, at, f64Lengths[name]) };
  };
  const w = f32Region('w');
  const w2 = f32Region('w2');
  const eta = f32Region('eta');
  const etaVar = f32Region('etaVar');
  const gMean = f32Region('gMean');
  const gVar = f32Region('gVar');
  const dw = f32Region('dw');
  const dv = f32Region('dv');
  const noise = f32Region('noise');
  const theta = f64Region('theta');
  const moment1 = f64Region('moment1');
  const moment2 = f64Region('moment2');
  const paramSums = f64Region('paramSums');
  const u = f64Region('u');
  const gu = f64Region('gu');
  const sd = f64Region('sd');
  const grad = f64Region('grad');
  const expScratch = f64Region('expScratch');
  const fitAt = (b: number): FitOffsets => {
    const offsets = fitOffsets[b];
    if (offsets === undefined) throw new RangeError(`fit ${b} is not in this arena`);
    return offsets;
  };
  const noiseAt = (b: number, poolOffset: number): number => {
    if (poolOffset < 0 || poolOffset + K * D > poolSize) {
      throw new RangeError(
        `noise offset ${poolOffset} + ${K * D} is outside the pool (${poolSize})`,
      );
    }
    return noise.at + 4 * (b * poolSize + poolOffset);
  };

  return {
    stride,
    w: w.array,
    w2: w2.array,
    eta: eta.array,
    etaVar: etaVar.array,
    gMean: gMean.array,
    gVar: gVar.array,
    dw: dw.array,
    dv: dv.array,
    noise: noise.array,
    theta: theta.array,
    moment1: moment1.array,
    moment2: moment2.array,
    paramSums: paramSums.array,
    u: u.array,
    gu: gu.array,
    sd: sd.array,
    grad: grad.array,
    expScratch: expScratch.array,
    setFit(b, m, v, mask) {
      const at = fitAt(b);
      heap.set(m, at.m / 4);
      heap.set(v, at.v / 4);
      heap.set(mask, at.mask / 4);
      const mT = at.mT / 4;
      const vT = at.vT / 4;
      for (let s = 0; s < S; s++) {
        for (let p = 0; p < P; p++) {
          heap[mT + p * S + s] = m[s * P + p] as number;
          heap[vT + p * S + s] = v[s * P + p] as number;
        }
      }
    },
    forward(b) {
      const at = fitAt(b);
      exports.forward(at.m, at.v, w.at, w2.at, at.mask, eta.at, etaVar.at, S, P, stride);
    },
    backward(b) {
      const at = fitAt(b);
      exports.backward(at.mT, at.vT, gMean.at, gVar.at, dw.at, dv.at, S, P, stride);
    },
    exp(n) {
      if (n > expLength - 4) {
        throw new RangeError(`exp of ${n} values, the scratch holds ${expLength - 4}`);
      }
      exports.expInPlace(expScratch.at, n);
    },
    setSd(b) {
      sd.array.set(theta.array.subarray(b * L + D, (b + 1) * L));
      exports.expInPlace(sd.at, D); // sd has room for the exp's last four values
    },
    reparameterise(b, poolOffset) {
      exports.reparameterise(u.at, theta.at + 8 * b * L, sd.at, noiseAt(b, poolOffset), D, K);
    },
    reduceGradient(b, poolOffset) {
      exports.reduceGradient(grad.at, gu.at, noiseAt(b, poolOffset), sd.at, D, K);
    },
    adam(b, stepSize, beta1, beta2) {
      const fit = 8 * b * L;
      exports.adam(
        theta.at + fit,
        moment1.at + fit,
        moment2.at + fit,
        grad.at,
        paramSums.at + fit,
        L,
        stepSize,
        beta1,
        1 - beta1,
        beta2,
        1 - beta2,
      );
    },
  };
}
