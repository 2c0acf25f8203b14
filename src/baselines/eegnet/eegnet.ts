/**
 * EEGNet (Lawhern et al. 2018) as a participant-level baseline. The network is trained on the
 * training participants' kept-trial epochs, each trial carrying its participant's label
 * (trials weighted so every participant and both classes count equally), with the IAT
 * condition given as an extra input row (+1 mapping B, -1 mapping A). A participant's
 * prediction averages its trials' log-odds, log p(1) - log p(0) = the difference of the two
 * pre-softmax logits, and returns sigmoid(mean). Training stops early on the weighted loss of
 * an inner, stratified validation split of the training participants (seeded), and the
 * weights of the best validation epoch are kept.
 *
 * It runs on the current tfjs backend (wasm, cpu or tfjs-node): the convolutions are matrix
 * products (see ./architecture.ts), so no backend lacks a gradient it needs.
 * No tensor outlives a call: fit keeps the learned weights as Float32Arrays, and predictProba
 * rebuilds the network from them and disposes it again.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../model/backend.js';
import type { Dataset, Estimator, ParticipantEpochs } from '../../model/estimator.js';
import { InputError } from '../../util/errors.js';
import { createRng, shuffleInPlace, type Rng } from '../../util/rng.js';
import { binaryLabels, sigmoid } from '../design.js';
import {
  applyConstraints, buildEegNet, referenceKernelLength, type EegNet,
} from './architecture.js';
import {
  balancedTrialWeights, channelScaling, epochLayout, trialInputs, type ChannelScaling,
  type EpochLayout, type TrialBatchSource,
} from './trialInputs.js';

/** EEGNet's options (JSON). Defaults follow the reference where it has one. */
export interface EegNetOptions {
  /** Temporal filters (default 8), spatial filters per temporal filter (2), separable (16). */
  F1?: number;
  D?: number;
  F2?: number;
  /** Dropout rate (default 0.25, the paper's cross-subject setting). */
  dropoutRate?: number;
  /** Temporal kernel in samples (default half the sampling rate, as the reference). */
  kernelLength?: number;
  /** Add the IAT condition as an input row (default true). */
  conditionRow?: boolean;
  /** Trials per optimiser step (default 32). */
  batchSize?: number;
  /** Passes over the training trials at most (default 100). */
  maxEpochs?: number;
  /** Epochs without a better validation loss before stopping (default 10). */
  patience?: number;
  /** Adam learning rate (default 1e-3, Keras' Adam default, as the reference examples). */
  learningRate?: number;
  /** Share of the training participants held out for early stopping (default 0.25). */
  validationFraction?: number;
  /** Train on at most this many randomly chosen trials per participant (default: all). */
  maxTrialsPerParticipant?: number;
}

/** How a fit went, for toJSON and the benchmark. */
export interface EegNetTrainingSummary {
  epochsRun: number;
  bestEpoch: number;
  bestValidationLoss: number;
  trainingLosses: number[];
  validationLosses: number[];
  trainingParticipants: number;
  validationParticipants: number;
  trainingTrials: number;
  backend: string;
}

interface FittedState {
  layout: EpochLayout;
  scaling: ChannelScaling;
  kernelLength: number;
  rows: number;
  /** Every weight of the model (model.getWeights() order), as plain arrays. */
  weights: Array<{ shape: number[]; values: Float32Array }>;
  /** Training participants' log(n1 / n0): the prediction for a participant without trials. */
  priorLogOdds: number;
  summary: EegNetTrainingSummary;
}

const DEFAULTS = {
  F1: 8, D: 2, F2: 16, dropoutRate: 0.25, conditionRow: true, batchSize: 32, maxEpochs: 100,
  patience: 10, learningRate: 1e-3, validationFraction: 0.25,
} as const;

/** EEGNet on trial epochs, predicting participant labels. `rng` seeds everything random. */
export class EegNetBaseline implements Estimator {
  readonly name = 'eegnet';
  private readonly options: EegNetOptions;
  private readonly rng: Rng;
  private state: FittedState | null = null;

  constructor(options: EegNetOptions = {}, rng: Rng) {
    checkOptions(options);
    this.options = options;
    this.rng = rng;
  }

  async fit(train: Dataset): Promise<void> {
    // Worker threads start without a backend; selectBackend picks one once per thread.
    await selectBackend();
    this.fitNow(train);
  }

  async predictProba(test: Dataset): Promise<Float64Array> {
    await selectBackend();
    return this.predictNow(test);
  }

