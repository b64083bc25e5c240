import { describe, expect, it } from 'vitest';
import { JoinerParseError } from '../errors/joiner-parse-error.js';
import { readJoinerAnswer, readPlainAnswer } from './read-joiner-answer.js';

const lenient = { format: 'text', strict: false } as const;

describe('readJoinerAnswer', () => {
  it('reads a decision as the parsers do, without a warning', () => {
    expect(readJoinerAnswer('Thought: done.\nAction: Finish(42)', lenient)).toEqual({
      decision: { thought: 'done.', action: { type: 'finish', answer: '42' } },
      warning: undefined,
    });
    expect(readJoinerAnswer('{"action": "replan", "feedback": "more"}', { format: 'json', strict: false }).decision.action).toEqual({
      type: 'replan',
      feedback: 'more',
    });
  });

  it('takes plain prose as the answer, with a plain-answer warning that says what was expected and what came', () => {
    expect(readJoinerAnswer('The Mariana Trench is about 2,600 m deeper.', lenient)).toEqual({
      decision: { thought: undefined, action: { type: 'finish', answer: 'The Mariana Trench is about 2,600 m deeper.' } },
      warning: {
        code: 'plain-answer',
        message:
          'Expected the joiner to answer with `Action: Finish(<answer>)` or `Action: Replan(<feedback>)`, got plain text ' +
          '"The Mariana Trench is about 2,600 m deeper."; it is taken as the answer (set `joiner.strict` to fail instead)',
      },
    });
  });

  it('takes plain prose as the answer in JSON mode too', () => {
    const { decision, warning } = readJoinerAnswer('Paris.', { format: 'json', strict: false });
    expect(decision.action).toEqual({ type: 'finish', answer: 'Paris.' });
    expect(warning?.message).toMatch(/^Expected the joiner to answer with a JSON object with an `action`, got plain text "Paris\."/);
  });

  it('never guesses a replan from prose', () => {
    const text = 'I would need to replan: the search failed, so search again for the depth in feet.';
    expect(readJoinerAnswer(text, lenient).decision.action).toEqual({ type: 'finish', answer: text });
  });

  it('with strict, refuses plain prose with a JoinerParseError', () => {
    expect(() => readJoinerAnswer('The answer is 42.', { format: 'text', strict: true })).toThrow(JoinerParseError);
    expect(() => readJoinerAnswer('The answer is 42.', { format: 'json', strict: true })).toThrow(JoinerParseError);
  });

  it.each([
    ['an empty answer', ''],
    ['blank space', '  \n\t '],
    ['empty fences', '```\n```'],
    ['only a thought', 'Thought: I have both depths.'],
    ['an action that cannot be read', 'Thought: done.\nAction: Search(the depth)'],
  ])('refuses %s even without strict', (_, text) => {
    expect(() => readJoinerAnswer(text, lenient)).toThrow(JoinerParseError);
  });

  it('refuses, in JSON mode, JSON without a valid action, and JSON nested too deeply', () => {
    expect(() => readJoinerAnswer('{"thought": "hm"}', { format: 'json', strict: false })).toThrow(JoinerParseError);
    const deep = `{"action": "finish", "answer": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(() => readJoinerAnswer(deep, { format: 'json', strict: false })).toThrow(JoinerParseError);
  });
});

describe('readPlainAnswer', () => {
  it.each([
    ['trims the text', '  42 \n', { thought: undefined, answer: '42' }],
    ['keeps what fences enclose, without the fence lines', '```text\nThe answer is 42.\n```', { thought: undefined, answer: 'The answer is 42.' }],
    ['keeps a leading thought line as the thought', 'Thought: both depths are known.\nThe Mariana Trench is deeper.', {
      thought: 'both depths are known.',
      answer: 'The Mariana Trench is deeper.',
    }],
    ['takes a thought paragraph up to the first blank line', 'Thought: the search worked\nand the math too.\n\nIt is 42.\n\nHope that helps.', {
      thought: 'the search worked\nand the math too.',
      answer: 'It is 42.\n\nHope that helps.',
    }],
    ['ends a thought at an Answer: line and drops the label', '**Thought:** done.\nit seems\n**Final Answer:** 42', { thought: 'done.\nit seems', answer: '42' }],
    ['drops a leading Answer: label', 'Answer: 42', { thought: undefined, answer: '42' }],
    ['keeps an Answer: label further down as text', 'First line.\nAnswer: 42', { thought: undefined, answer: 'First line.\nAnswer: 42' }],
    ['keeps a thought-like word later in the text', 'My thought: 42.', { thought: undefined, answer: 'My thought: 42.' }],
  ])('%s', (_, text, expected) => {
    expect(readPlainAnswer(text, 'text')).toEqual(expected);
  });

  it('is no answer for an Action: label, JSON in JSON mode, or nothing left', () => {
    expect(readPlainAnswer('Action: Stop', 'text')).toBeUndefined();
    expect(readPlainAnswer('**Action:** maybe later', 'json')).toBeUndefined();
    expect(readPlainAnswer('```json\n{"answer": 1, "x": }\n```\n{"a": 1}', 'json')).toBeUndefined();
    expect(readPlainAnswer('{"action": "finish", "answer": "4', 'json')).toBeUndefined();
    expect(readPlainAnswer('```json\n[1, 2]\n```', 'json')).toBeUndefined();
    expect(readPlainAnswer('42', 'json')).toBeUndefined();
    expect(readPlainAnswer('See [1] for the depth: 10,994 m.', 'json')).toEqual({ thought: undefined, answer: 'See [1] for the depth: 10,994 m.' });
    expect(readPlainAnswer('{"a": 1}', 'text')).toEqual({ thought: undefined, answer: '{"a": 1}' });
    expect(readPlainAnswer('Thought: only this', 'text')).toBeUndefined();
    expect(readPlainAnswer('Answer:', 'text')).toBeUndefined();
  });
});
