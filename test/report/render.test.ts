import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReport, REPORT_SECTIONS } from '../../src/report/render.js';
import { listStartTags } from '../../src/report/markup.js';
import { fromResults } from '../../src/report/fromResults.js';
import { readResults, validateResults } from '../../src/report/readResults.js';
import { InputError } from '../../src/util/errors.js';
import { main } from '../../src/cli/main.js';
import type { ReportInput } from '../../src/report/types.js';
import { syntheticReportInput } from '../fixtures/report/synthetic.js';
import { HOSTILE, hostileInput } from '../fixtures/report/hostile.js';
import { resultsFromInput } from '../fixtures/report/resultsFixture.js';

let input: ReportInput;
let report: string;

beforeAll(async () => {
  input = syntheticReportInput();
  report = await renderReport(input);
});

/** The markup of each <figure class="chart">, by its data-chart name. */
function figures(document: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /<figure class="chart" data-chart="([^"]+)">([\s\S]*?)<\/figure>/g;
  for (const match of document.matchAll(pattern)) {
    found.set(match[1]!, match[2]!);
  }
  return found;
}

describe('report content', () => {
  it('has the eight sections in the order a reader wants them', () => {
    const positions = REPORT_SECTIONS.map((section) =>
      report.indexOf(`<section id="${section.id}">`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('draws every chart as an inline SVG with marks', () => {
    const charts = figures(report);
    expect([...charts.keys()].sort()).toEqual([
      'calibration', 'elbo-0', 'elbo-1', 'erps', 'forest', 'khat-0', 'khat-1', 'participants',
      'permutation', 'roc', 'scores', 'spectra', 'topomap', 'weights-0', 'weights-1',
    ]);
    for (const [name, markup] of charts) {
      const tags = listStartTags(markup).map((tag) => tag.name);
      expect(tags.filter((tag) => tag === 'svg'), name).toHaveLength(1);
      const marks = tags.filter((tag) => tag === 'path' || tag === 'line');
      expect(marks.length, name).toBeGreaterThan(5);
      expect(markup, name).toMatch(/viewBox="0 0 [1-9]\d* [1-9]\d*"/);
    }
  });

  it('states the headline cell in one sentence with its AUC, interval, p and q', () => {
    const cell = input.cells[0]!;
    const headline = /<p class="headline">([^<]*)<\/p>/.exec(report)![1]!;
    expect(headline).toContain(`AUC of ${cell.auc.toFixed(2)}`);
    expect(headline).toContain(`95% CI ${cell.ci[0].toFixed(2)}–${cell.ci[1].toFixed(2)}`);
    expect(headline).toMatch(/p [=<] \.\d{3}, q [=<] \.\d{3} after correction for 8 comparisons/);
  });

  it('says in words when the headline AUC could not be computed', async () => {
    const broken = { ...input.cells[0]!, auc: Number.NaN, ci: [Number.NaN, Number.NaN] as const };
    const document = await renderReport({ ...input, cells: [broken, ...input.cells.slice(1)] });
    const headline = /<p class="headline">([^<]*)<\/p>/.exec(document)![1]!;
    expect(headline).toContain('could not be computed');
    expect(headline).not.toContain('NaN');
    const withoutScript = document.replace(/<script>[\s\S]*?<\/script>/, '');
    expect(withoutScript).not.toMatch(/>[^<]*NaN[^<]*</);
  });

  it('lists every cell in the results table even without scripts', () => {
    const table = /<table class="sortable results">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/;
    const body = table.exec(report)![1]!;
    expect(body.match(/<tr /g)).toHaveLength(input.cells.length);
  });

  it('has print rules: a page break before each section, charts that fit a page', () => {
    const print = /@media print \{([\s\S]*?)\n\}/.exec(report)![1]!;
    expect(print).toContain('section { break-before: page; }');
    expect(print).toContain('figure.chart svg { max-width: 100% !important; max-height: 230mm; }');
  });
});

describe('self-contained page', () => {
  it('loads nothing from the network: no http(s) src or href, no script src, no link', () => {
    const tags = listStartTags(report);
    for (const tag of tags) {
      for (const attribute of tag.attributes) {
        if (['src', 'href', 'xlink:href'].includes(attribute.name)) {
          expect(attribute.value).not.toMatch(/^\s*(https?:)?\/\//i);
        }
      }
    }
    expect(tags.filter((tag) => tag.name === 'script')).toHaveLength(1);
    expect(tags.find((tag) => tag.name === 'script')!.attributes).toEqual([]);
    expect(tags.some((tag) => tag.name === 'link' || tag.name === 'img' || tag.name === 'iframe'))
      .toBe(false);
  });

  it('allows exactly its own inline script by hash in the Content-Security-Policy', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(report)![1]!;
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    const policy = listStartTags(report)
      .find((tag) => tag.attributes.some((a) => a.value === 'Content-Security-Policy'))!
      .attributes.find((a) => a.name === 'content')!.value.replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src 'sha256-${hash}'`);
  });
});

describe('absent data', () => {
  it('says so in one line per missing part instead of leaving sections out', async () => {
    const bare: ReportInput = {
      ...input,
      cells: input.cells.map(({ scores: _s, roc: _r, permutationNull: _p, ...cell }) => cell),
      models: [],
      eeg: undefined,
      participants: [],
      exclusions: [],
    };
    const document = await renderReport(bare);
    for (const section of REPORT_SECTIONS) {
      expect(document).toContain(`<section id="${section.id}">`);
    }
    const absent = [...document.matchAll(/<p class="absent">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(absent).toEqual(expect.arrayContaining([
      'No ROC curves: the results carry neither curves nor out-of-fold scores.',
      'No Bayesian model results: posterior weights are not available.',
      'No EEG in this study: no scalp maps, spectra or ERPs.',
      'No permutation test in the results: no null distributions to show.',
      'No exclusions were recorded: every trial, epoch and participant was kept.',
      'No per-participant counts in the results.',
      'No Bayesian model results: no VI diagnostics.',
    ]));
    expect(figures(document).has('forest')).toBe(true);
  });
});

describe('hostile strings from input files', () => {
  let document: string;
  beforeAll(async () => {
    document = await renderReport(hostileInput(input));
  });

  const ALLOWED_ELEMENTS = new Set([
    'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'h4', 'p', 'nav',
    'ol', 'ul', 'li', 'a', 'main', 'section', 'div', 'figure', 'figcaption', 'table', 'caption',
    'thead', 'tbody', 'tr', 'th', 'td', 'dl', 'dt', 'dd', 'pre', 'strong', 'script',
    'svg', 'g', 'path', 'rect', 'line', 'text', 'defs', 'clippath', 'lineargradient', 'stop',
    'tspan',
  ]);

  it('never become markup: elements, attributes and scripts are only the report\'s own', () => {
    const tags = listStartTags(document);
    const unexpected = tags.filter((tag) => !ALLOWED_ELEMENTS.has(tag.name)).map((tag) => tag.name);
    expect(unexpected).toEqual([]);
    expect(tags.filter((tag) => tag.name === 'script')).toHaveLength(1);
    expect(tags.filter((tag) => tag.name === 'style')).toHaveLength(1);
    const handlers = tags.flatMap((tag) => tag.attributes.filter((a) => /^on/.test(a.name)));
    expect(handlers).toEqual([]);
    const links = tags.filter((tag) => tag.name === 'a');
    expect(links).toHaveLength(REPORT_SECTIONS.length);
    for (const link of links) expect(link.attributes[0]!.value).toMatch(/^#[a-z]+$/);
  });

  it('reach the page as visible text, escaped, in HTML and in the charts', () => {
    expect(document).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(document).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(document).toContain('&amp;amp;&amp;lt;b&amp;gt;');
    const svgText = [...figures(document).values()].join('');
    expect(svgText).toMatch(/&lt;\/svg&gt;&lt;script&gt;/);
    expect(HOSTILE.some((text) => document.includes(text))).toBe(false);
  });
});

describe('results.json from the evaluation stage', () => {
  it('maps cells, intervals, q-values and predictions and resamples ROC bands', () => {
    const results = resultsFromInput(input);
    const mapped = fromResults(results, { rocBandReplicates: 50 });
    expect(mapped.cells).toHaveLength(results.cells.length);
    const [first, source] = [mapped.cells[0]!, results.cells[0]!];
    expect(first.ci).toEqual(source.ci.reported);
    expect(first.ciAdjusted).toEqual(source.fcrCi!.reported);
    expect(first.q).toBe(source.qBh);
    expect(first.scores).toHaveLength(source.predictions.participantIds.length);
    expect(first.roc!.band!.fpr).toHaveLength(51);
    expect(mapped.cells[3]!.scoreKind).toBe('score'); // the D-score cell
    expect(mapped.reproducibility.crossValidation).toBe('5-fold stratified cross-validation');
    expect(mapped.totalParticipants).toBe(120);
    expect(fromResults(results, { rocBandReplicates: 50 }).cells[0]!.roc)
      .toEqual(first.roc);
  });

  it('is accepted by renderReport directly, mapped as fromResults maps it', async () => {
    const results = resultsFromInput(input);
    const extras = { rocBandReplicates: 20, title: 'From results' };
    expect(await renderReport(results, { extras }))
      .toBe(await renderReport(fromResults(results, extras)));
  });

  it('draws permutation histograms when the results keep the permuted AUCs', () => {
    const results = resultsFromInput(input);
    const permutation = results.cells[0]!.permutation! as { permutedAucs?: (number | null)[] };
    permutation.permutedAucs = [0.48, null, 0.52, 0.55];
    const mapped = fromResults(results, { rocBandReplicates: 2 });
    expect(mapped.cells[0]!.permutationNull).toEqual([0.48, 0.52, 0.55]);
    expect(mapped.cells[1]!.permutationNull).toBeUndefined();
    expect(mapped.cells[1]!.permutationSummary!.count).toBe(500);
  });

  it('rejects a file of another schema, naming the file and the field', () => {
    const results = { ...resultsFromInput(input), schema: 'something-else' };
    expect(() => validateResults(results, 'r.json')).toThrow(InputError);
    expect(() => validateResults(results, 'r.json')).toThrow(/^r\.json, field 'schema': expected/);
  });

  it('rejects a cell whose predictions are missing, naming the cell', () => {
    const results = resultsFromInput(input) as unknown as { cells: Record<string, unknown>[] };
    delete results.cells[2]!['predictions'];
    expect(() => validateResults(results, 'r.json'))
      .toThrow("r.json, field 'cells[2].predictions': expected an object, found undefined");
  });

  it('is turned into a report file by `iatbayes report`', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'iatbayes-report-'));
    try {
      const resultsPath = join(folder, 'results.json');
      writeFileSync(resultsPath, JSON.stringify(resultsFromInput(input)));
      expect(readResults(resultsPath).cells).toHaveLength(8);
      const out = join(folder, 'out', 'study.html');
      expect(await main(['report', resultsPath, '--out', out, '--quiet'])).toBe(0);
      const document = readFileSync(out, 'utf8');
      expect(figures(document).has('permutation-summary')).toBe(true);
      expect(figures(document).has('roc')).toBe(true);

      writeFileSync(resultsPath, '{"schema": ');
      const bad = join(folder, 'bad.html');
      expect(await main(['report', resultsPath, '--out', bad, '--quiet'])).toBe(2);
      expect(existsSync(bad)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
