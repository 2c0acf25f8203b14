/**
 * The EEGNet layer stack (Lawhern et al. 2018, J Neural Eng 15:056013, the EEGNet-F1,D
 * architecture of their Table 2 and of the authors' Keras reference, arl-eegmodels), built
 * in TensorFlow.js layers with channels-last tensors: input (channels, samples, 1).
 *
 *   block 1: Conv2D F1 x (1, kernel) 'same', no bias -> BatchNorm -> DepthwiseConv2D
 *            (channels, 1), depth multiplier D, max-norm 1, no bias -> BatchNorm -> ELU ->
 *            AveragePooling (1, 4) -> Dropout
 *   block 2: SeparableConv2D F2 x (1, 16) 'same', no bias -> BatchNorm -> ELU ->
 *            AveragePooling (1, 8) -> Dropout
 *   classifier: Flatten -> Dense (classes, max-norm 0.25) -> softmax
 *
 * The three convolutions are own layers computing Keras' values with matrix products
 * (TemporalConv, SpatialDepthwise, SeparableTemporal): the cpu backend's convolution
 * gradients are very slow and the wasm backend has none for the filters;
 * their kernels keep Keras' shapes, so parameter counts and max-norm axes are the same.
 * Every initialiser takes its own seed and dropout draws a fresh seed from an Rng at each
 * training call, so one seed reproduces a fit on a given backend.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../util/errors.js';
import type { Rng } from '../../util/rng.js';

/** Sizes of an EEGNet. Defaults: EEGNet-8,2 (F1 = 8, D = 2, F2 = 16). */
export interface EegNetShape {
  /** Rows of the input (EEG channels, plus the condition row when one is added). */
  nChannels: number;
  /** Samples per epoch. */
  nSamples: number;
  /** Temporal kernel length in samples; the reference uses half the sampling rate. */
  kernelLength: number;
  F1?: number;
  D?: number;
  F2?: number;
  /** Dropout rate (default 0.25, the paper's cross-subject value). */
  dropoutRate?: number;
  classes?: number;
}

/** A built EEGNet: the softmax model, the logit model sharing its layers, the constraints. */
export interface EegNet {
  /** Input -> class probabilities (the published stack, softmax included). */
  model: tf.LayersModel;
  /** Input -> pre-softmax logits (the same layers and weights, without the softmax). */
  logits: tf.LayersModel;
  /** Weights under a max-norm constraint, re-projected after each optimiser step. */
  constrained: Array<{ variable: tf.LayerVariable; constraint: MaxNormConstraint }>;
}

type MaxNormConstraint = ReturnType<typeof tf.constraints.maxNorm>;
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** Second pooling reduces the time axis by 4 x 8: epochs need at least 32 samples. */
export const MIN_SAMPLES = 32;

/**
 * The temporal convolution: Conv2D with F1 kernels of (1, K) on a one-map input, 'same'
 * padding as TensorFlow pads (total K - 1 zeros, floor((K - 1) / 2) before, the rest after),
 * no bias. Its kernel has Conv2D's shape (1, K, 1, F1) and it computes the same values, as
 * one matrix product of the (batch x channels, samples) input with the banded (Toeplitz)
 * matrix M[s, t, f] = w[s - t + before, f] built from the kernel: the cpu backend's Conv2D
 * filter gradient takes seconds per batch for a long kernel (and K shifted slices are slow
 * too), while matMul gradients are fast.
 */
export class TemporalConv extends tf.layers.Layer {
  static className = 'IatbayesTemporalConv';
  private readonly filters: number;
  private readonly kernelLength: number;
  private readonly initializer: Initializer;
  private kernel: tf.LayerVariable | null = null;
  /** One-hot selector (samples x samples, K): row (s, t) picks tap s - t + before, if any. */
  private band: { samples: number; selector: Float32Array } | null = null;

