/**
 * The auto-written methods paragraph and its reference list, filled in from the results so that
 * the numbers in the text are the numbers that were run.
 */
import type { ReportInput } from './types.js';

/** A reference as printed in the list (APA-like). */
export interface Reference {
  key: string;
  /** How the text cites it: "Hanley & McNeil, 1982". */
  cite: string;
  text: string;
}

/** Every reference the methods paragraph may cite. */
export const REFERENCES: Reference[] = [
  {
    key: 'Greenwald2003',
    cite: 'Greenwald et al., 2003',
    text: 'Greenwald, A. G., Nosek, B. A., & Banaji, M. R. (2003). Understanding and ' +
      'using the Implicit Association Test: I. An improved scoring algorithm. Journal ' +
      'of Personality and Social Psychology, 85(2), 197–216.',
  },
  {
    key: 'Kucukelbir2017',
    cite: 'Kucukelbir et al., 2017',
    text: 'Kucukelbir, A., Tran, D., Ranganath, R., Gelman, A., & Blei, D. M. (2017). ' +
      'Automatic differentiation variational inference. Journal of Machine Learning ' +
      'Research, 18(14), 1–45.',
  },
  {
    key: 'Piironen2017',
    cite: 'Piironen & Vehtari, 2017',
    text: 'Piironen, J., & Vehtari, A. (2017). Sparsity information and regularization in ' +
      'the horseshoe and other shrinkage priors. Electronic Journal of Statistics, ' +
      '11(2), 5018–5051.',
  },
  {
    key: 'Yao2018',
    cite: 'Yao et al., 2018',
    text: 'Yao, Y., Vehtari, A., Simpson, D., & Gelman, A. (2018). Yes, but did it work?: ' +
      'Evaluating variational inference. Proceedings of the 35th International ' +
      'Conference on Machine Learning, PMLR 80, 5581–5590.',
  },
  {
    key: 'Vehtari2024',
    cite: 'Vehtari et al., 2024',
    text: 'Vehtari, A., Simpson, D., Gelman, A., Yao, Y., & Gabry, J. (2024). Pareto ' +
      'smoothed importance sampling. Journal of Machine Learning Research, 25(72), ' +
      '1–58.',
  },
  {
    key: 'Hanley1982',
    cite: 'Hanley & McNeil, 1982',
    text: 'Hanley, J. A., & McNeil, B. J. (1982). The meaning and use of the area under a ' +
      'receiver operating characteristic (ROC) curve. Radiology, 143(1), 29–36.',
  },
  {
    key: 'Efron1993',
    cite: 'Efron & Tibshirani, 1993',
    text: 'Efron, B., & Tibshirani, R. J. (1993). An introduction to the bootstrap. ' +
      'Chapman & Hall.',
  },
  {
    key: 'Ojala2010',
    cite: 'Ojala & Garriga, 2010',
    text: 'Ojala, M., & Garriga, G. C. (2010). Permutation tests for studying classifier ' +
      'performance. Journal of Machine Learning Research, 11, 1833–1863.',
  },
  {
    key: 'Benjamini1995',
    cite: 'Benjamini & Hochberg, 1995',
    text: 'Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: A ' +
      'practical and powerful approach to multiple testing. Journal of the Royal ' +
      'Statistical Society B, 57(1), 289–300.',
  },
  {
    key: 'Benjamini2005',
    cite: 'Benjamini & Yekutieli, 2005',
    text: 'Benjamini, Y., & Yekutieli, D. (2005). False discovery rate–adjusted multiple ' +
      'confidence intervals for selected parameters. Journal of the American ' +
      'Statistical Association, 100(469), 71–81.',
  },
  {
    key: 'Shepard1968',
    cite: 'Shepard, 1968',
    text: 'Shepard, D. (1968). A two-dimensional interpolation function for ' +
      'irregularly-spaced data. Proceedings of the 23rd ACM National Conference, ' +
      '517–524.',
  },
];

/** The methods paragraph (plain text; the caller escapes it) and the references it cites. */
export function methodsParagraph(input: ReportInput): { text: string; references: Reference[] } {
  const repro = input.reproducibility;
  const nParticipants = input.totalParticipants
    ?? input.cohorts.reduce((sum, cohort) => sum + cohort.nParticipants, 0);
  const cohorts = input.cohorts.map((c) => `${c.name}, n = ${c.nParticipants}`).join('; ');
  const methods = [...new Set(input.cells.map((cell) => cell.method))].join(', ');
  const labels = input.labels.map((label) => label.name).join(', ');
  const plural = (count: number, word: string): string => `${word}${count === 1 ? '' : 's'}`;
  const excluded = input.exclusions
    .map((exclusion) =>
      `${exclusion.count} ${plural(exclusion.count, exclusion.level)} (${exclusion.reason})`)
    .join(', ');
  const oneLabel = input.labels.length === 1;
  const cv = repro.crossValidation === undefined ? '' : ` with ${repro.crossValidation}`;
  const sentences = [
    `Data from ${nParticipants} participants in ${input.cohorts.length} ` +
      `${plural(input.cohorts.length, 'cohort')} (${cohorts}) were analysed.`,
    excluded === '' ? 'No trials, epochs or participants were excluded.'
      : `Excluded were ${excluded}.`,
    'IAT contrasts were scored with the improved D-score algorithm (Greenwald et al., 2003).',
    `The ${oneLabel ? 'label' : 'labels'} ${labels} ${oneLabel ? 'was' : 'were'} predicted out ` +
      `of sample${cv} by ${methods}.`,
  ];
  if (input.models.length > 0) {
    const prior = input.models.find((model) => model.prior !== undefined)?.prior;
    const horseshoe = prior !== undefined && /horseshoe/i.test(prior)
      ? ' (Piironen & Vehtari, 2017)' : '';
    sentences.push('The Bayesian model is a sparse hierarchical logistic regression' +
      `${prior === undefined ? '' : ` with a ${prior} prior${horseshoe}`}, fitted by automatic ` +
      'differentiation variational inference (Kucukelbir et al., 2017); the fits were checked ' +
      'with Pareto-smoothed importance sampling (Yao et al., 2018; Vehtari et al., 2024).');
  }
  sentences.push(
    'Discrimination was measured by the area under the ROC curve (Hanley & McNeil, 1982) with ' +
      `${repro.intervalMethod ?? 'percentile bootstrap'} confidence intervals` +
      `${repro.nBootstrap === undefined ? '' : ` from ${repro.nBootstrap} resamples`} ` +
      '(Efron & Tibshirani, 1993).',
    `p-values come from${repro.nPermutations === undefined ? '' : ` ${repro.nPermutations}`} ` +
      'label permutations (Ojala & Garriga, 2010); q-values control the false discovery rate ' +
      `across the ${input.cells.length} comparisons (Benjamini & Hochberg, 1995), and adjusted ` +
      'intervals control the false coverage rate (Benjamini & Yekutieli, 2005).',
  );
  if (input.eeg !== undefined) {
    sentences.push('Scalp maps interpolate the EEG weights between electrodes by ' +
      'inverse-distance weighting (Shepard, 1968).');
  }
  const version = repro.versions['iatbayes'];
  const node = repro.versions['node'];
  sentences.push(`Analyses ran in iatbayes${version === undefined ? '' : ` ${version}`}` +
    `${node === undefined ? '' : ` on Node.js ${node}`} with the ${repro.backend} ` +
    `TensorFlow.js backend and random seed ${repro.seed}.`);
  const text = sentences.join(' ');
  return { text, references: REFERENCES.filter((reference) => text.includes(reference.cite)) };
}

