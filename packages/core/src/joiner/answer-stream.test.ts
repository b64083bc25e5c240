import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnswerStream } from './create-answer-stream.js';
import { readJoinerAnswer } from './read-joiner-answer.js';

/** Fixed seeds keep the runs reproducible; a counterexample is printed with its seed when one fails. */
const SEED = 20_261_130;

/** The text cut at `points` (any numbers; taken modulo the length, sorted). */
function cut(text: string, points: readonly number[]): string[] {
  const at = [...new Set(points.map((point) => (text.length === 0 ? 0 : point % (text.length + 1))))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const point of at) {
    chunks.push(text.slice(start, point));
    start = point;
  }
  chunks.push(text.slice(start));
  return chunks;
}

interface Streamed {
  /** The answer-delta texts, in order, the last one given by `finish`. */
  readonly deltas: string[];
  /** The decision's answer, or `undefined` for a replan or an unreadable text. */
  readonly answer: string | undefined;
  /** Whether the text could not be read (the run fails): what streamed before then is no answer. */
  readonly failed: boolean;
}

/**
 * What a run does with a joiner's text: push each chunk (checking at every step that what streamed is the
 * start of the final answer), then read the whole text and end the stream with the decision's answer.
 */
function stream(chunks: readonly string[], format: 'text' | 'json'): Streamed {
  const answerStream = createAnswerStream(format);
  const deltas: string[] = [];
  const steps: string[] = [];
  for (const chunk of chunks) {
    const delta = answerStream.push(chunk);
    if (delta !== '') deltas.push(delta);
    steps.push(deltas.join(''));
  }
  const text = chunks.join('');
  let answer: string | undefined;
  let failed = false;
  try {
    const { decision } = readJoinerAnswer(text, { format, strict: false });
    if (decision.action.type === 'finish') answer = decision.action.answer;
  } catch {
    failed = true;
  }
  if (answer === undefined) return { deltas, answer, failed };
  for (const step of steps) expect(answer.startsWith(step), `${JSON.stringify(step)} starts ${JSON.stringify(answer)}`).toBe(true);
  const rest = answerStream.finish(answer);
  if (rest !== '') deltas.push(rest);
  return { deltas, answer, failed };
}

const TEXT_OUTPUTS: readonly string[] = [
  'Thought: Both depths are known.\nAction: Finish(The Mariana Trench is about 2,600 m deeper.)',
  'Action: Finish(42)',
  'Action: Finish()',
  'Action: Finish(The trench (in the Pacific) is deeper [by (about) 2.6 km].)',
  'Action: Finish(The sign said "Exit :)" and the code was `f(x`.)',
  'Action: Finish(Run this:\n```js\nconsole.log(")");\n```\n)',
  "Action: Finish(It's Schindler's List (1993).)",
  'Action: Finish(He is 5\'11" tall (180 cm).)\nDone.',
  'Action: Finish("Paris")',
  "Action: Finish('It's Paris')",
  'Action: Finish("He said \\"hi\\" (twice)")',
  'Action: Finish("line one\nline two")',
  'Action: Finish(\u201CParis\u201D)',
  'Action: Finish("Yes" and "No" are both right)',
  "Action: Finish('a' or 'b')",
  'Thought: ok\nAction: Finish(The answer is 42',
  '```\nAction: Finish(The answer is 42\n```',
  'Action: Finish(  spaced out \n\n  answer  \n)',
  'Action: Finish(a smiley :) and a (nested (pair)) of brackets, and {braces} too)',
  "Action: Finish(She said 'hi (there)' and left)",
  "Action: Finish(an unclosed 'quote (with a bracket) that never ends)",
  'Action: Finish(an unclosed "double quote (with a bracket) that never ends)',
  'Action: Finish(a `code span (with a bracket` then more) after',
  'Action: Finish(an emoji \u{1F30A} and accents: \u00E9t\u00E9)',
  'Action: Finish[42 (approx.)]',
  'Action: Finish (42)',
  '**Thought:** ok\n**Action:** `Finish(42)`',
  'Thought: ok\nAction: Finish(42)\nI hope this helps (really)!\nAction: Replan(x)',
  'Thought: I cannot finish (yet) without data.\nAction: Replan(get data)',
  'Action: Replan(search again (with care))',
  'Thought: ok\nFinish(42)',
  'Thought: ok\nAction: Finish: The answer is 42.',
  'Action: Finish\nThe answer\nis 42.',
  'The Mariana Trench is 10,994 m deep.',
  'Thought: the search answered it.\n```\n10,994 m\n```',
  'Action: Finish(Answer with a fence line\n  ```\nthat is never closed',
  'Action: Finish(the answer\n```\n) and after',
  'Action: Finish(back\\slash \\) and \\"quotes\\")',
  `Action:${' '.repeat(300)}Finish(the first, after a long label)\nAction: Finish(the second)`,
  `${'x'.repeat(2_000)} Action: Finish(after a long line)`,
];

const JSON_OUTPUTS: readonly string[] = [
  '{"action": "finish", "answer": "The Mariana Trench is about 2,600 m deeper."}',
  '{"thought": "Both depths are known.", "action": "finish", "answer": "42 (approx.)"}',
  '{"action": "Finish", "answer": "He said \\"hi\\" (twice)\\nand left \\u00e9\\ud83c\\udf0a \\\\ / \\/"}',
  '```json\n{"action": "finish", "answer": "fenced"}\n```',
  'Here is my answer: {"action": "finish", "answer": "after prose"}',
  '{"answer": "answer before action", "action": "finish"}',
  '{"action": "replan", "feedback": "search again"}',
  '{"action": "replan", "answer": "not an answer", "feedback": "search again"}',
  '{"action": "finish", "answer": 42}',
  '{"action": "finish", "answer": {"depth": 10994}}',
  '{"action": {"type": "finish", "answer": "nested"}}',
  '{"action": "Finish(42)"}',
  '{"thought": {"nested": ["x", {"y": "}"}]}, "action": "finish", "answer": "after a nested thought"}',
  '{"action": "finish", "answer": "first", "answer": "second"}',
  '{"action": "finish", "answer": "then a replan", "action": "replan"}',
  '{"action": "finish", "answer": ""}',
  '{"action": "finish", "answer": "cut off',
  '{"action": "finish", "answer": "raw\nnewline"}',
  'Paris.',
  '{"action" : "finish" , "answer" : "spaced" }',
  '```{"action": "finish", \n"answer": ",',
];

