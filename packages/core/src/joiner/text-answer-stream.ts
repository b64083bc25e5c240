import { ACTION_CALL, CLOSER, isWordChar, unquote, type QuoteMode } from './parse-joiner-output.js';
import type { AnswerStream } from './answer-stream.js';

/** `ACTION_CALL`, searched from a given index. */
const ACTION_CALL_FROM = new RegExp(ACTION_CALL.source, 'gi');
/**
 * The start of an `ACTION_CALL` that the text so far has not finished: `Action` and what may follow it, up to
 * the end of the text. (A shorter start of the word, `Actio`, is in the last five characters.)
 */
const PARTIAL_CALL =
  /\baction[ \t*_]*(?::[ \t*_`]*(?:(?:finish|replan)[ \t]*|f(?:i(?:n(?:i(?:s(?:h)?)?)?)?)?|r(?:e(?:p(?:l(?:a(?:n)?)?)?)?)?)?)?$/gi;
const SPACE = /\s/;
/** Quotes that `unquote` may strip from around the whole answer. */
const WRAPPING_QUOTES = new Set(['"', "'", '\u201C']);

/**
 * The search for the bracket that closes `Finish(` under one quote mode, as `parseJoinerOutput` does it on
 * the whole text, carried on as the text grows. It stops where it cannot decide yet (a quote, a backtick
 * or a backslash whose meaning depends on the next character), so it never reads a character twice and
 * decides each the same way whatever the chunking.
 */
class BracketScan {
  readonly #mode: QuoteMode;
  readonly #stack: string[];
  /** The next character to read; every character before it is known not to be the closing bracket. */
  #pos: number;
  /** Inside a code span, a fence or a quote: what ends it. */
  #until: string | undefined;
  /** Where the closing bracket is, once found. */
  close: number | undefined;

  constructor(mode: QuoteMode, start: number, open: string) {
    this.#mode = mode;
    this.#stack = [CLOSER[open]!];
    this.#pos = start;
  }

  /** How far the argument is known to reach under this mode: its closing bracket, or what has been read. */
  get reach(): number {
    return this.close ?? this.#pos;
  }

  /** Reads on through `text`, the whole text so far; with `ended`, no more text comes. */
  advance(text: string, ended: boolean): void {
    if (this.close !== undefined) return;
    const { length } = text;
    const quotes = this.#mode !== 'none';
    let i = this.#pos;
    while (i < length) {
      const until = this.#until;
      if (until === '`' || until === '```') {
        const end = text.indexOf(until, i);
        if (end === -1) {
          // A fence's closing marker may have begun in the last two characters.
          i = until === '`' ? length : Math.max(i, length - 2);
          break;
        }
        i = end + until.length;
        this.#until = undefined;
        continue;
      }
      if (until !== undefined) {
        const end = this.#quoteEnd(text, i, until, ended);
        if (end < 0) {
          i = -end - 1;
          break;
        }
        i = end + 1;
        this.#until = undefined;
        continue;
      }
      const char = text[i]!;
      if (quotes && char === '`') {
        // One character more tells an inline span from a fence, or two when the next is a backtick too.
        if (!ended && (i + 1 >= length || (text[i + 1] === '`' && i + 2 >= length))) break;
        const fence = text.startsWith('```', i);
        this.#until = fence ? '```' : '`';
        i += fence ? 3 : 1;
      } else if (quotes && (char === '"' || (this.#mode === 'all' && char === "'" && !isWordChar(text[i - 1])))) {
        this.#until = char;
        i++;
      } else {
        if (char === '(' || char === '[' || char === '{') {
          this.#stack.push(CLOSER[char]!);
        } else if (char === this.#stack[this.#stack.length - 1]) {
          this.#stack.pop();
          if (this.#stack.length === 0) {
            this.close = i;
            return;
          }
        }
        i++;
      }
    }
    this.#pos = i;
  }

  /**
   * The index of the quote that closes a string read from `from`, or, when that cannot be decided yet,
   * `-(where to resume) - 1`. A backslash escapes the next character; a single quote followed by a letter
   * is an apostrophe inside the string.
   */
  #quoteEnd(text: string, from: number, quote: string, ended: boolean): number {
    const { length } = text;
    for (let i = from; i < length; i++) {
      const char = text[i];
      if (char === '\\') {
        if (i + 1 >= length && !ended) return -i - 1;
        i++;
      } else if (char === quote) {
        if (quote === '"') return i;
        if (i + 1 >= length && !ended) return -i - 1;
        if (!isWordChar(text[i + 1])) return i;
      }
    }
    return -length - 1;
  }
}

