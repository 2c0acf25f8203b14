import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, REPORT_SECTIONS } from '../../src/report/render.js';
import { listStartTags } from '../../src/report/markup.js';
import { syntheticReportInput } from '../fixtures/report/synthetic.js';
import { hostileInput } from '../fixtures/report/hostile.js';
import {
  CHECK_SCRIPT, CHROMIUM, countPdfPages, dumpDom, hasChromium, printToPdf, screenshot,
  withCheckScript,
} from './chromium.js';

interface BrowserCheck {
  figures: { name: string; width: number; height: number; marks: number; drawn: number }[];
  sort: { ascending: number[]; descending: number[]; ariaSort: string };
  violations: string[];
  scripts: number;
}

if (!hasChromium()) {
  describe('report in headless Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} is absent (Debian: apt-get install chromium)`, () => undefined);
  });
} else {
  describe('report in headless Chromium', () => {
    let folder: string;
    let check: BrowserCheck;
    let expectedFigures: number;

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'iatbayes-browser-'));
      const document = await renderReport(syntheticReportInput());
      expectedFigures = (document.match(/<figure class="chart"/g) ?? []).length;
      const checked = join(folder, 'checked.html');
      writeFileSync(checked, withCheckScript(document, CHECK_SCRIPT));
      const dom = dumpDom(checked);
      const json = /<pre id="browser-check">([^<]*)<\/pre>/.exec(dom);
      if (json === null) throw new Error('the check script left no result in the dumped DOM');
      check = JSON.parse(json[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as BrowserCheck;
    });

    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('shows every chart as an SVG of non-zero size with drawn marks', () => {
      expect(check.figures).toHaveLength(expectedFigures);
      for (const figure of check.figures) {
        expect(figure.width, figure.name).toBeGreaterThan(100);
        expect(figure.height, figure.name).toBeGreaterThan(50);
        expect(figure.drawn, figure.name).toBeGreaterThan(2);
      }
    });

    it('runs the page\'s own script under its policy without a violation', () => {
      expect(check.violations).toEqual([]);
      expect(check.scripts).toBe(2); // the page's sort script and this test's check script
    });

    it('sorts the results table by a clicked column, ascending then descending', () => {
      const sorted = [...check.sort.ascending].sort((a, b) => a - b);
      expect(check.sort.ascending).toEqual(sorted);
      expect(check.sort.descending).toEqual([...sorted].reverse());
      expect(check.sort.ariaSort).toBe('descending');
    });

    it('keeps hostile strings as text in the DOM the browser builds', async () => {
      const path = join(folder, 'hostile.html');
      writeFileSync(path, await renderReport(hostileInput(syntheticReportInput())));
      const tags = listStartTags(dumpDom(path));
      expect(tags.filter((tag) => tag.name === 'script')).toHaveLength(1);
      const loaders = ['img', 'iframe', 'object', 'embed'];
      expect(tags.filter((tag) => loaders.includes(tag.name))).toEqual([]);
      expect(tags.flatMap((tag) => tag.attributes.filter((a) => /^on/.test(a.name)))).toEqual([]);
    });

    it('prints to PDF with every section starting a new page', async () => {
      // A report whose sections are short (no scores, models or EEG) fits on about three
      // pages when printed continuously, so eight or more pages show the page breaks work.
      const input = syntheticReportInput();
      const short = await renderReport({
        ...input,
        cells: input.cells.map(({ scores: _s, roc: _r, permutationNull: _p, ...cell }) => cell),
        models: [],
        eeg: undefined,
        participants: [],
      });
      const html = join(folder, 'short.html');
      writeFileSync(html, short);
      const pdf = join(folder, 'report.pdf');
      printToPdf(html, pdf);
      const bytes = readFileSync(pdf);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(countPdfPages(bytes)).toBeGreaterThanOrEqual(REPORT_SECTIONS.length);
    });

    it('takes a screenshot with something drawn on it', () => {
      const png = join(folder, 'shot.png');
      screenshot(join(folder, 'checked.html'), png, 1000, 800);
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(1000); // IHDR width
      expect(bytes.length).toBeGreaterThan(20_000); // a blank 1000x800 PNG is a few kB
    });
  });
}
