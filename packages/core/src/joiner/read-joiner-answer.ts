import { quoteForError } from '../util/quote-for-error.js';
import type { JoinWarning } from './join-warning.js';
import type { JoinerDecision } from './joiner-decision.js';
import { parseJoinerJson } from './parse-joiner-json.js';
import { parseJoinerOutput } from './parse-joiner-output.js';

/** An `Action:` label: the model tried to write a decision, so its text is not a plain answer. */
const ACTION_LABEL = /\baction[ \t*_]*:/i;
const FENCE_LINE = /^[ \t]*```[^\n`]*$/gm;
/** `Thought:` at the very start, with markdown emphasis or a heading mark tolerated. */
const LEADING_THOUGHT = /^[ \t*_#>]*thought[ \t*_]*:[ \t*_]*/i;
/** `Answer:` or `Final answer:` at the start of the text, and at the start of any line. */
const LEADING_ANSWER = /^[ \t*_#>]*(?:final[ \t]+)?answer[ \t*_]*:[ \t*_]*/i;
const ANSWER_LINE = new RegExp(LEADING_ANSWER.source, 'im');
const BLANK_LINE = /\n[ \t]*\n/;

const EXPECTED = {
  text: '`Action: Finish(<answer>)` or `Action: Replan(<feedback>)`',
  json: 'a JSON object with an `action`',
} as const;

/** What the joiner's text decided, and the warning when the text was taken as a plain answer. */
export interface JoinerAnswer {
  readonly decision: JoinerDecision;
  readonly warning: JoinWarning | undefined;
}

/**
 * Reads the joiner's answer in its format (see `parseJoinerOutput` and `parseJoinerJson`). Unless `strict`,
 * an answer in plain prose, as small and chatty models write, is the final answer, with a `plain-answer`
 * warning: its text trimmed, without fence lines, a leading `Thought:` block (kept as the thought) or an
 * `Answer:` label (see {@link readPlainAnswer}). A plain answer is always a finish: a replan is never
 * guessed from prose.
 *
 * @throws {JoinerParseError} when the text holds no decision and is no plain answer either (it is empty,
 * only a thought, or an attempt at a decision that cannot be read: an `Action:` label, in JSON mode a `{`
 * or a JSON value), or holds no decision and `strict` is set.
 *
 * @example
 * ```ts
 * readJoinerAnswer('The Mariana Trench is deeper.', { format: 'text', strict: false });
 * // { decision: { thought: undefined, action: { type: 'finish', answer: 'The Mariana Trench is deeper.' } },
 * //   warning: { code: 'plain-answer', message: 'Expected the joiner to answer with …' } }
 * ```
 */
export function readJoinerAnswer(text: string, { format, strict }: { format: 'text' | 'json'; strict: boolean }): JoinerAnswer {
  try {
    return { decision: format === 'json' ? parseJoinerJson(text) : parseJoinerOutput(text), warning: undefined };
  } catch (error) {
    const plain = strict ? undefined : readPlainAnswer(text, format);
    if (plain === undefined) throw error;
    const message = `Expected the joiner to answer with ${EXPECTED[format]}, got plain text ${quoteForError(text)}; it is taken as the answer (set \`joiner.strict\` to fail instead)`;
    return { decision: { thought: plain.thought, action: { type: 'finish', answer: plain.answer } }, warning: { code: 'plain-answer', message } };
  }
}

/**
 * The answer in a joiner's plain-prose text, or `undefined` when the text is no plain answer.
 *
 * Not a plain answer: text with an `Action:` label, in JSON mode text that holds a `{` or is JSON as a whole
 * (`42`, `[1, 2]`): each is an attempt at a decision, which is never guessed at. Nor is text with nothing
 * left once cleaned.
 * Cleaning: fence lines (```` ``` ````, ```` ```text ````) are removed, keeping what they enclose; a
 * leading `Thought:` block is the thought, not the answer: up to the first blank line or `Answer:` line,
 * or the first line alone when there is neither; then a leading `Answer:` or `Final answer:` label goes,
 * and the rest, trimmed, is the answer.
 *
 * @example
 * ```ts
 * readPlainAnswer('Thought: both depths are known.\nThe Mariana Trench is deeper.', 'text');
 * // { thought: 'both depths are known.', answer: 'The Mariana Trench is deeper.' }
 * ```
 */
export function readPlainAnswer(text: string, format: 'text' | 'json'): { thought: string | undefined; answer: string } | undefined {
  let rest = text.replace(FENCE_LINE, '').trim();
  // A `{` anywhere, a fence line's included (```{"action": ...), is an attempt at JSON.
  if (ACTION_LABEL.test(text) || (format === 'json' && (text.includes('{') || triesJson(rest)))) return undefined;
  let thought: string | undefined;
  const label = LEADING_THOUGHT.exec(rest);
  if (label !== null) {
    const body = rest.slice(label[0].length);
    const end = thoughtEnd(body);
    thought = body.slice(0, end).trim() || undefined;
    rest = body.slice(end).trim();
  }
  const answer = rest.replace(LEADING_ANSWER, '').trim();
  return answer === '' ? undefined : { thought, answer };
}

/** Where a leading thought ends: at the first blank line or `Answer:` line, else at the end of its first line. */
function thoughtEnd(body: string): number {
  const blank = BLANK_LINE.exec(body)?.index;
  const answer = ANSWER_LINE.exec(body)?.index;
  const ends = [blank, answer].filter((index): index is number => index !== undefined);
  if (ends.length > 0) return Math.min(...ends);
  const newline = body.indexOf('\n');
  return newline === -1 ? body.length : newline;
}

/** Whether a JSON joiner's text is an attempt at JSON: it holds a `{` (an object, maybe cut off), or is JSON. */
function triesJson(text: string): boolean {
  if (text.includes('{')) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
