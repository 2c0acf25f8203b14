/**
 * The page around the sections: one self-contained HTML document with its style sheet and
 * its one small script inline. A Content-Security-Policy meta element forbids every fetch and
 * every script except that one (by hash), so even a mistake in escaping could not run code or
 * reach the network when the report is opened.
 */
import { createHash } from 'node:crypto';
import { html, trusted, type SafeHtml } from './html.js';

/** Screen and print style sheet: system fonts, page breaks between sections when printed. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #d9d9d9; --accent: #08519c; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 1200px; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
  margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: .95rem; margin: 1rem 0 .25rem; }
nav ol { columns: 2; padding-left: 1.2rem; margin: .5rem 0 0; }
nav a { color: var(--accent); }
.subtitle, .note, figcaption, caption { color: var(--muted); font-size: .85rem; }
.headline { font-size: 1.1rem; background: #f3f7fb; border-left: 4px solid var(--accent);
  padding: .75rem 1rem; margin: 1rem 0 .25rem; }
.absent { color: #8a4b00; background: #fff7ec; padding: .35rem .75rem; border-radius: 4px; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
  gap: 1rem 2rem; }
.facts-list { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.facts-list dt { font-weight: 600; }
.facts-list dd { margin: 0; }
figure.chart { margin: 1rem 0; overflow-x: auto; }
figure.chart svg { height: auto; display: block; }
.side-by-side { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem 2rem;
  align-items: start; }
@media (min-width: 1500px) {
  body { max-width: 1560px; }
  .side-by-side { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
}
table { border-collapse: collapse; font-size: .82rem; width: 100%; }
caption { text-align: left; caption-side: top; padding-bottom: .35rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
td[data-sort], .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th { background: #f5f5f5; position: sticky; top: 0; }
th[aria-sort] { color: var(--accent); }
th.sortable-heading { cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
.table-wrap { overflow-x: auto; }
.table-wrap.tall { max-height: 24rem; overflow-y: auto; }
pre.config { background: #f7f7f7; padding: .75rem; overflow-x: auto; font-size: .8rem; }
.references { font-size: .85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  section { break-before: page; }
  section#summary { break-before: auto; }
  figure.chart { overflow: visible; break-inside: avoid; }
  figure.chart svg { max-width: 100% !important; max-height: 230mm; }
  .side-by-side { grid-template-columns: 1fr; }
  .table-wrap, .table-wrap.tall { max-height: none; overflow: visible; }
  thead th { position: static; }
  pre.config { white-space: pre-wrap; }
}
@page { margin: 15mm; }
`;

/**
 * Sorts tables with class "sortable" when a column heading is clicked (or Enter/Space on it).
 * Cells sort by their data-sort attribute when present (numbers compare as numbers), else by
 * text. Without scripts the tables are simply complete and unsorted.
 */
export const SORT_SCRIPT = `
(function () {
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (heading, column) {
      heading.tabIndex = 0;
      heading.classList.add('sortable-heading');
      function key(row) {
        var cell = row.cells[column];
        var text = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort')
          : cell.textContent;
        var number = Number(text);
        return text !== '' && !isNaN(number) ? number : text;
      }
      function sort() {
        var ascending = heading.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headings, function (h) { h.removeAttribute('aria-sort'); });
        heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = typeof x === 'number' && typeof y === 'number' ? x - y
            : String(x).localeCompare(String(y), undefined, { numeric: true });
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      heading.addEventListener('click', sort);
      heading.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sort(); }
      });
    });
  });
})();
`;

/** CSP source for an inline script: 'sha256-<base64 digest>' (CSP Level 3, section 8.4). */
export function scriptHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** What goes into the page besides the sections. */
export interface PageParts {
  title: string;
  subtitle: string;
  sections: SafeHtml[];
  toc: { id: string; title: string }[];
}

/** The complete HTML document. */
export function renderPage(parts: PageParts): string {
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src ${scriptHashSource(SORT_SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="iatbayes">
<title>${parts.title}</title>
<style>${trusted(REPORT_CSS)}</style></head>
<body><header><h1>${parts.title}</h1><p class="subtitle">${parts.subtitle}</p>
<nav aria-label="Contents"><ol>${parts.toc.map((entry) =>
    html`<li><a href="#${entry.id}">${entry.title}</a></li>`)}</ol></nav></header>
<main>${parts.sections}</main>
<script>${trusted(SORT_SCRIPT)}</script>
</body></html>
`.markup;
}
