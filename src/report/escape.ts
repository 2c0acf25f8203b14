/**
 * Escaping of untrusted text for HTML, and a guard on SVG produced by Vega. Participant IDs,
 * label, task, feature and channel names come from users' files; none of them may become
 * markup. Rules follow the HTML Living Standard's serialisation of text and attribute values
 * (https://html.spec.whatwg.org/multipage/parsing.html#escapingString), made stricter by also
 * escaping quotes and apostrophes so the same function is safe in any quoted attribute.
 */
import { listStartTags } from './markup.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Elements that Vega's SVG renderer writes for the marks this report uses. */
const SVG_ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'line', 'text', 'tspan', 'circle', 'ellipse', 'defs', 'clippath',
  'lineargradient', 'radialgradient', 'stop', 'title', 'desc',
]);

/**
 * Throws when an SVG string holds anything that could run code or fetch from the network: an
 * element outside the ones Vega writes for our marks, an event-handler, href or src attribute,
 * or a '<' that does not open a tag. Vega escapes text and attribute values itself
 * (vega-scenegraph's SVG string renderer); this check makes a regression there fail loudly
 * instead of shipping markup.
 */
export function assertSafeSvg(svg: string): void {
  const problems: string[] = [];
  for (const tag of listStartTags(svg)) {
    if (!SVG_ELEMENTS.has(tag.name)) problems.push(`element <${tag.name}>`);
    for (const attribute of tag.attributes) {
      if (/^on|^(xlink:)?href$|^src$|^style$/.test(attribute.name)) {
        problems.push(`attribute ${attribute.name} on <${tag.name}>`);
      }
    }
  }
  if (/<(?![A-Za-z/]|!--)/.test(svg)) problems.push("a '<' that opens no tag");
  if (problems.length > 0) {
    throw new Error(`refusing to embed chart SVG: it contains ${problems.slice(0, 5).join(', ')}`);
  }
}
