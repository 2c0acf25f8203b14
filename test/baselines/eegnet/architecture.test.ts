/**
 * The EEGNet layer stack against the published architecture (Lawhern et al. 2018, Table 2, and
 * the authors' Keras reference EEGNet(nb_classes=2, Chans=64, Samples=128, kernLength=64,
 * F1=8, D=2, F2=16)). The expected numbers are counted by hand below from that architecture,
 * not from our code; shapes are channels-last (the reference is channels-first: the same
 * sizes with the filter axis moved).
 *
 * Parameters for C = 64 channels, T = 128 samples, kernel 64 (half of 128 Hz), 2 classes:
 *   temporal Conv2D 8 x (1, 64), no bias           8 * 64          =  512
 *   BatchNorm over 8 filters (gamma, beta, mean, var) 4 * 8        =   32
 *   DepthwiseConv2D (64, 1), D = 2, no bias        64 * 8 * 2      = 1024
 *   BatchNorm over 16                              4 * 16          =   64
 *   SeparableConv2D: depthwise (1, 16) x 16 maps   16 * 16         =  256
 *                    pointwise 16 -> 16            16 * 16         =  256
 *   BatchNorm over 16                              4 * 16          =   64
 *   Dense 64 -> 2 with bias (flatten: 1 x 4 x 16 = 64)  64 * 2 + 2  =  130
 *   total                                                           = 2338
 * (Keras counts the BatchNorm moving mean and variance as non-trainable: 2 * (8 + 16 + 16) =
 * 80, so 2338 total and 2258 trainable.)
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyConstraints, buildEegNet, referenceKernelLength, SeparableTemporal, SpatialDepthwise,
  TemporalConv,
} from '../../../src/baselines/eegnet/architecture.js';
import { selectBackend } from '../../../src/model/backend.js';
import { createRng } from '../../../src/util/rng.js';

beforeAll(async () => {
  await selectBackend();
});

describe('EEGNet-8,2 for 64 channels x 128 samples', () => {
  it('has the parameter count of the Keras reference (2338, 2258 trainable)', () => {
    const net = buildEegNet({ nChannels: 64, nSamples: 128,
      kernelLength: referenceKernelLength(128) }, createRng(1));
    expect(referenceKernelLength(128)).toBe(64);
    expect(net.model.countParams()).toBe(2338);
    const trainable = net.model.trainableWeights
      .reduce((sum, w) => sum + w.shape.reduce((a, b) => a! * b!, 1)!, 0);
    expect(trainable).toBe(2258);
    net.model.dispose();
  });

  it('gives each layer the output shape and parameter count of the reference', () => {
    const net = buildEegNet({ nChannels: 64, nSamples: 128, kernelLength: 64 }, createRng(1));
    const layers = net.model.layers.map((layer) => [layer.name, layer.outputShape,
      layer.countParams()]);
    expect(layers).toEqual([
      ['epochs', [null, 64, 128, 1], 0],
      ['temporal_conv', [null, 64, 128, 8], 512],
      ['batchnorm_1', [null, 64, 128, 8], 32],
      ['spatial_depthwise', [null, 1, 128, 16], 1024],
      ['batchnorm_2', [null, 1, 128, 16], 64],
      ['elu_1', [null, 1, 128, 16], 0],
      ['average_pool_1', [null, 1, 32, 16], 0],
      ['dropout_1', [null, 1, 32, 16], 0],
      ['separable_conv', [null, 1, 32, 16], 512],
      ['batchnorm_3', [null, 1, 32, 16], 64],
      ['elu_2', [null, 1, 32, 16], 0],
      ['average_pool_2', [null, 1, 4, 16], 0],
      ['dropout_2', [null, 1, 4, 16], 0],
      ['flatten', [null, 64], 0],
      ['dense', [null, 2], 130],
      ['softmax', [null, 2], 0],
    ]);
    net.model.dispose();
  });

  it('uses the reference BatchNorm settings (momentum 0.99, epsilon 1e-3)', () => {
    const net = buildEegNet({ nChannels: 4, nSamples: 32, kernelLength: 8 }, createRng(1));
    for (const name of ['batchnorm_1', 'batchnorm_2', 'batchnorm_3']) {
      const config = net.model.getLayer(name).getConfig();
      expect(config.momentum).toBe(0.99);
      expect(config.epsilon).toBe(1e-3);
    }
    net.model.dispose();
  });
});

describe("the temporal convolution pads 'same' as Keras / TensorFlow", () => {
  it('puts the extra zero of an even kernel on the right', () => {
    // TensorFlow's 'SAME' rule (tf.nn.convolution docs): pad_total = k - 1, left = floor of
    // half, right = the rest. For k = 4: 1 left, 2 right, so output[i] = sum_j w[j] x[i+j-1];
    // an impulse at sample 5 gives w[3], w[2], w[1], w[0] at samples 3..6.
    const layer = new TemporalConv(1, 4, tf.initializers.zeros(), 'temporal_test');
    const impulse = tf.tensor4d([0, 0, 0, 0, 0, 1, 0, 0, 0, 0], [1, 1, 10, 1]);
    layer.apply(impulse);
    layer.setWeights([tf.tensor4d([1, 2, 3, 4], [1, 4, 1, 1])]);
    const output = layer.apply(impulse) as tf.Tensor;
    expect(Array.from(output.dataSync())).toEqual([0, 0, 0, 4, 3, 2, 1, 0, 0, 0]);
    tf.dispose([impulse, output]);
    layer.dispose();
  });

  it("equals tfjs' own Conv2D 'same' on random input (odd and even kernels)", () => {
    const rng = createRng(5);
    for (const K of [5, 8]) {
      const x = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 20 }, () => rng.normal()),
        [2, 3, 20, 1]);
      const w = tf.tensor4d(Float32Array.from({ length: K * 4 }, () => rng.normal()), [1, K, 1, 4]);
      const layer = new TemporalConv(4, K, tf.initializers.zeros(), `temporal_${K}`);
      layer.apply(x);
      layer.setWeights([w]);
      const ours = layer.apply(x) as tf.Tensor;
      const reference = tf.conv2d(x, w, 1, 'same');
      const difference = tf.max(tf.abs(tf.sub(ours, reference)));
      // float32 sums of K products: agreement to ~1e-6 relative; 1e-4 absolute is generous.
      expect(difference.dataSync()[0]).toBeLessThan(1e-4);
      tf.dispose([x, w, ours, reference, difference]);
      layer.dispose();
    }
  });
});

describe('the spatial depthwise layer', () => {
  it("equals tfjs' DepthwiseConv2D with a (channels, 1) kernel, 'valid', multiplier 2", () => {
    // The reference op's output map order is f * D + d; a transposed order would fail here.
    const rng = createRng(6);
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 5 * 12 * 3 }, () => rng.normal()),
      [2, 5, 12, 3]);
    const w = tf.tensor4d(Float32Array.from({ length: 5 * 3 * 2 }, () => rng.normal()),
      [5, 1, 3, 2]);
    const layer = new SpatialDepthwise(2, tf.initializers.zeros(), 'spatial_test');
    layer.apply(x);
    layer.setWeights([w]);
    const ours = layer.apply(x) as tf.Tensor;
    const reference = tf.depthwiseConv2d(x, w, 1, 'valid');
    expect(ours.shape).toEqual(reference.shape);
    const difference = tf.max(tf.abs(tf.sub(ours, reference)));
    expect(difference.dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, w, ours, reference, difference]);
    layer.dispose();
  });
});

describe('the separable convolution layer', () => {
  it("equals tfjs' SeparableConv2D with a (1, 16) kernel, 'same'", () => {
    const rng = createRng(7);
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 1 * 20 * 4 }, () => rng.normal()),
      [2, 1, 20, 4]);
    const depthwise = tf.tensor4d(Float32Array.from({ length: 16 * 4 }, () => rng.normal()),
      [1, 16, 4, 1]);
    const pointwise = tf.tensor4d(Float32Array.from({ length: 4 * 3 }, () => rng.normal()),
      [1, 1, 4, 3]);
    const layer = new SeparableTemporal(3, 16, { depthwise: tf.initializers.zeros(),
      pointwise: tf.initializers.zeros() }, 'separable_test');
    layer.apply(x);
    layer.setWeights([depthwise, pointwise]);
    const ours = layer.apply(x) as tf.Tensor;
    const reference = tf.separableConv2d(x, depthwise, pointwise, 1, 'same');
    expect(ours.shape).toEqual(reference.shape);
    const difference = tf.max(tf.abs(tf.sub(ours, reference)));
    expect(difference.dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, depthwise, pointwise, ours, reference, difference]);
    layer.dispose();
  });
});

describe('max-norm constraints', () => {
  it('project each spatial filter onto norm <= 1 and each dense column onto norm <= 0.25', () => {
    const net = buildEegNet({ nChannels: 6, nSamples: 32, kernelLength: 8 }, createRng(2));
    const [spatial] = net.constrained.map((c) => c.variable);
    // Blow the weights up, then project (Keras applies max_norm(axis=0) after each update).
    for (const { variable } of net.constrained) {
      tf.tidy(() => (variable.read() as tf.Variable).assign(variable.read().mul(50)));
    }
    applyConstraints(net);
    const spatialNorms = tf.tidy(() => spatial!.read().square().sum(0).sqrt());
    expect(Math.max(...spatialNorms.dataSync())).toBeLessThanOrEqual(1 + 1e-5);
    const denseNorms = tf.tidy(() => net.constrained[1]!.variable.read().square().sum(0).sqrt());
    expect(Math.max(...denseNorms.dataSync())).toBeLessThanOrEqual(0.25 + 1e-5);
    expect(Math.max(...denseNorms.dataSync())).toBeGreaterThan(0.2);
    tf.dispose([spatialNorms, denseNorms]);
    net.model.dispose();
  });

  it('refuses epochs shorter than the two pooling layers need', () => {
    expect(() => buildEegNet({ nChannels: 4, nSamples: 16, kernelLength: 8 }, createRng(1)))
      .toThrow(/at least 32/);
  });
});