const OUTPUTS = [...TEXT_OUTPUTS.map((text) => ['text', text] as const), ...JSON_OUTPUTS.map((text) => ['json', text] as const)];

describe('the answer stream', () => {
  it('gives the argument of Action: Finish( as it is written, without the closing bracket', () => {
    const answer = createAnswerStream('text');
    expect(answer.push('Thought: known.\nAction: Fin')).toBe('');
    expect(answer.push('ish(The Mariana')).toBe('The Mariana');
    expect(answer.push(' Trench (in the Pacific')).toBe(' Trench (in the Pacific');
    expect(answer.push(') is deeper.)\nDone.')).toBe(') is deeper.');
    expect(answer.finish('The Mariana Trench (in the Pacific) is deeper.')).toBe('');
  });

  it('holds back blank space until more text follows it', () => {
    const answer = createAnswerStream('text');
    expect(answer.push('Action: Finish(  42 ')).toBe('42');
    expect(answer.push(' m ')).toBe('  m');
    expect(answer.push(' )')).toBe('');
  });

  it('gives a quoted answer once its closing bracket shows whether the quotes wrap it', () => {
    const answer = createAnswerStream('text');
    expect(answer.push('Action: Finish("Paris, ')).toBe('');
    expect(answer.push('the capital")\nMore text.')).toBe('Paris, the capital');
    const quotations = createAnswerStream('text');
    expect(quotations.push('Action: Finish("Yes" and "No"')).toBe('');
    expect(quotations.push(' are both right)')).toBe('"Yes" and "No" are both right');
  });

  it('streams nothing for a replan, nor before the action', () => {
    const answer = createAnswerStream('text');
    expect(answer.push('Thought: I cannot finish (yet).\n')).toBe('');
    expect(answer.push('Action: Replan(search (again))')).toBe('');
  });

  it('decodes the JSON answer as it streams, once the action said finish', () => {
    const answer = createAnswerStream('json');
    expect(answer.push('{"action": "finish", "answer": "He said \\"h')).toBe('He said "h');
    expect(answer.push('i\\" \\u00')).toBe('i" ');
    expect(answer.push('e9\\n"}')).toBe('\u00E9\n');
    expect(answer.finish('He said "hi" \u00E9\n')).toBe('');
  });

  it('streams no JSON answer before the action, nor for a replan', () => {
    expect(createAnswerStream('json').push('{"answer": "early", "action": "finish"}')).toBe('');
    expect(createAnswerStream('json').push('{"action": "replan", "answer": "x", "feedback": "y"}')).toBe('');
  });

  it.each(OUTPUTS)('adds up to the answer over every chunking (%s) %j', (format, text) => {
    const whole = stream([text], format);
    // One character at a time, every cut in two, then random cuts.
    const check = (chunks: readonly string[]): void => {
      const { deltas, answer, failed } = stream(chunks, format);
      expect(answer).toBe(whole.answer);
      expect(failed).toBe(whole.failed);
      // A replan streams nothing; a text that cannot be read fails the run, whatever streamed before.
      if (!failed) expect(deltas.join('')).toBe(whole.answer ?? '');
      expect(deltas.every((delta) => delta !== '')).toBe(true);
    };
    check([text]);
    check([...text]);
    for (let at = 0; at <= text.length; at++) check([text.slice(0, at), text.slice(at)]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000 }), { maxLength: 16 }), (points) => check(cut(text, points))),
      { numRuns: 200, seed: SEED },
    );
  });

  it('streams the documented answers early: before the closing bracket, before the closing quote', () => {
    const early = (format: 'text' | 'json', text: string, before: string): string => {
      const answer = createAnswerStream(format);
      return answer.push(text.slice(0, text.indexOf(before)));
    };
    expect(early('text', 'Thought: ok\nAction: Finish(The Mariana Trench is deeper.)', ')')).toBe('The Mariana Trench is deeper.');
    expect(early('json', '{"action": "finish", "answer": "The Mariana Trench is deeper."}', '"}')).toBe('The Mariana Trench is deeper.');
  });

  it('gives what streams as the start of the answer, for any text', () => {
    const token = fc.constantFrom(
      'Action: Finish(', 'Action: Replan(', 'Action', ': ', 'Fin', 'ish(', '**', 'Finish(', 'Thought: ', '```json\n', '(', ')', '[', ']', '{', '}', '"', "'", '`', '```', '\\', '\n', ' ',
      'a', 'it', "'s", '\u{1F30A}', 'Answer: ', '{"action": "finish", ', '"answer": "', '"action": "replan"', '\\"', '\\u00e9', ':', ',',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), fc.array(fc.nat({ max: 1_000 }), { maxLength: 12 }), fc.constantFrom('text', 'json'), (tokens, points, format) => {
        const text = tokens.join('');
        const { deltas, answer, failed } = stream(cut(text, points), format);
        if (failed) return;
        expect(deltas.join('')).toBe(answer ?? '');
        expect(stream([text], format).answer).toBe(answer);
      }),
      { numRuns: 3_000, seed: SEED },
    );
  });
});
