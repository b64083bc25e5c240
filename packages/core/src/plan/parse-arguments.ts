import { defineOwn } from '../graph/resolve-references.js';
import { Reference, parseStringReferences, readReference, type ArgValue } from '../graph/reference.js';
import { DEFAULT_MAX_NESTING } from './plan-parser.js';

/** The arguments of one call of a text plan. */
export interface ParsedArguments {
  readonly positional: ArgValue[];
  readonly named: (readonly [string, ArgValue])[];
  /** Bare words or unquoted text that were read as strings. */
  readonly unquoted: string[];
}

/** A syntax error in an argument list, with the 0-based offset in the argument text. */
export class ArgumentSyntaxError extends Error {
  readonly offset: number;
  /** Whether the arguments nest lists and objects deeper than allowed (then they are never read as text). */
  readonly tooDeep: boolean;
  constructor(message: string, offset: number, tooDeep = false) {
    super(message);
    this.offset = offset;
    this.tooDeep = tooDeep;
  }
}

/** Options of {@link parseArguments}. */
export interface ParseArgumentsOptions {
  /**
   * How deeply lists, tuples and objects may nest. Deeper arguments are an {@link ArgumentSyntaxError}: the
   * parser recurses once per level, and the limit keeps it far from the end of the stack.
   * @default DEFAULT_MAX_NESTING (256)
   */
  readonly maxNesting?: number | undefined;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const KEYWORD = /([A-Za-z_][A-Za-z0-9_]*)[ \t\r\n]*=(?!=)/y;
const LITERALS: ReadonlyMap<string, ArgValue> = new Map<string, ArgValue>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['null', null],
  ['None', null],
]);
const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/**
 * Parses the text between a call's parentheses: positional and keyword (`name=value`) arguments whose
 * values are JSON or JS/Python-style literals (single or double quotes, `True`/`False`/`None`, trailing
 * commas, tuples as arrays), lists, objects and references (`$1`, `${2}.rows[0]`).
 *
 * The paper's prompts also produce unquoted text (`search(Rosetta Stone)`): a bare word, or a whole
 * argument list that does not parse and does not look structured, is read as one string and reported in
 * `unquoted`.
 *
 * @throws {ArgumentSyntaxError} when the text is structured (quotes, brackets, keywords) but malformed, or
 * nests deeper than `maxNesting`.
 */
export function parseArguments(text: string, options: ParseArgumentsOptions = {}): ParsedArguments {
  try {
    return new ArgumentParser(text, options.maxNesting ?? DEFAULT_MAX_NESTING).parse();
  } catch (error) {
    const trimmed = text.trim();
    if (error instanceof ArgumentSyntaxError && !error.tooDeep && looksUnstructured(trimmed)) {
      const value = parseStringReferences(trimmed.replaceAll(/\s+/g, ' '));
      return { positional: [value], named: [], unquoted: [trimmed] };
    }
    throw error;
  }
}

/** Text that is plainly prose rather than a malformed literal: no quotes, brackets or `name=` at the start. */
function looksUnstructured(text: string): boolean {
  return text !== '' && !/^["'[{(]/.test(text) && !/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(text) && !/["{}[\]]/.test(text);
}

/** The expected-and-got text of a nesting error; the text plan parser reports deep unclosed calls alike. */
export function nestingProblem(maxNesting: number, offset: number): string {
  return `expected at most ${maxNesting} level${maxNesting === 1 ? '' : 's'} of nesting, got deeper at column ${offset + 1} of the arguments`;
}

class ArgumentParser {
  readonly #text: string;
  readonly #maxNesting: number;
  #i = 0;
  /** How many lists and objects enclose the value being read. */
  #depth = 0;
  readonly #unquoted: string[] = [];

  constructor(text: string, maxNesting: number) {
    this.#text = text;
    this.#maxNesting = maxNesting;
  }

