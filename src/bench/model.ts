/**
 * Benchmark of the Bayesian model against the speed target: a whole leave-one-out
 * evaluation of one configuration (40 participants x 330 features) through the evaluation
 * engine's batched path (BayesianIatModel.fitPredictFolds: every fold cold-started, the fused
 * kernel on all cores, the convergence rule), against the reference measured in the same run:
 * 40 sequential fits of 2,000 Adam steps of the same ELBO compiled by jax (lax.scan), when
 * `python3 -c "import jax"` works (the bench never requires Python).
 *
 * Same-work comparison: the 40 leave-one-out fits' prepared problem (ARD, mean-field, K = 8,
 * one restart, exactly 2,000 Adam steps, no convergence stop) run by the fused kernel and by
 * src/bench/model_jax.py; each reports the mean ELBO of its last 100 steps, so the two
 * optimisers' ELBOs at equal work are compared fit by fit (different noise, so they differ by
 * Monte Carlo error). The pooled LOO AUC of the 2,000-step fits shows what the convergence
 * rule's earlier stop costs.
 * Run: npx tsx src/bench/model.ts [participants] [features] [effect]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShrinkageLda } from '../baselines/lda.js';
import { L2LogisticRegression } from '../baselines/logistic.js';
import { crossValidate } from '../evaluate/crossValidate.js';
import { makeCvPlan } from '../evaluate/cv.js';
import { selectBackend } from '../model/backend.js';
import { BayesianIatModel } from '../model/bayesianIatModel.js';
import { fitBatch } from '../model/fit.js';
import { defaultKernelThreads } from '../model/kernelThreads.js';
import { predict } from '../model/predict.js';
import type { VariationalProblem } from '../model/problem.js';
import { subsetTable } from '../model/subset.js';
import type { Estimator } from '../model/estimator.js';
import { bayesOptimalAuc, rocAuc, simulateFeatureCohort } from '../simulate/featureCohort.js';
import { createCliLogger } from '../util/log.js';
import { createRng } from '../util/rng.js';

type Cohort = ReturnType<typeof simulateFeatureCohort>;

async function looAuc(
  cohort: Cohort,
  factory: () => Estimator,
): Promise<{ auc: number; seconds: number }> {
  const plan = makeCvPlan({ kind: 'leave-one-out' }, cohort.labels, createRng(1));
  const started = performance.now();
  const out = await crossValidate(
    { features: cohort.table, labels: cohort.labels },
    plan,
    factory,
    createRng(2),
  );
  return { auc: rocAuc(out.scores, cohort.labels), seconds: (performance.now() - started) / 1000 };
}

/** Whether python3 with jax can run here (never required). */
function jaxAvailable(): boolean {
  const probe = spawnSync('python3', ['-c', 'import jax'], { stdio: 'ignore' });
  return probe.status === 0;
}

interface JaxTimings {
  sequential_s: number;
  batched_s: number;
  compile_s: number;
  final_elbo: number[];
  device: string;
}

