/**
 * A reader for TwiML documents. TwiML is plain XML without namespaces or DTDs, so this
 * handles elements, attributes, text, CDATA, comments and the predefined and numeric
 * entities, and rejects anything malformed the way Twilio does (error 12100).
 */

export interface TwimlElement {
  name: string;
  attrs: Record<string, string>;
  children: TwimlElement[];
  /** The element's own text, entities decoded, surrounding whitespace trimmed. */
  text: string;
}

export class TwimlParseError extends Error {}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1]?.toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    const value = entities[ref];
    if (value === undefined) throw new TwimlParseError(`unknown entity ${whole}`);
    return value;
  });
}

const attrPattern = /([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const rest = source.replace(attrPattern, (_m, name: string, _q, dq: string | undefined, sq: string | undefined) => {
    attrs[name] = decode(dq ?? sq ?? '');
    return '';
  });
  if (rest.trim() !== '') throw new TwimlParseError(`malformed attributes: ${rest.trim()}`);
  return attrs;
}

export function parseTwiml(xml: string): TwimlElement {
  const tokens = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([A-Za-z][\w.-]*)\s*>|<([A-Za-z][\w.-]*)((?:\s+[^<>]*?)?)\s*(\/?)>|([^<]+)|(<)/g;
  const stack: Array<TwimlElement & { raw: string[] }> = [];
  let root: TwimlElement | undefined;
  for (const m of xml.matchAll(tokens)) {
    const [whole, cdata, closing, opening, attrSource, selfClosing, text, stray] = m;
    if (stray) throw new TwimlParseError('unexpected "<"');
    if (whole.startsWith('<!--') || whole.startsWith('<?')) continue;
    const top = stack[stack.length - 1];
    if (cdata !== undefined || text !== undefined) {
      const value = cdata ?? decode(text ?? '');
      if (top) top.raw.push(value);
      else if (value.trim() !== '') throw new TwimlParseError('text outside the root element');
      continue;
    }
    if (closing) {
      if (!top || top.name !== closing) throw new TwimlParseError(`unexpected </${closing}>`);
      stack.pop();
      top.text = top.raw.join('').trim();
      if (stack.length === 0) root = top;
      continue;
    }
    if (opening) {
      if (root) throw new TwimlParseError('more than one root element');
      const element = { name: opening, attrs: parseAttrs(attrSource ?? ''), children: [], text: '', raw: [] as string[] };
      top?.children.push(element);
      if (selfClosing) {
        if (!top) root = element;
      } else {
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) throw new TwimlParseError(`<${stack[stack.length - 1]?.name}> is not closed`);
  if (!root) throw new TwimlParseError('empty document');
  return strip(root);
}

function strip(element: TwimlElement): TwimlElement {
  return { name: element.name, attrs: element.attrs, text: element.text, children: element.children.map(strip) };
}
