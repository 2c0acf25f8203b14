/**
 * Builds the demo report from the realistic synthetic results (test/fixtures/report), checks
 * it in headless Chromium (every chart drawn, no CSP violation) and takes the screenshot shown
 * in the documentation.
 *
 *   npx tsx scripts/render-report-check.ts [--out reports/demo-report.html]
 *     [--screenshot docs/report-screenshot.png] [--height 2100]
 *
 * Needs /usr/bin/chromium (Debian package `chromium`).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '../src/report/render.js';
import { writeFileAtomic } from '../src/util/atomicWrite.js';
import { syntheticReportInput } from '../test/fixtures/report/synthetic.js';
import {
  CHECK_SCRIPT, CHROMIUM, dumpDom, hasChromium, screenshot, withCheckScript,
} from '../test/report/chromium.js';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const out = flag('out', 'reports/demo-report.html');
const png = flag('screenshot', 'docs/report-screenshot.png');
const height = Number(flag('height', '2100'));

const document = await renderReport(syntheticReportInput());
writeFileAtomic(out, document);
process.stderr.write(`wrote ${out} (${Buffer.byteLength(document)} bytes)\n`);

if (!hasChromium()) {
  process.stderr.write(`${CHROMIUM} is absent: no browser check, no screenshot\n`);
  process.exit(1);
}
const folder = mkdtempSync(join(tmpdir(), 'iatbayes-report-check-'));
try {
  const checked = join(folder, 'checked.html');
  writeFileSync(checked, withCheckScript(document, CHECK_SCRIPT));
  const found = /<pre id="browser-check">([^<]*)<\/pre>/.exec(dumpDom(checked));
  if (found === null) throw new Error('the browser check left no result');
  const check = JSON.parse(found[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as {
    figures: { name: string; width: number; height: number; drawn: number }[];
    violations: string[];
  };
  for (const figure of check.figures) {
    const ok = figure.width > 0 && figure.height > 0 && figure.drawn > 0;
    process.stderr.write(`${ok ? 'ok  ' : 'FAIL'} ${figure.name}: ${Math.round(figure.width)}x` +
      `${Math.round(figure.height)} px, ${figure.drawn} marks drawn\n`);
    if (!ok) process.exitCode = 1;
  }
  if (check.violations.length > 0) {
    process.stderr.write(`CSP violations: ${check.violations.join('; ')}\n`);
    process.exitCode = 1;
  }
  screenshot(join(process.cwd(), out), png, 1280, height);
  process.stderr.write(`wrote ${png} (${statSync(png).size} bytes)\n`);
  readFileSync(png);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
