/** For the tests: a small, strict XML parser, so the charts can be checked for well-formedness without a dependency. */

/** An element with its attributes (values decoded), child elements and text (decoded, concatenated). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_:][-\w:.]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-\w:.]*)\s*=\s*"([^"]*)"/y;
const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const DECODED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses a document with one root element, an optional XML declaration and comments; throws an `Error` saying
 * where on anything not well-formed: unbalanced or mismatched tags, unquoted or duplicate attributes, a raw `<`
 * or a bare `&` in text or attribute values, content after the root.
 */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`Expected well-formed XML, got ${what} at offset ${at}: ${JSON.stringify(source.slice(at, at + 40))}`);
  };
  const skipWhitespace = () => {
    while (at < source.length && /\s/.test(source[at]!)) at++;
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end === -1) fail('an unclosed XML declaration');
    at = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  skipWhitespace();
  while (at < source.length) {
    if (root !== undefined && stack.length === 0) {
      skipWhitespace();
      if (at < source.length) fail('content after the root element');
      break;
    }
    if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at);
      if (end === -1) fail('an unclosed comment');
      at = end + 3;
    } else if (source.startsWith('</', at)) {
      at += 2;
      const name = readName();
      skipWhitespace();
      if (source[at] !== '>') fail('a malformed closing tag');
      at++;
      const open = stack.pop();
      if (open?.name !== name) fail(`</${name}> closing <${open?.name ?? 'nothing'}>`);
    } else if (source[at] === '<') {
      at++;
      const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(source);
        if (match === null) break;
        const [, key = '', value = ''] = match;
        if (key in attributes) fail(`a duplicate attribute ${key}`);
        if (value.includes('<')) fail(`a raw < in attribute ${key}`);
        attributes[key] = decode(value);
        at = ATTRIBUTE.lastIndex;
      }
      Object.assign(element.attributes, attributes);
      skipWhitespace();
      const parent = stack.at(-1);
      if (parent === undefined && root !== undefined) fail('a second root element');
      parent?.children.push(element);
      root ??= element;
      if (source.startsWith('/>', at)) {
        at += 2;
      } else if (source[at] === '>') {
        at++;
        stack.push(element);
      } else {
        fail('a malformed start tag');
      }
    } else {
      const end = source.indexOf('<', at);
      const raw = source.slice(at, end === -1 ? source.length : end);
      const current = stack.at(-1);
      if (current === undefined) fail('text outside the root element');
      else current.text += decode(raw);
      at += raw.length;
    }
  }
  if (root === undefined) return fail('no root element');
  if (stack.length > 0) fail(`unclosed <${stack.map((element) => element.name).join('>, <')}>`);
  return root;

  function readName(): string {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (match === null) return fail('a missing tag name');
    at = NAME.lastIndex;
    return match[0];
  }

  function decode(raw: string): string {
    if (raw.replace(ENTITY, '').includes('&')) fail('a bare &');
    return raw.replace(ENTITY, (_, entity: string) =>
      entity.startsWith('#x')
        ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
        : entity.startsWith('#')
          ? String.fromCodePoint(Number(entity.slice(1)))
          : (DECODED[entity] ?? ''),
    );
  }
}

/** Every element under `root` (itself included), depth first, in document order. */
export function descendants(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(descendants)];
}