function runJax(problem: VariationalProblem, steps: number, window: number): JaxTimings {
  const prior = problem.settings.prior;
  if (prior.kind !== 'ard') throw new Error('the jax reference implements the ARD prior only');
  const folder = mkdtempSync(join(tmpdir(), 'iatbayes-jax-'));
  try {
    const file = join(folder, 'problem.json');
    writeFileSync(
      file,
      JSON.stringify({
        batch: problem.batch,
        participants: problem.participants,
        features: problem.layout.features,
        m: [...problem.m],
        v: [...problem.v],
        y: [...problem.y],
        mask: [...problem.mask],
        init: [...problem.init],
        draws: problem.settings.draws,
        steps,
        window,
        learningRate: problem.settings.learningRate,
        shape: prior.shape,
        rate: prior.rate,
        interceptScale: problem.settings.interceptScale,
      }),
    );
    // src/bench and dist/bench are both two levels below the package root; tsc does not copy
    // the script into dist, so it is always read from src.
    const script = fileURLToPath(new URL('../../src/bench/model_jax.py', import.meta.url));
    return JSON.parse(execFileSync('python3', [script, file], { encoding: 'utf8' })) as JaxTimings;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Mean and standard error of paired differences a - b. */
function pairedDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { mean: number; se: number } {
  const d = Array.from({ length: a.length }, (_, i) => (a[i] as number) - (b[i] as number));
  const mean = d.reduce((x, y) => x + y, 0) / d.length;
  const variance = d.reduce((x, y) => x + (y - mean) ** 2, 0) / (d.length - 1);
  return { mean, se: Math.sqrt(variance / d.length) };
}

/**
 * The S leave-one-out fits run for exactly `steps` steps by the fused kernel and, when
 * available, by jax: seconds, final ELBOs and the kernel fits' pooled LOO AUC.
 */
async function sameWork(cohort: Cohort, steps: number): Promise<Record<string, number | string>> {
  const S = cohort.labels.length;
  const window = 100;
  const masks = Array.from({ length: S }, (_, left) =>
    Array.from({ length: S }, (_, s) => (s === left ? 0 : 1)),
  );
  let captured: VariationalProblem | undefined;
  const settings = {
    restarts: 1,
    maxSteps: steps,
    minSteps: steps,
    window,
    tolerance: 0,
    predictiveTolerance: 0,
  };
  const started = performance.now();
  const models = await fitBatch(
    cohort.table,
    masks.map(() => cohort.labels),
    masks,
    {
      seed: 1,
      settings,
      onProblem: (problem) => {
        captured = problem;
      },
    },
  );
  const kernelS = (performance.now() - started) / 1000;
  const scores = new Float64Array(S);
  for (const [left, model] of models.entries()) {
    scores[left] = (await predict(model, subsetTable(cohort.table, [left]))).mean[0] as number;
  }
  const kernelElbo = models.map((model) => model.diagnostics.finalElbo);
  const row: Record<string, number | string> = {
    [`same work: kernel s (${S} fits x ${steps} steps)`]: kernelS,
    [`same work: pooled LOO AUC at ${steps} steps`]: rocAuc(scores, cohort.labels),
  };
  if (!jaxAvailable()) {
    row['jax reference'] = 'python3 with jax not found, skipped';
    return row;
  }
  let jax: JaxTimings;
  try {
    jax = runJax(captured as VariationalProblem, steps, window);
  } catch (error) {
    row['jax reference'] = `failed (${(error as Error).message.split('\n')[0]})`;
    return row;
  }
  const elbo = pairedDifference(kernelElbo, jax.final_elbo);
  row['jax sequential s (the target)'] = jax.sequential_s;
  row['jax vmapped s'] = jax.batched_s;
  row['same work: kernel / jax sequential'] = kernelS / jax.sequential_s;
  row['ELBO kernel - jax (mean, fits)'] = elbo.mean;
  row['ELBO kernel - jax (SE)'] = elbo.se;
  row['ELBO jax (mean over fits)'] = jax.final_elbo.reduce((x, y) => x + y, 0) / S;
  return row;
}

export async function benchLeaveOneOut(
  S: number,
  P: number,
  effect: number,
): Promise<Record<string, number | string>> {
  const logger = createCliLogger();
  const backend = await selectBackend({ logger });
  const options = { participants: S, features: P, effect, seed: 100 };
  const cohort = simulateFeatureCohort(options);
  const settings = process.env.MODEL_SETTINGS ? JSON.parse(process.env.MODEL_SETTINGS) : {};
  const row: Record<string, number | string> = {
    backend,
    threads: defaultKernelThreads(),
    'Bayes-optimal AUC': bayesOptimalAuc(options),
  };
  const bayes = await looAuc(cohort, () => new BayesianIatModel({ seed: 1, settings, logger }));
  row['LOO evaluation s (2 restarts, rule)'] = bayes.seconds;
  row['LOO pooled AUC'] = bayes.auc;
  const oneThread = await looAuc(
    cohort,
    () => new BayesianIatModel({ seed: 1, settings, logger, threads: 1 }),
  );
  row['LOO evaluation s, one thread'] = oneThread.seconds;
  if (oneThread.auc !== bayes.auc) throw new Error('the LOO AUC depends on the thread count');
  Object.assign(row, await sameWork(cohort, Number(process.env.SAME_WORK_STEPS ?? 2000)));
  const reference = row['jax sequential s (the target)'];
  if (typeof reference === 'number') {
    row['LOO evaluation / jax sequential'] = bayes.seconds / reference;
    row['LOO one thread / jax sequential'] = oneThread.seconds / reference;
  }
  if (process.env.SAME_WORK_ONLY) return row;
  const lda = await looAuc(cohort, () => new ShrinkageLda());
  const logistic = await looAuc(cohort, () => new L2LogisticRegression({}, createRng(3)));
  row['shrinkage LDA LOO AUC'] = lda.auc;
  row['L2 logistic LOO AUC'] = logistic.auc;
  return row;
}

if (process.argv[1]?.endsWith('model.ts') || process.argv[1]?.endsWith('model.js')) {
  const [S = 40, P = 330, effect = 1.2] = process.argv.slice(2).map(Number);
  for (const [metric, value] of Object.entries(await benchLeaveOneOut(S, P, effect))) {
    console.log(`${metric.padEnd(44)} ${typeof value === 'number' ? value.toPrecision(4) : value}`);
  }
}