  constructor(filters: number, kernelLength: number, initializer: Initializer, name: string) {
    super({ name });
    this.filters = filters;
    this.kernelLength = kernelLength;
    this.initializer = initializer;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape[3] !== 1) {
      throw new Error(`TemporalConv expects one input map, found input shape ${String(shape)}`);
    }
    this.kernel = this.addWeight('kernel', [1, this.kernelLength, 1, this.filters], 'float32',
      this.initializer);
    this.built = true;
  }

  /** The selector for `samples` samples (cached). */
  private selectorFor(samples: number): Float32Array {
    if (this.band === null || this.band.samples !== samples) {
      this.band = { samples, selector: bandSelector(samples, this.kernelLength) };
    }
    return this.band.selector;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const [batch, channels, samples] = input.shape;
      const K = this.kernelLength;
      const kernel = tf.reshape(this.kernel!.read(), [K, this.filters]);
      // A product with a constant selector rather than a gather: the gather's gradient
      // (UnsortedSegmentSum) is slow on the cpu backend, a matMul's is not.
      const selector = tf.tensor2d(this.selectorFor(samples), [samples * samples, K]);
      const matrix = tf.reshape(tf.matMul(selector, kernel), [samples, samples * this.filters]);
      const rows = tf.reshape(input, [batch * channels, samples]);
      return tf.reshape(tf.matMul(rows, matrix), [batch, channels, samples, this.filters]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0]!, shape[1]!, shape[2]!, this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelLength: this.kernelLength };
  }
}

/**
 * The spatial filter: DepthwiseConv2D with a (channels, 1) kernel, 'valid', depth multiplier
 * D, no bias, on the F1 temporal maps; kernel shape (channels, 1, F1, D) as Keras', output
 * map f * D + d as Keras orders it. Computed as F1 batched (samples, channels) x (channels, D)
 * products, because the cpu backend's depthwise filter gradient is slow.
 */
export class SpatialDepthwise extends tf.layers.Layer {
  static className = 'IatbayesSpatialDepthwise';
  private readonly depth: number;
  private readonly initializer: Initializer;
  private kernel: tf.LayerVariable | null = null;

  constructor(depth: number, initializer: Initializer, name: string) {
    super({ name });
    this.depth = depth;
    this.initializer = initializer;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.kernel = this.addWeight('depthwise_kernel', [shape[1]!, 1, shape[3]!, this.depth],
      'float32', this.initializer);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const [batch, channels, samples, maps] = input.shape;
      // (maps, batch x samples, channels) x (maps, channels, D) -> (maps, batch x samples, D)
      const x = tf.reshape(tf.transpose(input, [3, 0, 2, 1]), [maps, batch * samples, channels]);
      const w = tf.transpose(tf.reshape(this.kernel!.read(), [channels, maps, this.depth]),
        [1, 0, 2]);
      const product = tf.reshape(tf.matMul(x, w), [maps, batch, samples, this.depth]);
      return tf.reshape(tf.transpose(product, [1, 2, 0, 3]),
        [batch, 1, samples, maps * this.depth]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0]!, 1, shape[2]!, shape[3]! * this.depth];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthMultiplier: this.depth };
  }
}

/**
 * SeparableConv2D with a (1, K) depthwise kernel ('same', one output per map) followed by a
 * 1 x 1 pointwise kernel to F2 maps, no bias; kernels of Keras' shapes (1, K, maps, 1) and
 * (1, 1, maps, F2). The depthwise part is one banded (samples x samples) matrix per map, as
 * in TemporalConv, applied by a batched matMul; the pointwise part is a matMul.
 */
export class SeparableTemporal extends tf.layers.Layer {
  static className = 'IatbayesSeparableTemporal';
  private readonly filters: number;
  private readonly kernelLength: number;
  private readonly initializers: { depthwise: Initializer; pointwise: Initializer };
  private depthwise: tf.LayerVariable | null = null;
  private pointwise: tf.LayerVariable | null = null;
  private band: { samples: number; selector: Float32Array } | null = null;

