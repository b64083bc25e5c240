import { JoinerParseError } from '../errors/joiner-parse-error.js';
import type { JoinerAction, JoinerDecision } from './joiner-decision.js';

/** `Action: Finish(` anywhere, with markdown emphasis or code marks tolerated around the parts. */
export const ACTION_CALL = /\baction[ \t*_]*:[ \t*_`]*(finish|replan)[ \t]*([([])/i;
/** `Finish(` at the start of a line, without the `Action:` label. */
const BARE_CALL = /^[ \t>*_#`-]*(finish|replan)[ \t]*([([])/im;
/** `Action: Finish` with the answer after it, not in brackets (`Action: Finish: 42`, or on the next lines). */
const ACTION_WORD = /\baction[ \t*_]*:[ \t*_`]*(finish|replan)\b[ \t*_`]*/i;
const THOUGHT = /\bthought[ \t*_]*:[ \t*_]*/i;
const FENCE_LINE = /^[ \t]*```[^\n`]*$/gm;
export const CLOSER: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/**
 * How much of the text counts as quoted while looking for the closing bracket. Tried in this order: a
 * stray quote (`5'11"`) would otherwise hide the real closing bracket, so each later mode trusts quotes less.
 */
export type QuoteMode = 'all' | 'double' | 'none';
export const QUOTE_MODES: readonly QuoteMode[] = ['all', 'double', 'none'];

/**
 * Reads the joiner's text answer:
 *
 * ```text
 * Thought: Both depths are known; the difference answers the question.
 * Action: Finish(The Mariana Trench is about 2,600 m deeper than the Puerto Rico Trench.)
 * ```
 *
 * or `Action: Replan(<what the next plan should do>)`. The thought runs from `Thought:` to the action and
 * may span lines. The action's argument is read by scanning balanced brackets (quotes and code spans
 * respected), so it may hold parentheses and newlines; one pair of quotes around the whole argument is
 * removed (`Finish("Paris")` answers `Paris`).
 *
 * Tolerated: a missing `Action:` label (`Finish(...)` at the start of a line), any letter case
 * (`finish(`), square brackets (`Finish[...]`), markdown fences and emphasis, text after the action, an
 * argument whose closing bracket never came (the rest of the text is taken), and `Action: Finish` followed
 * by the answer without brackets.
 *
 * @throws {JoinerParseError} when the text holds no action, quoting what came.
 *
 * @example
 * ```ts
 * parseJoinerOutput('Thought: Not enough data.\nAction: Replan(search the 2023 figures instead)');
 * // { thought: 'Not enough data.', action: { type: 'replan', feedback: 'search the 2023 figures instead' } }
 * ```
 */
export function parseJoinerOutput(text: string): JoinerDecision {
  const call = ACTION_CALL.exec(text) ?? BARE_CALL.exec(text);
  if (call !== null) {
    const start = call.index + call[0].length;
    const argument = readArgument(text, start, call[2]!);
    return { thought: readThought(text.slice(0, call.index)), action: toAction(call[1]!, unquote(argument)) };
  }
  const word = ACTION_WORD.exec(text);
  if (word !== null) {
    const rest = stripFences(text.slice(word.index + word[0].length))
      .replace(/^[\s:=>—–-]+/, '')
      .trim();
    const type = word[1]!.toLowerCase();
    if (rest !== '' || type === 'replan') {
      return { thought: readThought(text.slice(0, word.index)), action: toAction(type, unquote(rest)) };
    }
  }
  throw new JoinerParseError({ text, format: 'text' });
}

function toAction(keyword: string, argument: string): JoinerAction {
  return keyword.toLowerCase() === 'finish' ? { type: 'finish', answer: argument } : { type: 'replan', feedback: argument };
}

/** The thought: the text after `Thought:` (or all of it, without the label) up to the action. */
function readThought(before: string): string | undefined {
  const label = THOUGHT.exec(before);
  const thought = stripFences(label === null ? before : before.slice(label.index + label[0].length))
    .replace(/[\s*]+$/, '')
    .trim();
  return thought === '' ? undefined : thought;
}

function stripFences(text: string): string {
  return text.replace(FENCE_LINE, '').trim();
}

/**
 * The argument that starts at `start`, just after the opening bracket: up to the bracket that closes it,
 * or, when none does, the rest of the text (a cut-off answer is still an answer).
 */
function readArgument(text: string, start: number, open: string): string {
  for (const mode of QUOTE_MODES) {
    const close = findClosingBracket(text, start, open, mode);
    if (close !== undefined) return text.slice(start, close);
  }
  return stripFences(text.slice(start));
}

function findClosingBracket(text: string, start: number, open: string, mode: QuoteMode): number | undefined {
  const stack = [CLOSER[open]!];
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (mode !== 'none' && char === '`') {
      // A fence (```) runs to the next fence, an inline code span to the next backtick.
      const fence = text.startsWith('```', i);
      const end = text.indexOf(fence ? '```' : '`', i + (fence ? 3 : 1));
      if (end === -1) return undefined;
      i = end + (fence ? 2 : 0);
    } else if (mode !== 'none' && (char === '"' || (mode === 'all' && char === "'" && !isWordChar(text[i - 1])))) {
      // A single quote inside a word (`it's`) is an apostrophe, not a string.
      const end = findClosingQuote(text, i + 1, char);
      if (end === undefined) return undefined;
      i = end;
    } else if (char === '(' || char === '[' || char === '{') {
      stack.push(CLOSER[char]!);
    } else if (char === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return undefined;
}

function findClosingQuote(text: string, from: number, quote: string): number | undefined {
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === quote && (quote === '"' || !isWordChar(text[i + 1]))) return i;
  }
  return undefined;
}

/** Whether `char` is a letter or a digit: a quote next to one is an apostrophe (`it's`), not a string. */
export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** Removes one pair of quotes around the whole argument, when they wrap it rather than start and end two quotations. */
export function unquote(argument: string): string {
  const text = argument.trim();
  if (text.length < 2) return text;
  const first = text[0]!;
  const last = text[text.length - 1]!;
  const inner = text.slice(1, -1);
  if (first === '"' && last === '"') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Not a JSON string (a raw newline, say): strip the quotes by hand below.
    }
    return /(?<!\\)"/.test(inner) ? text : inner.replaceAll('\\"', '"');
  }
  if (first === "'" && last === "'") {
    const bare = [...inner.matchAll(/(?<!\\)'/g)].some(({ index }) => !(isWordChar(inner[index - 1]) && isWordChar(inner[index + 1])));
    return bare ? text : inner.replaceAll("\\'", "'");
  }
  if (first === '\u201C' && last === '\u201D' && !/[\u201C\u201D]/.test(inner)) return inner;
  return text;
}
