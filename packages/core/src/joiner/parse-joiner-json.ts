import { describeError } from '../util/describe-error.js';
import { describeValue } from '../util/describe-value.js';
import { JoinerParseError } from '../errors/joiner-parse-error.js';
import type { JoinerAction, JoinerDecision } from './joiner-decision.js';
import { readStreamedJsonAnswer } from './json-answer-stream.js';
import { parseJoinerOutput } from './parse-joiner-output.js';
import { quoteForError } from '../util/quote-for-error.js';

/**
 * Reads the joiner's answer in JSON mode:
 *
 * ```json
 * { "thought": "Both depths are known.", "action": "finish", "answer": "The Mariana Trench is deeper." }
 * { "thought": "The search failed.", "action": "replan", "feedback": "Search for the depth in feet." }
 * ```
 *
 * Tolerated: markdown fences and prose around the object, any letter case in `action`, an `action` written
 * as text (`"Finish(42)"`) or as an object (`{"type": "finish", "answer": ...}`), a missing `action` when
 * only `answer` (finish) or only `feedback` (replan) is given, a missing `feedback` (empty), and a
 * non-string `answer` (numbers as they are, objects as JSON). When the object's first `action` is a finish
 * and comes before its `answer` string (the order the prompt asks for, in which the answer streams), a
 * repeated `action` or `answer` key after them does not change the answer.
 *
 * @throws {JoinerParseError} when no JSON object can be read, or it has no valid action, or a finish
 * without an `answer`, or an `answer` or `feedback` nested too deeply to write as text (any depth is read,
 * never a `RangeError`); the message quotes what came and shows the expected shape.
 *
 * @example
 * ```ts
 * parseJoinerJson('```json\n{"thought": "Done.", "action": "finish", "answer": "42"}\n```');
 * // { thought: 'Done.', action: { type: 'finish', answer: '42' } }
 * ```
 */
export function parseJoinerJson(text: string): JoinerDecision {
  const decision = readDecision(text);
  // The answer as it streamed (the first `answer` after a first `action` of finish) stands over a repeated
  // key, so that what a run streamed is always its answer.
  const streamed = readStreamedJsonAnswer(text);
  return streamed === undefined ? decision : { thought: decision.thought, action: { type: 'finish', answer: streamed } };
}

function readDecision(text: string): JoinerDecision {
  const fail = (problem: string, cause?: unknown): JoinerParseError =>
    new JoinerParseError({ text, format: 'json', got: problem, cause });

  let value: unknown;
  try {
    value = readJson(text);
  } catch (error) {
    throw fail(`got ${quoteForError(text)}`, error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(`got ${describeValue(value)} in ${quoteForError(text)}`);
  }
  const record = value as Record<string, unknown>;
  const thought = typeof record.thought === 'string' && record.thought.trim() !== '' ? record.thought.trim() : undefined;
  let source = record;
  let action = record.action;
  if (action !== null && typeof action === 'object' && !Array.isArray(action)) {
    source = action as Record<string, unknown>;
    action = source.type ?? source.action;
  }
  if (typeof action === 'string') {
    const keyword = action.trim().toLowerCase();
    if (keyword !== 'finish' && keyword !== 'replan') {
      try {
        return { thought, action: parseJoinerOutput(action).action };
      } catch {
        throw fail(`got \`action\` ${describeValue(action)} in ${quoteForError(text)}`);
      }
    }
    return { thought, action: toAction(keyword, source, fail, text) };
  }
  if (action === undefined && source.answer !== undefined && source.answer !== null) {
    return { thought, action: toAction('finish', source, fail, text) };
  }
  if (action === undefined && source.feedback !== undefined) return { thought, action: toAction('replan', source, fail, text) };
  throw fail(`got \`action\` ${describeValue(action)} in ${quoteForError(text)}`);
}

type Fail = (problem: string, cause?: unknown) => JoinerParseError;

function toAction(keyword: 'finish' | 'replan', source: Record<string, unknown>, fail: Fail, text: string): JoinerAction {
  if (keyword === 'replan') return { type: 'replan', feedback: asText(source.feedback, 'feedback', fail, text) ?? '' };
  const answer = asText(source.answer, 'answer', fail, text);
  if (answer === undefined) throw fail(`got a finish without \`answer\` in ${quoteForError(text)}`);
  return { type: 'finish', answer };
}

function asText(value: unknown, key: string, fail: Fail, text: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch (error) {
    // JSON.parse reads any depth, but JSON.stringify recurses: 100,000 nested arrays overflow the stack.
    throw fail(`got \`${key}\` nested too deeply to write as text (${describeError(error)}) in ${quoteForError(text)}`, error);
  }
}

/** Parses the text as JSON, or else the first balanced `{...}` in it (skipping fences and prose). */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const start = text.indexOf('{');
    const end = start === -1 ? undefined : findObjectEnd(text, start);
    if (end === undefined) throw error;
    return JSON.parse(text.slice(start, end + 1));
  }
}

function findObjectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}