  constructor(filters: number, kernelLength: number,
    initializers: { depthwise: Initializer; pointwise: Initializer }, name: string) {
    super({ name });
    this.filters = filters;
    this.kernelLength = kernelLength;
    this.initializers = initializers;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const maps = shape[3]!;
    this.depthwise = this.addWeight('depthwise_kernel', [1, this.kernelLength, maps, 1],
      'float32', this.initializers.depthwise);
    this.pointwise = this.addWeight('pointwise_kernel', [1, 1, maps, this.filters], 'float32',
      this.initializers.pointwise);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const [batch, height, samples, maps] = input.shape;
      const K = this.kernelLength;
      if (this.band === null || this.band.samples !== samples) {
        this.band = { samples, selector: bandSelector(samples, K) };
      }
      const selector = tf.tensor2d(this.band.selector, [samples * samples, K]);
      // (samples x samples, maps) -> per map a (source, target) banded matrix.
      const bands = tf.transpose(tf.reshape(tf.matMul(selector,
        tf.reshape(this.depthwise!.read(), [K, maps])), [samples, samples, maps]), [2, 0, 1]);
      const x = tf.reshape(tf.transpose(input, [3, 0, 1, 2]), [maps, batch * height, samples]);
      const filtered = tf.reshape(tf.transpose(tf.matMul(x, bands), [1, 2, 0]),
        [batch * height * samples, maps]);
      const mixed = tf.matMul(filtered, tf.reshape(this.pointwise!.read(), [maps, this.filters]));
      return tf.reshape(mixed, [batch, height, samples, this.filters]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0]!, shape[1]!, shape[2]!, this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelLength: this.kernelLength };
  }
}

/**
 * One-hot selector of 'same' convolution taps, (samples x samples, K): row (s, t) has a 1 at
 * tap s - t + floor((K - 1) / 2) when that tap exists (TensorFlow's 'SAME' padding).
 */
function bandSelector(samples: number, K: number): Float32Array {
  const before = Math.floor((K - 1) / 2);
  const selector = new Float32Array(samples * samples * K);
  for (let source = 0; source < samples; source++) {
    for (let t = 0; t < samples; t++) {
      const k = source - t + before;
      if (k >= 0 && k < K) selector[(source * samples + t) * K + k] = 1;
    }
  }
  return selector;
}

/**
 * Dropout whose mask is drawn with a new seed at each training call. tfjs' Dropout layer
 * reuses one fixed seed (the same mask every batch) or, unseeded, Math.random.
 */
class SeededDropout extends tf.layers.Layer {
  static className = 'IatbayesSeededDropout';
  private readonly rate: number;
  private readonly rng: Rng;

