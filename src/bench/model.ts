/**
 * Benchmark of the Bayesian model: a whole leave-one-out evaluation of one configuration
 * (40 participants x 330 features by default), the 40 folds fitted as one batch warm-started
 * from the full-data fit, with the pooled LOO AUC against the simulator's Bayes-optimal AUC.
 * Run: npx tsx src/bench/model.ts [participants] [features] [effect]
 *
 * Limitation: the jax reference of the same ELBO is not run here; the figure for 40
 * sequential compiled-jax fits (about 8 s on two cores) is printed for comparison instead.
 */
import { fitBatch, fitModel } from '../model/fit.js';
import { predict } from '../model/predict.js';
import { selectBackend } from '../model/backend.js';
import { bayesOptimalAuc, rocAuc, simulateFeatureCohort } from '../simulate/featureCohort.js';
import { createCliLogger } from '../util/log.js';

export async function benchLeaveOneOut(S: number, P: number, effect: number): Promise<void> {
  const logger = createCliLogger();
  const backend = await selectBackend({ logger });
  const options = { participants: S, features: P, effect, seed: 100 };
  const cohort = simulateFeatureCohort(options);
  const settings = process.env.MODEL_SETTINGS ? JSON.parse(process.env.MODEL_SETTINGS) : {};
  const started = Date.now();
  const full = await fitModel(cohort.table, cohort.labels, { seed: 1, paretoK: false, logger, settings });
  const fullS = (Date.now() - started) / 1000;
  const masks = Array.from({ length: S }, (_, left) => Array.from({ length: S }, (_, s) => (s === left ? 0 : 1)));
  const folds = await fitBatch(cohort.table, masks.map(() => cohort.labels), masks, {
    seed: 1, warmStart: full, logger, settings,
  });
  const foldsS = (Date.now() - started) / 1000 - fullS;
  const scores = new Float64Array(S);
  for (let s = 0; s < S; s++) scores[s] = (await predict(folds[s]!, cohort.table)).mean[s] as number;
  const totalS = (Date.now() - started) / 1000;
  const steps = folds.map((f) => f.diagnostics.steps);
  console.log(`backend ${backend}; cohort ${S} x ${P}, Bayes-optimal AUC ${bayesOptimalAuc(options).toFixed(3)}`);
  console.log(`full fit ${fullS.toFixed(1)} s (${full.diagnostics.steps} steps, ELBO ${full.diagnostics.finalElbo.toFixed(2)})`);
  console.log(`LOO: ${S} warm-started folds in one batch ${foldsS.toFixed(1)} s, steps ` +
    `${Math.min(...steps)}-${Math.max(...steps)} (mean ${(steps.reduce((a, b) => a + b) / S).toFixed(0)})`);
  console.log(`whole LOO evaluation ${totalS.toFixed(1)} s (issue target: ~8 s, 40 sequential jax fits)`);
  console.log(`pooled LOO AUC ${rocAuc(scores, cohort.labels).toFixed(3)}`);
}

if (process.argv[1]?.endsWith('model.ts') || process.argv[1]?.endsWith('model.js')) {
  const [S = 40, P = 330, effect = 1.2] = process.argv.slice(2).map(Number);
  await benchLeaveOneOut(S, P, effect);
}
