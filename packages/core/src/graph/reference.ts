/**
 * One step of a reference's path: a property name (`.rows`, `["a b"]`) or an array index (`[0]`).
 */
export type PathSegment = string | number;

/**
 * A reference to the result of an earlier task, as written in a plan: `$1`, `${2}`, `$3.rows[0].name`.
 *
 * An argument that is exactly one reference receives the referenced value itself, with its type.
 */
export class Reference {
  /** The id of the task whose result is referenced. */
  readonly id: number;
  /** The path read from that result; empty for the whole result. */
  readonly path: readonly PathSegment[];
  /** The reference as written in the plan, e.g. `$3.rows[0]`. */
  readonly source: string;
  /** Whether it was written inside a string (`"$1"`) rather than bare (`$1`). */
  readonly quoted: boolean;

  constructor(id: number, path: readonly PathSegment[], source: string, quoted: boolean) {
    this.id = id;
    this.path = path;
    this.source = source;
    this.quoted = quoted;
  }

  /** Serialises as written, so logged plans read like the model's text. */
  toJSON(): string {
    return this.source;
  }
}

/**
 * A string with references inside it (`"population of $1 in $2.year"`). When resolved, strings are inserted
 * as they are and other values as JSON.
 */
export class Template {
  /** Literal text and references, in order. */
  readonly parts: readonly (string | Reference)[];

  constructor(parts: readonly (string | Reference)[]) {
    this.parts = parts;
  }

  /** Serialises as written. */
  toJSON(): string {
    return this.parts.map((part) => (typeof part === 'string' ? part.split('$').join('$$') : part.source)).join('');
  }
}

/**
 * A plan argument: a JSON-like value in which references and templates may stand anywhere.
 */
export type ArgValue =
  | null
  | boolean
  | number
  | string
  | Reference
  | Template
  | readonly ArgValue[]
  | { readonly [key: string]: ArgValue };

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/**
 * Reads a reference that starts at `text[start] === '$'`: `$N` or `${N}`, then a path of `.name`, `[index]`
 * and `["key"]` steps. Returns `undefined` when no reference starts there (`$`, `$x`, `$$`).
 */
export function readReference(
  text: string,
  start: number,
): { id: number; path: PathSegment[]; end: number } | undefined {
  let i = start + 1;
  let braced = false;
  if (text[i] === '{') {
    braced = true;
    i++;
  }
  const idStart = i;
  while (isDigit(text[i])) i++;
  if (i === idStart) return undefined;
  const id = Number(text.slice(idStart, i));
  if (braced) {
    if (text[i] !== '}') return undefined;
    i++;
  }
  const path: PathSegment[] = [];
  for (;;) {
    const char = text[i];
    if (char === '.' && text[i + 1] !== undefined && IDENTIFIER_START.test(text[i + 1]!)) {
      let j = i + 2;
      while (j < text.length && IDENTIFIER_PART.test(text[j]!)) j++;
      path.push(text.slice(i + 1, j));
      i = j;
    } else if (char === '[' && isDigit(text[i + 1])) {
      let j = i + 1;
      while (isDigit(text[j])) j++;
      if (text[j] !== ']') break;
      path.push(Number(text.slice(i + 1, j)));
      i = j + 1;
    } else if (char === '[' && (text[i + 1] === '"' || text[i + 1] === "'")) {
      const quote = text[i + 1]!;
      const close = text.indexOf(quote, i + 2);
      if (close === -1 || text[close + 1] !== ']') break;
      path.push(text.slice(i + 2, close));
      i = close + 2;
    } else {
      break;
    }
  }
  return { id, path, end: i };
}

/**
 * Reads the references inside a string value (already unescaped): `$$` is a literal dollar, `$N...` a
 * reference. Returns the plain string when there is none, the {@link Reference} itself when the string is
 * exactly one reference, and a {@link Template} otherwise.
 *
 * Whether a reference counts (its id names a task) is decided later, by the task graph.
 */
export function parseStringReferences(text: string): string | Reference | Template {
  let dollar = text.indexOf('$');
  if (dollar === -1) return text;
  const parts: (string | Reference)[] = [];
  let literal = '';
  let i = 0;
  while (dollar !== -1) {
    literal += text.slice(i, dollar);
    if (text[dollar + 1] === '$') {
      literal += '$';
      i = dollar + 2;
    } else {
      const read = readReference(text, dollar);
      if (read === undefined) {
        literal += '$';
        i = dollar + 1;
      } else {
        if (literal !== '') parts.push(literal);
        literal = '';
        parts.push(new Reference(read.id, read.path, text.slice(dollar, read.end), true));
        i = read.end;
      }
    }
    dollar = text.indexOf('$', i);
  }
  literal += text.slice(i);
  if (literal !== '') parts.push(literal);
  if (parts.length === 0) return '';
  if (parts.length === 1) {
    const only = parts[0]!;
    return only;
  }
  return parts.some((part) => typeof part !== 'string') ? new Template(parts) : parts.join('');
}