  private fitNow(train: Dataset): void {
    const labels = binaryLabels(train, this.name);
    const ids = train.features.participantIds;
    const sets = datasetTrials(train, this.name);
    const layout = epochLayout(sets, ids);
    if (layout === null) {
      throw new InputError('eegnet: no training participant has EEG trials', { field: 'trials' });
    }
    const o = { ...DEFAULTS, ...this.options };
    const kernelLength = o.kernelLength ?? referenceKernelLength(layout.sfreqHz);
    const withTrials = ids.flatMap((_, s) => (sets[s]!.nTrials > 0 ? [s] : []));
    const { training, validation } = validationSplit(withTrials, labels, o.validationFraction,
      this.rng.fork('validation'), ids);
    const picks = pickTrials(sets, o.maxTrialsPerParticipant, this.rng.fork('trials'));
    const only = (keep: number[]): Int32Array[] => picks.map((pick, s) =>
      (keep.includes(s) ? pick : new Int32Array(0)));
    const nChannels = layout.channelNames.length;
    const scaling = channelScaling(sets, only(training), nChannels);
    const trainInputs = trialInputs(sets, only(training), scaling, o.conditionRow);
    const validationInputs = trialInputs(sets, only(validation), scaling, o.conditionRow);

    const net = buildEegNet({ nChannels: trainInputs.rows, nSamples: layout.nSamples,
      kernelLength, F1: o.F1, D: o.D, F2: o.F2, dropoutRate: o.dropoutRate }, this.rng.fork('net'));
    const optimizer = tf.train.adam(o.learningRate);
    try {
      const summary = trainWithEarlyStopping(net, optimizer, {
        train: trainInputs, validation: validationInputs, labels, batchSize: o.batchSize,
        maxEpochs: o.maxEpochs, patience: o.patience, shuffle: this.rng.fork('shuffle'),
      });
      const weights = net.model.getWeights().map((w) => ({ shape: [...w.shape],
        values: Float32Array.from(w.dataSync()) }));
      let positives = 0;
      for (const s of withTrials) positives += labels[s]!;
      this.state = {
        layout, scaling, kernelLength, rows: trainInputs.rows, weights,
        priorLogOdds: Math.log(positives / (withTrials.length - positives)),
        summary: { ...summary, trainingParticipants: training.length,
          validationParticipants: validation.length, trainingTrials: trainInputs.nTrials,
          backend: tf.getBackend() },
      };
    } finally {
      optimizer.dispose();
      net.model.dispose();
    }
  }

  private predictNow(test: Dataset): Float64Array {
    const state = this.state;
    if (state === null) throw new Error('eegnet: predictProba called before fit');
    const ids = test.features.participantIds;
    const sets = datasetTrials(test, this.name);
    const layout = epochLayout(sets, ids);
    if (layout !== null) checkSameLayout(layout, state.layout);
    const o = { ...DEFAULTS, ...this.options };
    const picks = sets.map((set) => Int32Array.from({ length: set.nTrials }, (_, k) => k));
    const inputs = trialInputs(sets, picks, state.scaling, o.conditionRow);
    const net = buildEegNet({ nChannels: state.rows, nSamples: state.layout.nSamples,
      kernelLength: state.kernelLength, F1: o.F1, D: o.D, F2: o.F2, dropoutRate: o.dropoutRate },
    createRng(0));
    try {
      const values = state.weights.map((w) => tf.tensor(w.values, w.shape));
      net.model.setWeights(values);
      tf.dispose(values);
      const logOdds = trialLogOdds(net, inputs, o.batchSize);
      const sums = new Float64Array(ids.length);
      const counts = new Float64Array(ids.length);
      inputs.owner.forEach((s, k) => { sums[s] += logOdds[k]!; counts[s]++; });
      return Float64Array.from(sums, (sum, s) =>
        sigmoid(counts[s]! > 0 ? sum / counts[s]! : state.priorLogOdds));
    } finally {
      net.model.dispose();
    }
  }

  /** Options, channel layout, standardisation, training summary and every weight. */
  toJSON(): unknown {
    const state = this.state;
    return {
      method: this.name,
      options: { ...DEFAULTS, ...this.options },
      fitted: state === null ? null : {
        channelNames: state.layout.channelNames,
        sfreqHz: state.layout.sfreqHz,
        nSamples: state.layout.nSamples,
        kernelLength: state.kernelLength,
        inputRows: state.rows,
        channelMean: Array.from(state.scaling.mean),
        channelSd: Array.from(state.scaling.sd),
        priorLogOdds: state.priorLogOdds,
        training: state.summary,
        weights: state.weights.map((w) => ({ shape: w.shape, values: Array.from(w.values) })),
      },
    };
  }

  /** The last fit's training summary (null before fit). */
  trainingSummary(): EegNetTrainingSummary | null {
    return this.state?.summary ?? null;
  }
}

