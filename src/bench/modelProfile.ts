/**
 * Profile of the variational hot loop (docs/model.md, "Speed"): milliseconds per Adam step and
 * tensor kernels per step for one fit and for a batch of leave-one-out folds, measured in the
 * same process so that the ratios hold on a shared machine. Run:
 *   npx tsx src/bench/modelProfile.ts [participants] [features] [steps]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../model/backend.js';
import { fitBatch } from '../model/fit.js';
import { simulateFeatureCohort } from '../simulate/featureCohort.js';

async function timeBatch(
  S: number, P: number, batch: number, steps: number, engine: 'auto' | 'tfjs' = 'auto',
): Promise<number> {
  const cohort = simulateFeatureCohort({ participants: S, features: P, effect: 1.2, seed: 100 });
  const masks = Array.from({ length: batch }, (_, left) =>
    Array.from({ length: S }, (_, s) => (s === left ? 0 : 1)));
  const settings = { maxSteps: steps, minSteps: steps, window: steps, restarts: 1, engine };
  const started = performance.now();
  await fitBatch(cohort.table, masks.map(() => cohort.labels), masks, { settings, seed: 1 });
  return performance.now() - started;
}

async function main(): Promise<void> {
  const [S = 40, P = 330, steps = 100] = process.argv.slice(2).map(Number);
  console.log(`backend ${await selectBackend()}`);
  await timeBatch(S, P, 1, 20);
  for (const batch of [1, S]) {
    for (const round of [1, 2]) {
      for (const engine of ['tfjs', 'auto'] as const) {
        const cpu = process.cpuUsage();
        const shortMs = await timeBatch(S, P, batch, 10, engine);
        const longMs = await timeBatch(S, P, batch, 10 + steps, engine);
        const used = process.cpuUsage(cpu);
        const perStep = (longMs - shortMs) / steps;
        const cpuPerFitStep = (used.user + used.system) / 1000 / ((20 + steps) * batch);
        console.log(`${engine === 'auto' ? 'fused kernel ' : 'tfjs autodiff'}, batch ${batch}, ` +
          `round ${round}: wall ${(perStep / batch).toFixed(3)} ms per fit-step, process CPU ` +
          `${cpuPerFitStep.toFixed(3)} ms per fit-step (incl. set-up)`);
      }
    }
  }
  const info = await tf.profile(() => timeBatch(S, P, 1, 10, 'tfjs'));
  const kernels = new Map<string, number>();
  for (const k of info.kernels) kernels.set(k.name, (kernels.get(k.name) ?? 0) + 1);
  console.log(`tfjs kernels per step (10-step fit): ${(info.kernels.length / 10).toFixed(0)}`);
  const counts = [...kernels].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n / 10}`);
  console.log(counts.join(', '));
}

await main();
