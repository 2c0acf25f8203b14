/**
 * Benchmark of the Bayesian model: a whole leave-one-out evaluation of one configuration
 * (40 participants x 330 features by default) through the evaluation engine's batched path
 * (BayesianIatModel.fitPredictFolds: all folds cold-started in one batch on the fused kernel),
 * with the pooled LOO AUC against the simulator's Bayes-optimal AUC and the shrinkage-LDA and
 * L2-logistic baselines on the same folds, and the per-step cost of the tfjs autodiff program
 * against the fused kernel measured in the same process (ratios hold on a shared machine).
 * Run: npx tsx src/bench/model.ts [participants] [features] [effect]
 *
 * Same-work comparison: the 40 leave-one-out fits' prepared problem (ARD, mean-field, K = 8,
 * a fixed number of Adam steps, no convergence stop) is run by the fused kernel and, when
 * `python3 -c "import jax"` works, by src/bench/model_jax.py (the same ELBO compiled with
 * lax.scan, fits one after another and vmapped); the bench never requires Python.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShrinkageLda } from '../baselines/lda.js';
import { L2LogisticRegression } from '../baselines/logistic.js';
import { crossValidate } from '../evaluate/crossValidate.js';
import { makeCvPlan } from '../evaluate/cv.js';
import { selectBackend } from '../model/backend.js';
import { BayesianIatModel } from '../model/bayesianIatModel.js';
import { fitBatch } from '../model/fit.js';
import type { VariationalProblem } from '../model/vi.js';
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

/** Whether python3 with jax can run here (never required). */
function jaxAvailable(): boolean {
  const probe = spawnSync('python3', ['-c', 'import jax'], { stdio: 'ignore' });
  return probe.status === 0;
}

/**
 * Seconds for the fused kernel to run `steps` Adam steps on each of the S leave-one-out fits,
 * and the same for jax (sequential and vmapped) when available.
 */
async function sameWork(
  cohort: ReturnType<typeof simulateFeatureCohort>, steps: number,
): Promise<void> {
  const S = cohort.labels.length;
  const masks = Array.from({ length: S }, (_, left) =>
    Array.from({ length: S }, (_, s) => (s === left ? 0 : 1)));
  let captured: VariationalProblem | undefined;
  const settings = { restarts: 1, maxSteps: steps, minSteps: steps, window: steps, tolerance: 0,
    predictiveTolerance: 0 };
  const started = Date.now();
  await fitBatch(cohort.table, masks.map(() => cohort.labels), masks, {
    seed: 1, settings, onProblem: (problem) => { captured = problem; },
  });
  const fusedS = (Date.now() - started) / 1000;
  console.log(`same work: ${S} fits x ${steps} steps (K = 8): ` +
    `fused kernel ${fusedS.toFixed(1)} s ` +
    `(incl. host preparation)`);
  if (!jaxAvailable()) {
    console.log('jax reference: python3 with jax not found, skipped');
    return;
  }
  const problem = captured as VariationalProblem;
  const prior = problem.settings.prior;
  if (prior.kind !== 'ard') throw new Error('the jax reference implements the ARD prior only');
  const folder = mkdtempSync(join(tmpdir(), 'iatbayes-jax-'));
  try {
    const file = join(folder, 'problem.json');
    writeFileSync(file, JSON.stringify({
      batch: problem.batch, participants: problem.participants, features: problem.layout.features,
      m: [...problem.m], v: [...problem.v], y: [...problem.y], mask: [...problem.mask],
      init: [...problem.init], draws: problem.settings.draws, steps,
      learningRate: problem.settings.learningRate, shape: prior.shape, rate: prior.rate,
      interceptScale: problem.settings.interceptScale,
    }));
    const script = join(dirname(fileURLToPath(import.meta.url)), 'model_jax.py');
    const jax = JSON.parse(execFileSync('python3', [script, file], { encoding: 'utf8' })) as {
      sequential_s: number; batched_s: number; compile_s: number; device: string;
    };
    console.log(`jax reference (${jax.device}): sequential ${jax.sequential_s.toFixed(1)} s, ` +
      `vmapped ${jax.batched_s.toFixed(1)} s (compile ${jax.compile_s.toFixed(1)} s excluded); ` +
      `fused kernel / jax sequential = ${(fusedS / jax.sequential_s).toFixed(1)}x`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchLeaveOneOut(S: number, P: number, effect: number): Promise<void> {
  const logger = createCliLogger();
  const backend = await selectBackend({ logger });
  const options = { participants: S, features: P, effect, seed: 100 };
  const cohort = simulateFeatureCohort(options);
  const settings = process.env.MODEL_SETTINGS ? JSON.parse(process.env.MODEL_SETTINGS) : {};
  console.log(`backend ${backend}; cohort ${S} x ${P}, ` +
    `Bayes-optimal AUC ${bayesOptimalAuc(options).toFixed(3)}`);
  await sameWork(cohort, Number(process.env.SAME_WORK_STEPS ?? 400));
  if (process.env.SAME_WORK_ONLY) return;
  const bayes = await looAuc(cohort, () => new BayesianIatModel({ seed: 1, settings, logger }));
  console.log(`Bayesian model: whole LOO evaluation ${bayes.seconds.toFixed(1)} s ` +
    '(issue target ~8 s, ' +
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
