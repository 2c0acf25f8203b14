/**
 * The report's entry points: `renderReport` turns report input into one self-contained HTML
 * string; `writeReport` writes it atomically. Sections appear in the order a reader wants
 * them; a section whose data are absent says so in one line.
 */
import type { ReportInput } from './types.js';
import { RESULTS_SCHEMA, type EvaluationResults } from '../evaluate/results.js';
import { fromResults, type ReportExtras } from './fromResults.js';
import type { SafeHtml } from './html.js';
import { renderPage } from './page.js';
import { summarySection } from './sections/summary.js';
import { resultsSection } from './sections/results.js';
import { rocSection, scoresSection } from './sections/curves.js';
import { modelSection } from './sections/model.js';
import { permutationSection } from './sections/permutation.js';
import { qualitySection } from './sections/quality.js';
import { reproducibilitySection } from './sections/reproducibility.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { silentLogger, type Logger } from '../util/log.js';

/** Options of renderReport. */
export interface ReportOptions {
  /** When given results.json: what it lacks (models, EEG, exclusions; see fromResults). */
  extras?: ReportExtras;
  /** Overrides the input's title. */
  title?: string;
  /** Progress lines ("report: rendering ROC curves"). */
  logger?: Logger;
}

/** Section anchors and titles, in page order (the table of contents). */
export const REPORT_SECTIONS = [
  { id: 'summary', title: 'Summary' },
  { id: 'results', title: 'AUC of every comparison' },
  { id: 'roc', title: 'ROC curves' },
  { id: 'scores', title: 'Scores by class and calibration' },
  { id: 'model', title: 'What the model learned' },
  { id: 'permutation', title: 'Permutation null distributions' },
  { id: 'quality', title: 'Data quality' },
  { id: 'reproducibility', title: 'Reproducibility' },
] as const;

/** True for a results.json document (as opposed to a ReportInput). */
function isEvaluationResults(value: ReportInput | EvaluationResults): value is EvaluationResults {
  return (value as { schema?: unknown }).schema === RESULTS_SCHEMA;
}

/**
 * Renders the complete report as an HTML document (UTF-8 string) from a ReportInput, or from
 * the evaluation results directly (mapped by fromResults with `options.extras`). Charts are
 * rendered to SVG with Vega in this process; nothing is fetched when the page is opened.
 */
export async function renderReport(
  source: ReportInput | EvaluationResults,
  options: ReportOptions = {},
): Promise<string> {
  const input = isEvaluationResults(source) ? fromResults(source, options.extras) : source;
  const logger = options.logger ?? silentLogger;
  const builders: (() => SafeHtml | Promise<SafeHtml>)[] = [
    () => summarySection(input),
    () => resultsSection(input),
    () => rocSection(input),
    () => scoresSection(input),
    () => modelSection(input),
    () => permutationSection(input),
    () => qualitySection(input),
    () => reproducibilitySection(input),
  ];
  const sections: SafeHtml[] = [];
  for (const [index, build] of builders.entries()) {
    logger.progress('report sections', index, builders.length);
    sections.push(await build());
  }
  logger.progress('report sections', builders.length, builders.length);
  const created = input.reproducibility.createdAt;
  return renderPage({
    title: options.title ?? input.title,
    subtitle: `iatbayes report${created === undefined ? '' : `, results produced ${created}`}`,
    sections,
    toc: REPORT_SECTIONS.map((section) => ({ id: section.id, title: section.title })),
  });
}

/** Renders the report and writes it to `path` atomically; resolves to the HTML's byte size. */
export async function writeReport(
  source: ReportInput | EvaluationResults,
  path: string,
  options: ReportOptions = {},
): Promise<number> {
  const document = await renderReport(source, options);
  writeFileAtomic(path, document);
  return Buffer.byteLength(document, 'utf8');
}
