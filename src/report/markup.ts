/**
 * A small tokenizer for the markup this report writes: lists every start tag with its
 * attributes, so that the SVG guard and the tests can check which elements and attributes a
 * document holds. It follows the HTML tokenizer's rules for tag names, quoted and unquoted
 * attribute values, comments and the raw-text elements script and style
 * (https://html.spec.whatwg.org/multipage/parsing.html#tokenization), and is not a
 * general-purpose HTML parser.
 */

/** One start tag: lower-cased name and attributes in document order. */
export interface StartTag {
  name: string;
  attributes: { name: string; value: string }[];
  /** Character offset of the '<' in the source. */
  offset: number;
}

const TAG = /<([A-Za-z][A-Za-z0-9:-]*)/y;
const ATTRIBUTE = new RegExp(
  '[\\t\\n\\f\\r ]*([^\\t\\n\\f\\r />=][^\\t\\n\\f\\r />=]*)' + // name
    '(?:[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*("[^"]*"|\'[^\']*\'|[^\\t\\n\\f\\r >]+))?', // = value
  'y',
);
const TAG_END = /[\t\n\f\r ]*\/?>/y;

/** Lists the start tags of `markup`; raw text inside script and style is skipped. */
export function listStartTags(markup: string): StartTag[] {
  const tags: StartTag[] = [];
  let position = 0;
  while (position < markup.length) {
    const open = markup.indexOf('<', position);
    if (open < 0) break;
    if (markup.startsWith('<!--', open)) {
      const close = markup.indexOf('-->', open + 4);
      position = close < 0 ? markup.length : close + 3;
      continue;
    }
    TAG.lastIndex = open;
    const nameMatch = TAG.exec(markup);
    if (nameMatch === null) {
      position = open + 1;
      continue;
    }
    const tag: StartTag = { name: nameMatch[1]!.toLowerCase(), attributes: [], offset: open };
    position = TAG.lastIndex;
    for (;;) {
      TAG_END.lastIndex = position;
      if (TAG_END.exec(markup) !== null) {
        position = TAG_END.lastIndex;
        break;
      }
      ATTRIBUTE.lastIndex = position;
      const attribute = ATTRIBUTE.exec(markup);
      if (attribute === null || ATTRIBUTE.lastIndex === position) {
        position = markup.length;
        break;
      }
      position = ATTRIBUTE.lastIndex;
      const raw = attribute[2] ?? '';
      const value = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
      tag.attributes.push({ name: attribute[1]!.toLowerCase(), value });
    }
    tags.push(tag);
    if (tag.name === 'script' || tag.name === 'style') {
      const close = markup.toLowerCase().indexOf(`</${tag.name}`, position);
      position = close < 0 ? markup.length : close;
    }
  }
  return tags;
}
