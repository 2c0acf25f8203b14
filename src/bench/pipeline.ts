/**
 * Benchmark of `npm start`: the demo study through every stage (generation on first use,
 * ingest and features, evaluation, final models, report), with the wall time and share of each
 * stage and the peak resident memory of the process. Targets (issue): under three minutes on
 * two cores and under 1.5 GB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../pipeline/run.js';
import { readStudyFile } from '../pipeline/studyFile.js';
import { simulateDemoStudy } from '../simulate/demoStudy.js';
import { silentLogger } from '../util/log.js';

/** Runs the demo pipeline in a temporary folder and returns its timings. */
export async function benchPipeline(): Promise<Record<string, number | string>> {
  const folder = mkdtempSync(join(tmpdir(), 'iatbayes-bench-pipeline-'));
  try {
    const began = performance.now();
    const generated = performance.now();
    simulateDemoStudy(join(folder, 'demo'));
    const generationS = (performance.now() - generated) / 1000;
    const study = readStudyFile(join(folder, 'demo', 'study.json'));
    // The full study (leave-one-out, 200 permutations) takes far longer than npm start's
    // settings; IATBAYES_BENCH_CV=loo and IATBAYES_BENCH_PERMUTATIONS=200 run it.
    const permutations = process.env.IATBAYES_BENCH_PERMUTATIONS;
    if (permutations !== undefined) study.permutations = Number(permutations);
    if (process.env.IATBAYES_BENCH_CV === 'loo') study.cv = { kind: 'leave-one-out' };
    const output = await runPipeline(study, {
      logger: silentLogger,
      reportsDir: join(folder, 'reports'),
      modelsDir: join(folder, 'models'),
    });
    const totalS = (performance.now() - began) / 1000;
    const row: Record<string, number | string> = {
      permutations: study.permutations,
      'total s': totalS,
      'share generation': generationS / totalS,
    };
    for (const stage of output.timings) row[`share ${stage.stage}`] = stage.seconds / totalS;
    const evaluation = output.results.timings;
    row['evaluation: share cross-validation'] = evaluation.crossValidationMs / evaluation.totalMs;
    row['evaluation: share bootstrap'] = evaluation.bootstrapMs / evaluation.totalMs;
    row['evaluation: share permutations'] = evaluation.permutationMs / evaluation.totalMs;
    row['peak RSS MB'] = process.resourceUsage().maxRSS / 1024;
    row['ratio to 3-minute target'] = totalS / 180;
    return row;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
