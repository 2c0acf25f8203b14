/**
 * Design study for the Bayesian model at small n (docs/model.md, "Design study"): pooled
 * held-out AUC of candidate priors on simulated cohorts with a known sparse truth, on
 * repeated stratified k-fold splits fitted as one batch each. Run:
 *   npx tsx src/bench/modelDesign.ts [participants] [features] [effect] [cohorts]
 */
import { fitBatch } from '../model/fit.js';
import { predict } from '../model/predict.js';
import type { ModelSettings, WeightPrior } from '../model/settings.js';

/** The regularised horseshoe of the issue (p0 = 5, slab scale 2, slab df 4). */
const HORSESHOE: Extract<WeightPrior, { kind: 'horseshoe' }> = {
  kind: 'horseshoe',
  expectedRelevant: 5,
  slabScale: 2,
  slabDf: 4,
  globalScale: 'learned',
  tau0Rule: 'pseudo-variance',
  factorise: true,
};
import { bayesOptimalAuc, rocAuc, simulateFeatureCohort } from '../simulate/featureCohort.js';
import { createRng, shuffleInPlace } from '../util/rng.js';

/** Stratified k-fold test-fold index per participant. */
export function stratifiedFolds(labels: Float64Array, k: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const fold = new Int32Array(labels.length);
  for (const cls of [0, 1]) {
    const members = shuffleInPlace(
      Array.from(labels.keys()).filter((s) => labels[s] === cls),
      rng,
    );
    members.forEach((s, i) => (fold[s] = i % k));
  }
  return fold;
}

/** Pooled out-of-fold AUC of one settings candidate, folds fitted as one batch. */
export async function crossValidatedAuc(
  cohort: ReturnType<typeof simulateFeatureCohort>,
  settings: Partial<ModelSettings>,
  k: number,
  seed: number,
): Promise<number> {
  const fold = stratifiedFolds(cohort.labels, k, seed);
  const masks = Array.from({ length: k }, (_, f) => Array.from(fold, (x) => (x === f ? 0 : 1)));
  const models = await fitBatch(
    cohort.table,
    masks.map(() => cohort.labels),
    masks,
    { settings, seed },
  );
  const scores = new Float64Array(cohort.labels.length);
  for (let f = 0; f < k; f++) {
    const prediction = await predict(models[f]!, cohort.table);
    fold.forEach((x, s) => {
      if (x === f) scores[s] = prediction.mean[s] as number;
    });
  }
  return rocAuc(scores, cohort.labels);
}

async function main(): Promise<void> {
  const [S = 40, P = 300, effect = 1.2, cohorts = 2] = process.argv.slice(2).map(Number);
  const hs = HORSESHOE;
  const candidates: Record<string, Partial<ModelSettings>> = {
    'horseshoe learned tau plain (spec)': {
      prior: { ...hs, globalScale: 'learned', tau0Rule: 'plain' },
    },
    'horseshoe fixed tau pseudo': { prior: { ...hs, globalScale: 'fixed' } },
    'horseshoe fixed tau pseudo p0=P/4': {
      prior: { ...hs, expectedRelevant: P / 4, globalScale: 'fixed' },
    },
    'horseshoe learned tau pseudo p0=P/4': {
      prior: { ...hs, expectedRelevant: P / 4, globalScale: 'learned' },
    },
    ard: { prior: { kind: 'ard', shape: 1e-6, rate: 1e-6 } },
    'gaussian learned scale': { prior: { kind: 'gaussian', scale: 'learned' } },
  };
  const only = process.env.CANDIDATES?.split(',');
  for (let c = 0; c < cohorts; c++) {
    const naming = process.env.NAMING === 'iat-eeg' ? ('iat-eeg' as const) : ('generic' as const);
    const options = { participants: S, features: P, effect, seed: 100 + c, naming };
    const cohort = simulateFeatureCohort(options);
    if (process.env.DUMP) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        `${process.env.DUMP}-${c}.json`,
        JSON.stringify({
          d: [...cohort.table.d],
          se: [...cohort.table.se],
          y: [...cohort.labels],
          S,
          P,
          folds: [...stratifiedFolds(cohort.labels, 5, c)],
        }),
      );
    }
    console.log(
      `cohort ${c}: Bayes-optimal AUC ${bayesOptimalAuc(options).toFixed(3)}, ` +
        `relevant ${cohort.truth.relevant}`,
    );
    for (const [name, settings] of Object.entries(candidates)) {
      if (only && !only.some((o) => name.includes(o))) continue;
      const t = Date.now();
      const auc = await crossValidatedAuc(
        cohort,
        { ...settings, restarts: 1, maxSteps: 1500 },
        5,
        c,
      );
      console.log(
        `  ${name.padEnd(40)} AUC ${auc.toFixed(3)}  (${((Date.now() - t) / 1000).toFixed(1)} s)`,
      );
    }
  }
}

if (process.argv[1]?.endsWith('modelDesign.ts')) await main();
