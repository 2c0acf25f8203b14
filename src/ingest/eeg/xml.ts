/**
 * A small XML reader for the metadata documents inside XDF files (stream headers and
 * footers): elements, attributes, text and the five predefined entities. Enough for the XML
 * that liblsl writes; no DTDs, namespaces or processing beyond skipping them.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside the element, entities decoded, trimmed. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/**
 * Parses `text` into its root element. Throws an Error with the character position on
 * malformed markup; callers wrap it into an InputError naming the file and chunk.
 */
export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1] as XmlElement;
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.trim() !== '') top.text += decodeEntities(chunk);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      i = findOrThrow(text, '-->', lt) + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = findOrThrow(text, ']]>', lt);
      top.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', lt) || text.startsWith('<!', lt)) {
      i = findOrThrow(text, '>', lt) + 1;
    } else if (text.startsWith('</', lt)) {
      const end = findOrThrow(text, '>', lt);
      const name = text.slice(lt + 2, end).trim();
      if (top.name !== name) {
        throw new Error(`closing </${name}> at ${lt} does not match <${top.name}>`);
      }
      top.text = top.text.trim();
      stack.pop();
      i = end + 1;
    } else {
      const end = findOrThrow(text, '>', lt);
      const selfClosing = text[end - 1] === '/';
      const inner = text.slice(lt + 1, selfClosing ? end - 1 : end).trim();
      const nameMatch = /^[^\s/>]+/.exec(inner);
      if (nameMatch === null) throw new Error(`empty tag at ${lt}`);
      const element: XmlElement = {
        name: nameMatch[0],
        attributes: parseAttributes(inner.slice(nameMatch[0].length)),
        children: [],
        text: '',
      };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
      i = end + 1;
    }
  }
  if (stack.length !== 1) {
    throw new Error(`element <${stack[stack.length - 1]?.name}> is not closed`);
  }
  const first = root.children[0];
  if (first === undefined) throw new Error('no root element');
  return first;
}

function findOrThrow(text: string, token: string, from: number): number {
  const at = text.indexOf(token, from);
  if (at < 0) throw new Error(`'${token}' expected after position ${from}`);
  return at;
}

function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of text.matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    attributes[m[1] as string] = decodeEntities(m[3] ?? m[4] ?? '');
  }
  return attributes;
}

/** First child element named `name`, if any. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Text of the element at a path of child names (`child(a,'desc')` ... ), or ''. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string {
  let current = element;
  for (const name of path) current = child(current, name);
  return current?.text ?? '';
}