  parse(): ParsedArguments {
    const positional: ArgValue[] = [];
    const named: (readonly [string, ArgValue])[] = [];
    this.#skipSpace();
    while (this.#i < this.#text.length) {
      KEYWORD.lastIndex = this.#i;
      const keyword = KEYWORD.exec(this.#text);
      if (keyword !== null) {
        this.#i = KEYWORD.lastIndex;
        this.#skipSpace();
        named.push([keyword[1]!, this.#value()]);
      } else {
        if (named.length > 0) {
          this.#fail(`expected \`name=value\` after keyword arguments (positional arguments come first)`);
        }
        positional.push(this.#value());
      }
      this.#skipSpace();
      if (this.#i >= this.#text.length) break;
      if (this.#text[this.#i] !== ',') this.#fail('expected `,` or `)` after an argument');
      this.#i++;
      this.#skipSpace();
    }
    return { positional, named, unquoted: this.#unquoted };
  }

  #value(): ArgValue {
    const char = this.#text[this.#i];
    switch (char) {
      case '"':
      case "'":
        return parseStringReferences(this.#string(char));
      case '[':
      case '(':
      case '{': {
        if (this.#depth >= this.#maxNesting) {
          throw new ArgumentSyntaxError(nestingProblem(this.#maxNesting, this.#i), this.#i, true);
        }
        this.#depth++;
        const value = char === '{' ? this.#object() : this.#list(char);
        this.#depth--;
        return value;
      }
      case '$':
        return this.#reference();
      case undefined:
        return this.#fail('expected a value');
      default:
        break;
    }
    NUMBER.lastIndex = this.#i;
    const number = NUMBER.exec(this.#text);
    if (number !== null && !/[A-Za-z_]/.test(this.#text[NUMBER.lastIndex] ?? '')) {
      this.#i = NUMBER.lastIndex;
      return Number(number[0]);
    }
    IDENTIFIER.lastIndex = this.#i;
    const word = IDENTIFIER.exec(this.#text);
    if (word !== null) {
      this.#i = IDENTIFIER.lastIndex;
      const literal = LITERALS.get(word[0]);
      if (literal !== undefined) return literal;
      this.#unquoted.push(word[0]);
      return word[0];
    }
    return this.#fail('expected a value (a string, number, list, object, literal or `$N` reference)');
  }

  #reference(): Reference {
    const start = this.#i;
    const read = readReference(this.#text, start);
    if (read === undefined) this.#fail('expected a reference such as `$1` or `${2}.rows` after `$`');
    this.#i = read.end;
    return new Reference(read.id, read.path, this.#text.slice(start, read.end), false);
  }

  #string(quote: string): string {
    const start = this.#i;
    this.#i++;
    let value = '';
    let chunkStart = this.#i;
    for (;;) {
      const char = this.#text[this.#i];
      if (char === undefined) {
        this.#i = start;
        this.#fail(`expected the closing \`${quote}\` of the string`);
      }
      if (char === quote) {
        value += this.#text.slice(chunkStart, this.#i);
        this.#i++;
        return value;
      }
      if (char === '\\') {
        value += this.#text.slice(chunkStart, this.#i);
        value += this.#escape();
        chunkStart = this.#i;
        continue;
      }
      this.#i++;
    }
  }

  /** Reads the escape at `\` and returns its text; unknown escapes keep the backslash, as Python does. */
  #escape(): string {
    const next = this.#text[this.#i + 1];
    this.#i += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return '\0';
      case '\n':
        return '';
      case 'u':
      case 'x': {
        const length = next === 'u' ? 4 : 2;
        const hex = this.#text.slice(this.#i, this.#i + length);
        if (hex.length === length && /^[0-9a-fA-F]+$/.test(hex)) {
          this.#i += length;
          return String.fromCharCode(Number.parseInt(hex, 16));
        }
        return `\\${next}`;
      }
      case '\\':
      case '"':
      case "'":
      case '/':
        return next;
      case undefined:
        this.#i -= 1;
        return '\\';
      default:
        return `\\${next}`;
    }
  }

  #list(open: string): ArgValue[] {
    const close = CLOSING[open]!;
    this.#i++;
    const items: ArgValue[] = [];
    this.#skipSpace();
    while (this.#text[this.#i] !== close) {
      items.push(this.#value());
      this.#skipSpace();
      if (this.#text[this.#i] === ',') {
        this.#i++;
        this.#skipSpace();
      } else if (this.#text[this.#i] !== close) {
        this.#fail(`expected \`,\` or \`${close}\` in a list`);
      }
    }
    this.#i++;
    return items;
  }

  #object(): { [key: string]: ArgValue } {
    this.#i++;
    const object: Record<string, unknown> = {};
    this.#skipSpace();
    while (this.#text[this.#i] !== '}') {
      const char = this.#text[this.#i];
      let key: string;
      if (char === '"' || char === "'") {
        key = this.#string(char);
      } else {
        IDENTIFIER.lastIndex = this.#i;
        NUMBER.lastIndex = this.#i;
        const word = IDENTIFIER.exec(this.#text) ?? NUMBER.exec(this.#text);
        if (word === null) this.#fail('expected a key (a string or a name) in an object');
        key = word[0];
        this.#i += key.length;
      }
      this.#skipSpace();
      if (this.#text[this.#i] !== ':') this.#fail('expected `:` after an object key');
      this.#i++;
      this.#skipSpace();
      defineOwn(object, key, this.#value());
      this.#skipSpace();
      if (this.#text[this.#i] === ',') {
        this.#i++;
        this.#skipSpace();
      } else if (this.#text[this.#i] !== '}') {
        this.#fail('expected `,` or `}` in an object');
      }
    }
    this.#i++;
    return object as { [key: string]: ArgValue };
  }

  #skipSpace(): void {
    while (this.#i < this.#text.length) {
      const char = this.#text[this.#i];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') this.#i++;
      else break;
    }
  }

  #fail(message: string): never {
    const found = this.#text[this.#i];
    const got = found === undefined ? 'the end of the arguments' : `\`${this.#text.slice(this.#i, this.#i + 12).split('\n')[0]}\``;
    throw new ArgumentSyntaxError(`${message}, got ${got} at column ${this.#i + 1} of the arguments`, this.#i);
  }
}
