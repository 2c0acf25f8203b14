/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already
 * `SafeHtml` (markup this module or a chart renderer produced). Escaping is thus the default:
 * a user's string can only reach the page as text.
 */
import { escapeHtml } from './escape.js';

/** Markup known to be safe: made by `html`, or an SVG that passed `assertSafeSvg`. */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated: text and numbers are escaped, SafeHtml is kept, arrays joined. */
export type HtmlValue = string | number | SafeHtml | undefined | null | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<td>${name}</td>\`` with `name` escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0]!;
  values.forEach((value, i) => {
    markup += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(markup);
}

/** Marks trusted markup (an SVG checked by assertSafeSvg, a constant) as SafeHtml. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