  constructor(rate: number, rng: Rng, name: string) {
    super({ name });
    this.rate = rate;
    this.rng = rng;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.rate === 0) return input;
    const seed = 1 + this.rng.int(2 ** 31 - 2);
    return tf.tidy(() => tf.dropout(input, this.rate, undefined, seed));
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/**
 * Builds EEGNet for inputs of shape (nChannels, nSamples, 1). `rng` seeds the initialisers
 * (one fork per layer) and the dropout masks. Layer names follow the reference's blocks.
 */
export function buildEegNet(shape: EegNetShape, rng: Rng): EegNet {
  const F1 = shape.F1 ?? 8;
  const D = shape.D ?? 2;
  const F2 = shape.F2 ?? 16;
  const dropoutRate = shape.dropoutRate ?? 0.25;
  const classes = shape.classes ?? 2;
  checkShape(shape, { F1, D, F2, dropoutRate, classes });
  const seeded = (label: string): Initializer =>
    tf.initializers.glorotUniform({ seed: 1 + rng.fork(`init-${label}`).int(2 ** 31 - 2) });
  const batchNorm = (name: string): tf.layers.Layer =>
    tf.layers.batchNormalization({ axis: -1, momentum: 0.99, epsilon: 1e-3, name });

  const input = tf.input({ shape: [shape.nChannels, shape.nSamples, 1], name: 'epochs' });
  const temporal = new TemporalConv(F1, shape.kernelLength, seeded('temporal'), 'temporal_conv');
  const spatialConstraint = tf.constraints.maxNorm({ maxValue: 1, axis: 0 });
  const spatial = new SpatialDepthwise(D, seeded('spatial'), 'spatial_depthwise');
  const separable = new SeparableTemporal(F2, 16, { depthwise: seeded('separable-depthwise'),
    pointwise: seeded('separable-pointwise') }, 'separable_conv');
  const denseConstraint = tf.constraints.maxNorm({ maxValue: 0.25, axis: 0 });
  const dense = tf.layers.dense({
    units: classes, kernelInitializer: seeded('dense'), biasInitializer: 'zeros',
    kernelConstraint: denseConstraint, name: 'dense',
  });

  let x = temporal.apply(input) as tf.SymbolicTensor;
  x = batchNorm('batchnorm_1').apply(x) as tf.SymbolicTensor;
  x = spatial.apply(x) as tf.SymbolicTensor;
  x = batchNorm('batchnorm_2').apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'elu', name: 'elu_1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.averagePooling2d({ poolSize: [1, 4], name: 'average_pool_1' })
    .apply(x) as tf.SymbolicTensor;
  x = new SeededDropout(dropoutRate, rng.fork('dropout-1'), 'dropout_1')
    .apply(x) as tf.SymbolicTensor;
  x = separable.apply(x) as tf.SymbolicTensor;
  x = batchNorm('batchnorm_3').apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'elu', name: 'elu_2' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.averagePooling2d({ poolSize: [1, 8], name: 'average_pool_2' })
    .apply(x) as tf.SymbolicTensor;
  x = new SeededDropout(dropoutRate, rng.fork('dropout-2'), 'dropout_2')
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  const logitTensor = dense.apply(x) as tf.SymbolicTensor;
  const probabilities = tf.layers.activation({ activation: 'softmax', name: 'softmax' })
    .apply(logitTensor) as tf.SymbolicTensor;

  const model = tf.model({ inputs: input, outputs: probabilities, name: 'eegnet' });
  const logits = tf.model({ inputs: input, outputs: logitTensor, name: 'eegnet_logits' });
  const constrained = [
    { variable: layerVariable(spatial, 0), constraint: spatialConstraint },
    { variable: layerVariable(dense, 0), constraint: denseConstraint },
  ];
  return { model, logits, constrained };
}

/** The `index`-th weight variable of a built layer. */
function layerVariable(layer: tf.layers.Layer, index: number): tf.LayerVariable {
  const variable = layer.weights[index];
  if (variable === undefined) throw new Error(`layer ${layer.name} has no weight ${index}`);
  return variable;
}

/**
 * Projects each constrained weight back onto its max-norm ball. tfjs-layers attaches the
 * constraint to the variable but its optimisers never apply it, unlike Keras, which applies
 * it after every update; the training loop calls this after each step.
 */
export function applyConstraints(net: EegNet): void {
  for (const { variable, constraint } of net.constrained) {
    tf.tidy(() => {
      const value = variable.read();
      (value as tf.Variable).assign(constraint.apply(value));
    });
  }
}

/** Temporal kernel of the reference: half the sampling rate, in samples (at least 1). */
export function referenceKernelLength(sfreqHz: number): number {
  return Math.max(1, Math.round(sfreqHz / 2));
}

function checkShape(shape: EegNetShape,
  sizes: { F1: number; D: number; F2: number; dropoutRate: number; classes: number }): void {
  const positiveInteger = (value: number, field: string): void => {
    if (!Number.isInteger(value) || value < 1) {
      throw new InputError(`EEGNet: ${field} is ${value}; expected a positive integer`,
        { field });
    }
  };
  positiveInteger(shape.nChannels, 'nChannels');
  positiveInteger(shape.nSamples, 'nSamples');
  positiveInteger(shape.kernelLength, 'kernelLength');
  positiveInteger(sizes.F1, 'F1');
  positiveInteger(sizes.D, 'D');
  positiveInteger(sizes.F2, 'F2');
  positiveInteger(sizes.classes, 'classes');
  if (shape.nSamples < MIN_SAMPLES) {
    throw new InputError(`EEGNet: epochs of ${shape.nSamples} samples are too short; the two `
      + `pooling layers (4 and 8) need at least ${MIN_SAMPLES}`, { field: 'nSamples' });
  }
  if (!(sizes.dropoutRate >= 0 && sizes.dropoutRate < 1)) {
    throw new InputError(`EEGNet: dropoutRate is ${sizes.dropoutRate}; expected a value in `
      + '[0, 1)', { field: 'dropoutRate' });
  }
}
