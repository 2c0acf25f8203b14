/**
 * Throughput of EEG feature extraction (Welch band power + ERP means per channel-epoch) on
 * the cohort case of the features stage: 40 participants x 200 trials x 64 channels x 1 s at
 * 256 Hz (512,000 channel-epochs), on seeded synthetic epochs.
 *
 * Reference points measured in the same run: the raw throughput of fft.js's 256-point real
 * transform alone (the one FFT each channel-epoch needs with the default nperseg = 256), and
 * its nominal arithmetic rate under the benchFFT convention of 2.5 N log2 N flops per real
 * transform (half of 5 N log2 N for a complex one; Frigo & Johnson, benchFFT methodology).
 * The ratio "pipeline / raw FFT" is the share of the ideal, FFT-bound speed that the whole
 * feature pipeline reaches. Run alone with:
 *   npx tsx src/bench/features.ts [participants] [trials]
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import FFT from 'fft.js';
import { epochFeatures } from '../features/spectral/epochFeatures.js';
import type { Epochs } from '../ingest/eeg/types.js';
import { createRng } from '../util/rng.js';

/** Sizes of the benchmarked cohort. */
export interface FeatureBenchOptions {
  participants?: number;
  trials?: number;
  channels?: number;
  sfreqHz?: number;
  /** Epoch length in samples (1 s at the default 256 Hz). */
  samples?: number;
  seed?: number;
  /** Where result lines go (default stdout). */
  write?: (line: string) => void;
}

/** What the benchmark measured. */
export interface FeatureBenchResult {
  channelEpochs: number;
  seconds: number;
  /** Trial epochs (all channels) per second. */
  epochsPerSecond: number;
  channelEpochsPerSecond: number;
  /** fft.js real transforms of the epoch length per second, measured alone. */
  rawFftPerSecond: number;
  /** 2.5 N log2 N * rawFftPerSecond, in Gflop/s. */
  rawFftGflops: number;
  /** channelEpochsPerSecond / rawFftPerSecond. */
  pipelineOverRawFft: number;
}

/** Synthetic epochs of one participant: white noise plus a 10 Hz rhythm, seeded. */
function syntheticEpochs(trials: number, channels: number, samples: number, sfreqHz: number,
  seed: number): Epochs {
  const rng = createRng(seed).fork('bench-features');
  const data = new Float64Array(trials * channels * samples);
  for (let i = 0; i < data.length; i++) {
    const t = (i % samples) / sfreqHz;
    data[i] = 10 * rng.normal() + 20 * Math.sin(2 * Math.PI * 10 * t);
  }
  return {
    channelNames: Array.from({ length: channels }, (_, c) => `E${c + 1}`),
    units: new Array<string>(channels).fill('uV'),
    sfreqHz,
    tminS: -0.2,
    nEpochs: trials,
    nChannels: channels,
    nSamples: samples,
    data,
  };
}

interface RealFft {
  realTransform(out: Float64Array, data: Float64Array): void;
}

/** Real transforms of length n per second, fft.js alone, buffers reused. */
function measureRawFft(n: number, minSeconds: number, seed: number): number {
  const fft = new FFT(n) as unknown as RealFft;
  const rng = createRng(seed).fork('bench-raw-fft');
  const input = Float64Array.from({ length: n }, () => rng.normal());
  const output = new Float64Array(2 * n);
  for (let i = 0; i < 2000; i++) fft.realTransform(output, input); // warm-up (JIT)
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minSeconds) {
    for (let i = 0; i < 10_000; i++) fft.realTransform(output, input);
    count += 10_000;
    elapsed = (performance.now() - start) / 1000;
  }
  return count / elapsed;
}

/** Runs the benchmark, prints a summary and returns the numbers. */
export function benchFeatures(options: FeatureBenchOptions = {}): FeatureBenchResult {
  const participants = options.participants ?? 40;
  const trials = options.trials ?? 200;
  const channels = options.channels ?? 64;
  const sfreqHz = options.sfreqHz ?? 256;
  const samples = options.samples ?? 256;
  const seed = options.seed ?? 1;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));

  // One participant's epochs are generated once and processed once per participant: the
  // data values do not change the work done, and generating 131 M normals would dominate.
  const epochs = syntheticEpochs(trials, channels, samples, sfreqHz, seed);
  epochFeatures({ ...epochs, nEpochs: 2, data: epochs.data.subarray(0, 2 * channels * samples) });

  const start = performance.now();
  let checksum = 0;
  for (let p = 0; p < participants; p++) {
    const matrix = epochFeatures(epochs);
    checksum += matrix.values[p % matrix.values.length] as number;
  }
  const seconds = (performance.now() - start) / 1000;

  const channelEpochs = participants * trials * channels;
  const channelEpochsPerSecond = channelEpochs / seconds;
  const rawFftPerSecond = measureRawFft(samples, 1, seed);
  const flopsPerFft = 2.5 * samples * Math.log2(samples);
  const result: FeatureBenchResult = {
    channelEpochs,
    seconds,
    epochsPerSecond: (participants * trials) / seconds,
    channelEpochsPerSecond,
    rawFftPerSecond,
    rawFftGflops: (rawFftPerSecond * flopsPerFft) / 1e9,
    pipelineOverRawFft: channelEpochsPerSecond / rawFftPerSecond,
  };

  write(`features: ${participants} participants x ${trials} trials x ${channels} channels x ` +
    `${samples} samples at ${sfreqHz} Hz (${channelEpochs} channel-epochs; Welch hann ` +
    `nperseg ${Math.min(256, samples)}, 5 bands, 3 ERP windows; checksum ${checksum.toFixed(3)})`);
  write(`  cohort time          ${seconds.toFixed(2)} s`);
  write(`  trial epochs/s       ${result.epochsPerSecond.toFixed(0)}`);
  write(`  channel-epochs/s     ${channelEpochsPerSecond.toFixed(0)}`);
  write(`  raw fft.js ${samples}-pt real transforms/s  ${rawFftPerSecond.toFixed(0)} ` +
    `(${result.rawFftGflops.toFixed(2)} Gflop/s at 2.5 N log2 N)`);
  write(`  pipeline / raw FFT   ${result.pipelineOverRawFft.toFixed(3)} ` +
    `(1.0 = feature extraction as fast as its FFTs alone)`);
  write(`  pipeline at FFT arithmetic  ${((channelEpochsPerSecond * flopsPerFft) / 1e9)
    .toFixed(2)} Gflop/s`);
  return result;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [participants, trials] = process.argv.slice(2).map(Number);
  benchFeatures({ participants, trials });
}