/** The dataset's trial epochs, one per participant, or InputError saying how to attach them. */
function datasetTrials(data: Dataset, method: string): ParticipantEpochs[] {
  const n = data.features.participantIds.length;
  if (data.trials === undefined) {
    throw new InputError(`${method}: the dataset carries no trial epochs (Dataset.trials); `
      + 'EEGNet learns from epochs, so the cohort needs EEG and the study must name the '
      + 'eegnet method', { field: 'trials' });
  }
  if (data.trials.length !== n) {
    throw new InputError(`${method}: ${data.trials.length} trial sets for ${n} participants`,
      { field: 'trials' });
  }
  return data.trials;
}

function checkSameLayout(found: EpochLayout, fitted: EpochLayout): void {
  const same = found.sfreqHz === fitted.sfreqHz && found.nSamples === fitted.nSamples
    && found.channelNames.join('\u0000') === fitted.channelNames.join('\u0000');
  if (!same) {
    throw new InputError(`eegnet: test epochs have ${found.channelNames.length} channels x `
      + `${found.nSamples} samples at ${found.sfreqHz} Hz; the model was fitted on `
      + `${fitted.channelNames.length} x ${fitted.nSamples} at ${fitted.sfreqHz} Hz`,
    { field: 'trials' });
  }
}

/**
 * Stratified inner split of the participants with trials: round(fraction * class size)
 * participants of each class (at least 1) go to validation, at least 1 stays in training.
 */
export function validationSplit(rows: readonly number[], labels: Float64Array, fraction: number,
  rng: Rng, ids: readonly string[]): { training: number[]; validation: number[] } {
  const training: number[] = [];
  const validation: number[] = [];
  for (const label of [0, 1]) {
    const members = rows.filter((s) => labels[s] === label);
    if (members.length < 2) {
      throw new InputError(`eegnet: the training fold has ${members.length} participant(s) with `
        + `label ${label} and EEG trials (${members.map((s) => ids[s]).join(', ')}); early `
        + 'stopping needs at least 2 per class (one to train on, one to validate)',
      { field: 'labels' });
    }
    shuffleInPlace(members, rng);
    const held = Math.min(members.length - 1, Math.max(1, Math.round(fraction * members.length)));
    validation.push(...members.slice(0, held));
    training.push(...members.slice(held));
  }
  return { training: training.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/** Trial indices used per participant: all, or a seeded random subset of `max` in order. */
function pickTrials(sets: readonly ParticipantEpochs[], max: number | undefined,
  rng: Rng): Int32Array[] {
  return sets.map((set, s) => {
    const all = Array.from({ length: set.nTrials }, (_, k) => k);
    if (max === undefined || set.nTrials <= max) return Int32Array.from(all);
    shuffleInPlace(all, rng.fork(s));
    return Int32Array.from(all.slice(0, max).sort((a, b) => a - b));
  });
}

interface TrainingPlan {
  train: TrialBatchSource;
  validation: TrialBatchSource;
  labels: Float64Array;
  batchSize: number;
  maxEpochs: number;
  patience: number;
  shuffle: Rng;
}

/**
 * Adam on the balanced, weighted softmax cross-entropy of the training trials, one seeded
 * shuffle per epoch; after each step the max-norm constraints are re-applied (as Keras does).
 * After each epoch the weighted loss of the validation trials (inference mode) decides: the
 * best epoch's weights are restored at the end; `patience` epochs without improvement stop.
 */
function trainWithEarlyStopping(net: EegNet, optimizer: tf.Optimizer, plan: TrainingPlan):
  Omit<EegNetTrainingSummary, 'trainingParticipants' | 'validationParticipants'
    | 'trainingTrials' | 'backend'> {
  const trainWeights = balancedTrialWeights(plan.train.owner, plan.labels);
  const validationWeights = balancedTrialWeights(plan.validation.owner, plan.labels);
  const variables = net.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const trainingLosses: number[] = [];
  const validationLosses: number[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, epoch: -1, weights: [] as Float32Array[] };
  let epochsRun = 0;
  for (let epoch = 0; epoch < plan.maxEpochs; epoch++) {
    const indices = Array.from({ length: plan.train.nTrials }, (_, k) => k);
    const order = Int32Array.from(shuffleInPlace(indices, plan.shuffle.fork(epoch)));
    let lossSum = 0;
    for (let start = 0; start < order.length; start += plan.batchSize) {
      const batch = order.subarray(start, Math.min(order.length, start + plan.batchSize));
      const { x, y, w } = batchTensors(plan.train, batch, plan.labels, trainWeights);
      const loss = optimizer.minimize(() => weightedCrossEntropy(
        net.logits.apply(x, { training: true }) as tf.Tensor, y, w), true, variables);
      lossSum += loss!.dataSync()[0]! * batch.length;
      tf.dispose([x, y, w, loss!]);
      applyConstraints(net);
    }
    trainingLosses.push(lossSum / order.length);
    const validationLoss = evaluateLoss(net, plan.validation, plan.labels, validationWeights,
      plan.batchSize);
    validationLosses.push(validationLoss);
    epochsRun = epoch + 1;
    if (validationLoss < best.loss) {
      best = { loss: validationLoss, epoch, weights: net.model.getWeights()
        .map((value) => Float32Array.from(value.dataSync())) };
    } else if (epoch - best.epoch >= plan.patience) {
      break;
    }
  }
  const shapes = net.model.getWeights().map((value) => value.shape);
  const restored = best.weights.map((values, k) => tf.tensor(values, shapes[k]));
  net.model.setWeights(restored);
  tf.dispose(restored);
  return { epochsRun, bestEpoch: best.epoch + 1, bestValidationLoss: best.loss, trainingLosses,
    validationLosses };
}

/** sum_k w_k * CE_k / (batch size): with weights of mean 1, an unbiased batch estimate. */
function weightedCrossEntropy(logits: tf.Tensor, onehot: tf.Tensor, weights: tf.Tensor):
  tf.Scalar {
  return tf.tidy(() => {
    const perTrial = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1));
    return tf.div(tf.sum(tf.mul(perTrial, weights)), weights.shape[0]!) as tf.Scalar;
  });
}

