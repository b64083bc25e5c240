import { describe, expect, it } from 'vitest';
import { JoinerParseError } from '../errors/joiner-parse-error.js';
import { parseJoinerJson } from './parse-joiner-json.js';

const parseError = (text: string): JoinerParseError => {
  try {
    parseJoinerJson(text);
  } catch (error) {
    if (JoinerParseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(text)} to be refused`);
};

describe('parseJoinerJson', () => {
  it('reads a finish', () => {
    expect(parseJoinerJson('{"thought": "Both are known.", "action": "finish", "answer": "The Mariana Trench."}')).toEqual({
      thought: 'Both are known.',
      action: { type: 'finish', answer: 'The Mariana Trench.' },
    });
  });

  it('reads a replan', () => {
    expect(parseJoinerJson('{"thought": "It failed.", "action": "replan", "feedback": "Search in feet."}')).toEqual({
      thought: 'It failed.',
      action: { type: 'replan', feedback: 'Search in feet.' },
    });
  });

  it('keeps answers with newlines, parentheses and quotes', () => {
    expect(parseJoinerJson('{"action": "finish", "answer": "Line one (a)\\nLine \\"two\\""}').action).toEqual({
      type: 'finish',
      answer: 'Line one (a)\nLine "two"',
    });
  });

  it('reads the object out of fences and prose', () => {
    const text = 'Here is my decision:\n```json\n{"thought": "ok", "action": "finish", "answer": "42"}\n```\nThanks!';
    expect(parseJoinerJson(text)).toEqual({ thought: 'ok', action: { type: 'finish', answer: '42' } });
  });

  it('accepts any letter case in the action and no thought', () => {
    expect(parseJoinerJson('{"action": "FINISH", "answer": "42"}')).toEqual({ thought: undefined, action: { type: 'finish', answer: '42' } });
    expect(parseJoinerJson('{"action": " Replan ", "feedback": "x"}').action).toEqual({ type: 'replan', feedback: 'x' });
  });

  it('accepts an action written as text or as an object', () => {
    expect(parseJoinerJson('{"thought": "t", "action": "Finish(42 (about))"}')).toEqual({
      thought: 't',
      action: { type: 'finish', answer: '42 (about)' },
    });
    expect(parseJoinerJson('{"action": {"type": "replan", "feedback": "more"}}').action).toEqual({ type: 'replan', feedback: 'more' });
  });

  it('infers the action from `answer` or `feedback` when it is missing', () => {
    expect(parseJoinerJson('{"answer": "42"}').action).toEqual({ type: 'finish', answer: '42' });
    expect(parseJoinerJson('{"feedback": "more"}').action).toEqual({ type: 'replan', feedback: 'more' });
  });

  it('turns a non-string answer into text and a missing feedback into an empty one', () => {
    expect(parseJoinerJson('{"action": "finish", "answer": 42}').action).toEqual({ type: 'finish', answer: '42' });
    expect(parseJoinerJson('{"action": "finish", "answer": {"depth": 1}}').action).toEqual({ type: 'finish', answer: '{"depth":1}' });
    expect(parseJoinerJson('{"action": "replan"}').action).toEqual({ type: 'replan', feedback: '' });
  });

  it('refuses text that holds no JSON object, quoting it', () => {
    const error = parseError('I think the answer is 42.');
    expect(error.format).toBe('json');
    expect(error.text).toBe('I think the answer is 42.');
    expect(error.message).toBe(
      'Expected the joiner to answer with `{"thought": "...", "action": "finish", "answer": "..."}` or ' +
        '`{"thought": "...", "action": "replan", "feedback": "..."}`, got "I think the answer is 42."',
    );
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses JSON that is not an object', () => {
    expect(parseError('[1, 2]').message).toMatch(/, got an array of length 2 in "\[1, 2\]"$/);
    expect(parseError('"finish"').message).toMatch(/, got `"finish"` \(string\)/);
  });

  it('refuses an unknown action and a finish without an answer', () => {
    expect(parseError('{"action": "stop"}').message).toMatch(/got `action` `"stop"` \(string\) in/);
    expect(parseError('{"thought": "hm"}').message).toMatch(/got `action` `undefined` in/);
    expect(parseError('{"action": "finish"}').message).toMatch(/got a finish without `answer` in/);
  });

  it('refuses a cut-off object', () => {
    expect(parseError('{"action": "finish", "answer": "4').message).toMatch(/got "\{\\"action\\": \\"finish\\", \\"answer\\": \\"4"$/);
  });

  it('reads JSON nested 100,000 levels deep without a RangeError: a JoinerParseError names the nesting', () => {
    const depth = 100_000;
    const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    for (const [text, key] of [
      [`{"action": "finish", "answer": ${arrays}}`, 'answer'],
      [`{"action": "finish", "answer": ${objects}}`, 'answer'],
      [`{"action": "replan", "feedback": ${objects}}`, 'feedback'],
    ] as const) {
      const error = parseError(text);
      expect(error.message).toContain(`got \`${key}\` nested too deeply to write as text (Maximum call stack size exceeded) in "{\\"action\\"`);
      expect(error.message).toMatch(/\(and \d+ more characters\)$/);
      expect(error.cause).toBeInstanceOf(RangeError);
    }
    for (const text of [arrays, objects, `{"action": ${objects}}`, '{'.repeat(depth), '['.repeat(depth)]) {
      expect(parseError(text).format).toBe('json');
    }
  });

  it('still writes a moderately nested answer as JSON', () => {
    const depth = 1_000;
    const answer = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parseJoinerJson(`{"action": "finish", "answer": ${answer}}`).action).toEqual({ type: 'finish', answer });
  });
});