/**
 * Streams the answer of a text joiner: the argument of `Action: Finish(...)` as it is written, without the
 * closing bracket, such that what it has given is always the start of what `parseJoinerOutput` reads from
 * the whole text (so the pieces add up to the answer).
 *
 * Nothing streams until the first `Action: Finish(` or `Action: Replan(` (the one `parseJoinerOutput`
 * takes), nor ever for a replan. Then the argument streams as far as every reading of its brackets agrees
 * it goes (quotes and code spans respected, parentheses balanced), without its leading and trailing blank
 * space, and holding back a line that may be a markdown fence. An argument that starts with a quote may be
 * a quoted answer whose quotes are removed: it waits for its closing bracket. When the closing bracket
 * comes, the whole answer is known and the rest of it is given at once. The other forms the parser
 * tolerates (`Finish(...)` without the `Action:` label, `Action: Finish: ...`) and plain prose are only
 * known once the text has ended: {@link finish} gives them whole.
 */
export class TextAnswerStream implements AnswerStream {
  #text = '';
  /** Where the search for `Action: Finish(` goes on: where one may still start, given the text so far. */
  #searchFrom = 0;
  /** Where the argument starts, once `Action: Finish(` has come. */
  #start = -1;
  /** Whether nothing more streams: a replan, or an answer already given whole. */
  #held = false;
  /** Whether the argument starts with a quote, so that it waits for its closing bracket. */
  #quoted = false;
  #scans: readonly BracketScan[] = [];
  /** How far the argument has been read for streaming. */
  #consumed = 0;
  /** Whether anything but blank space of the argument has been read. */
  #begun = false;
  /** Blank space read but not given: given only when more text follows it. */
  #space = '';
  #streamed = '';

  push(text: string): string {
    this.#text += text;
    return this.#read(false);
  }

  finish(answer: string): string {
    // What has streamed is always the start of the answer (property-tested over every chunking).
    const rest = answer.slice(this.#streamed.length);
    this.#streamed = answer;
    this.#held = true;
    return rest;
  }

  #read(ended: boolean): string {
    if (this.#held) return '';
    const text = this.#text;
    if (this.#start === -1 && !this.#find(text)) return '';
    if (this.#held) return '';
    for (const scan of this.#scans) scan.advance(text, ended);
    const close = this.#scans[0]!.close;
    if (close !== undefined) {
      // The first reading found its bracket: the parser takes this argument, whatever follows.
      const answer = unquote(text.slice(this.#start, close));
      return this.finish(answer);
    }
    if (this.#quoted) return '';
    let reach = Number.POSITIVE_INFINITY;
    for (const scan of this.#scans) reach = Math.min(reach, scan.reach);
    return this.#stream(text, reach);
  }

  /** Looks for the first `Action: Finish(` or `Action: Replan(` in the text so far. */
  #find(text: string): boolean {
    ACTION_CALL_FROM.lastIndex = this.#searchFrom;
    const call = ACTION_CALL_FROM.exec(text);
    if (call === null) {
      // Only an unfinished start at the end of the text can still become the first one: the search goes on
      // from there, so each character is searched a bounded number of times.
      PARTIAL_CALL.lastIndex = this.#searchFrom;
      const partial = PARTIAL_CALL.exec(text);
      this.#searchFrom = partial === null ? Math.max(this.#searchFrom, text.length - 5) : partial.index;
      return false;
    }
    if (call[1]!.toLowerCase() !== 'finish') {
      this.#held = true;
      return true;
    }
    this.#start = call.index + call[0].length;
    this.#consumed = this.#start;
    const open = call[2]!;
    this.#scans = (['all', 'double', 'none'] as const).map((mode) => new BracketScan(mode, this.#start, open));
    return true;
  }

  /** Gives the argument's text up to `reach`, trimmed, holding back what the parser may still change. */
  #stream(text: string, reach: number): string {
    let out = '';
    let i = this.#consumed;
    while (i < reach) {
      if ((i === this.#start || text[i - 1] === '\n') && this.#mayBeFence(text, i)) break;
      const char = text[i]!;
      // Half of a surrogate pair waits for its other half, so that no piece splits a character.
      if (i + 1 >= reach && isHighSurrogate(char)) break;
      if (SPACE.test(char)) {
        if (this.#begun) this.#space += char;
      } else {
        if (!this.#begun) {
          this.#begun = true;
          if (WRAPPING_QUOTES.has(char)) {
            this.#quoted = true;
            break;
          }
        }
        out += this.#space + char;
        this.#space = '';
      }
      i++;
    }
    this.#consumed = i;
    this.#streamed += out;
    return out;
  }

  /**
   * Whether the line starting at `at` may be a markdown fence line, which the parser drops when the closing
   * bracket never comes: blanks then three backticks, or too little text yet to tell.
   */
  #mayBeFence(text: string, at: number): boolean {
    let i = at;
    while (text[i] === ' ' || text[i] === '\t') i++;
    for (let k = 0; k < 3; k++, i++) {
      if (i >= text.length) return true;
      if (text[i] !== '`') return false;
    }
    return true;
  }
}

/** Whether `char` is the first half of a surrogate pair. */
export function isHighSurrogate(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdbff;
}