/** Weighted mean cross-entropy of a trial set in inference mode. */
function evaluateLoss(net: EegNet, source: TrialBatchSource, labels: Float64Array,
  weights: Float32Array, batchSize: number): number {
  let total = 0;
  let weightSum = 0;
  const all = Int32Array.from({ length: source.nTrials }, (_, k) => k);
  for (let start = 0; start < all.length; start += batchSize) {
    const batch = all.subarray(start, Math.min(all.length, start + batchSize));
    const { x, y, w } = batchTensors(source, batch, labels, weights);
    const loss = tf.tidy(() => tf.mul(weightedCrossEntropy(
      net.logits.apply(x, { training: false }) as tf.Tensor, y, w), batch.length));
    total += loss.dataSync()[0]!;
    for (const k of batch) weightSum += weights[k]!;
    tf.dispose([x, y, w, loss]);
  }
  return total / weightSum;
}

/** Per-trial log-odds (logit of class 1 minus logit of class 0), inference mode. */
function trialLogOdds(net: EegNet, source: TrialBatchSource, batchSize: number): Float64Array {
  const result = new Float64Array(source.nTrials);
  const size = source.rows * source.nSamples;
  for (let start = 0; start < source.nTrials; start += batchSize) {
    const end = Math.min(source.nTrials, start + batchSize);
    const logOdds = tf.tidy(() => {
      const x = tf.tensor4d(source.data.subarray(start * size, end * size),
        [end - start, source.rows, source.nSamples, 1]);
      const logits = net.logits.apply(x, { training: false }) as tf.Tensor2D;
      const [zero, one] = tf.split(logits, 2, 1);
      return tf.sub(one!, zero!);
    });
    result.set(logOdds.dataSync(), start);
    logOdds.dispose();
  }
  return result;
}

/** Input, one-hot label and weight tensors of the trials `batch`. */
function batchTensors(source: TrialBatchSource, batch: Int32Array, labels: Float64Array,
  weights: Float32Array): { x: tf.Tensor4D; y: tf.Tensor2D; w: tf.Tensor1D } {
  const size = source.rows * source.nSamples;
  const inputs = new Float32Array(batch.length * size);
  const onehot = new Float32Array(batch.length * 2);
  const batchWeights = new Float32Array(batch.length);
  batch.forEach((k, b) => {
    inputs.set(source.data.subarray(k * size, (k + 1) * size), b * size);
    onehot[b * 2 + labels[source.owner[k]!]!] = 1;
    batchWeights[b] = weights[k]!;
  });
  return {
    x: tf.tensor4d(inputs, [batch.length, source.rows, source.nSamples, 1]),
    y: tf.tensor2d(onehot, [batch.length, 2]),
    w: tf.tensor1d(batchWeights),
  };
}

function checkOptions(options: EegNetOptions): void {
  const positiveInteger = (value: number | undefined, field: string): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new InputError(`eegnet: ${field} is ${value}; expected a positive integer`, { field });
    }
  };
  for (const field of ['F1', 'D', 'F2', 'kernelLength', 'batchSize', 'maxEpochs', 'patience',
    'maxTrialsPerParticipant'] as const) positiveInteger(options[field], field);
  const fraction = options.validationFraction;
  if (fraction !== undefined && !(fraction > 0 && fraction < 1)) {
    throw new InputError(`eegnet: validationFraction is ${fraction}; expected a value in (0, 1)`,
      { field: 'validationFraction' });
  }
  const rate = options.learningRate;
  if (rate !== undefined && !(rate > 0)) {
    throw new InputError(`eegnet: learningRate is ${rate}; expected a positive number`,
      { field: 'learningRate' });
  }
}
