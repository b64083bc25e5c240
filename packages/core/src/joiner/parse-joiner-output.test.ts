import { describe, expect, it } from 'vitest';
import { JoinerParseError } from '../errors/joiner-parse-error.js';
import { LLMCompilerError } from '../errors/llmcompiler-error.js';
import { parseJoinerOutput } from './parse-joiner-output.js';

const finish = (answer: string) => ({ type: 'finish', answer });
const replan = (feedback: string) => ({ type: 'replan', feedback });

describe('parseJoinerOutput: the documented form', () => {
  it('reads a thought and a finish', () => {
    expect(parseJoinerOutput('Thought: Both depths are known.\nAction: Finish(The Mariana Trench is deeper.)')).toEqual({
      thought: 'Both depths are known.',
      action: finish('The Mariana Trench is deeper.'),
    });
  });

  it('reads a replan with its feedback', () => {
    expect(parseJoinerOutput('Thought: The search failed.\nAction: Replan(search for the depth in feet instead)')).toEqual({
      thought: 'The search failed.',
      action: replan('search for the depth in feet instead'),
    });
  });

  it('reads a thought that spans lines up to the action', () => {
    const decision = parseJoinerOutput('Thought: First, the depth is 10,994 m.\nSecond, the other is 8,376 m.\n\nAction: Finish(2,618 m)');
    expect(decision.thought).toBe('First, the depth is 10,994 m.\nSecond, the other is 8,376 m.');
    expect(decision.action).toEqual(finish('2,618 m'));
  });

  it('gives no thought when there is none', () => {
    expect(parseJoinerOutput('Action: Finish(42)')).toEqual({ thought: undefined, action: finish('42') });
  });

  it('takes prose before the action as the thought when the label is missing', () => {
    expect(parseJoinerOutput('Everything needed is there.\nAction: Finish(42)').thought).toBe('Everything needed is there.');
  });

  it('reads an empty argument as an empty answer', () => {
    expect(parseJoinerOutput('Action: Finish()').action).toEqual(finish(''));
  });
});

describe('parseJoinerOutput: the argument', () => {
  it('keeps an answer that spans lines', () => {
    const text = 'Thought: ok\nAction: Finish(The depths are:\n- Mariana: 10,994 m\n- Puerto Rico: 8,376 m\n)';
    expect(parseJoinerOutput(text).action).toEqual(finish('The depths are:\n- Mariana: 10,994 m\n- Puerto Rico: 8,376 m'));
  });

  it('keeps nested parentheses and brackets', () => {
    expect(parseJoinerOutput('Action: Finish(The trench (in the Pacific) is deeper [by (about) 2.6 km].)').action).toEqual(
      finish('The trench (in the Pacific) is deeper [by (about) 2.6 km].'),
    );
  });

  it('ignores brackets inside quotes and code spans', () => {
    expect(parseJoinerOutput('Action: Finish(The sign said "Exit :)" and the code was `f(x`.)').action).toEqual(
      finish('The sign said "Exit :)" and the code was `f(x`.'),
    );
    expect(parseJoinerOutput('Action: Finish(Run this:\n```js\nconsole.log(")");\n```\n)').action).toEqual(
      finish('Run this:\n```js\nconsole.log(")");\n```'),
    );
  });

  it('reads apostrophes as letters, not as quotes', () => {
    expect(parseJoinerOutput("Action: Finish(It's Schindler's List (1993).)").action).toEqual(finish("It's Schindler's List (1993)."));
  });

  it('still finds the closing bracket after a stray quote', () => {
    expect(parseJoinerOutput('Action: Finish(He is 5\'11" tall (180 cm).)\nDone.').action).toEqual(finish('He is 5\'11" tall (180 cm).'));
  });

  it('removes quotes around the whole argument', () => {
    expect(parseJoinerOutput('Action: Finish("Paris")').action).toEqual(finish('Paris'));
    expect(parseJoinerOutput("Action: Finish('Paris')").action).toEqual(finish('Paris'));
    expect(parseJoinerOutput("Action: Finish('It's Paris')").action).toEqual(finish("It's Paris"));
    expect(parseJoinerOutput('Action: Finish("He said \\"hi\\" (twice)")').action).toEqual(finish('He said "hi" (twice)'));
    expect(parseJoinerOutput('Action: Finish("line one\nline two")').action).toEqual(finish('line one\nline two'));
    expect(parseJoinerOutput('Action: Finish(\u201CParis\u201D)').action).toEqual(finish('Paris'));
  });

  it('keeps quotes that open and close two quotations', () => {
    expect(parseJoinerOutput('Action: Finish("Yes" and "No" are both right)').action).toEqual(finish('"Yes" and "No" are both right'));
    expect(parseJoinerOutput("Action: Finish('a' or 'b')").action).toEqual(finish("'a' or 'b'"));
  });

  it('takes the rest of the text when the closing bracket never came', () => {
    expect(parseJoinerOutput('Thought: ok\nAction: Finish(The answer is 42').action).toEqual(finish('The answer is 42'));
    expect(parseJoinerOutput('```\nAction: Finish(The answer is 42\n```').action).toEqual(finish('The answer is 42'));
  });
});

describe('parseJoinerOutput: tolerated variations', () => {
  it('accepts any letter case', () => {
    expect(parseJoinerOutput('thought: fine\naction: finish(42)')).toEqual({ thought: 'fine', action: finish('42') });
    expect(parseJoinerOutput('THOUGHT: x\nACTION: REPLAN(more)').action).toEqual(replan('more'));
  });

  it('accepts a missing Action: label at the start of a line', () => {
    expect(parseJoinerOutput('Thought: ok\nFinish(42)')).toEqual({ thought: 'ok', action: finish('42') });
    expect(parseJoinerOutput('Thought: no\nreplan(search again)').action).toEqual(replan('search again'));
  });

  it('does not mistake the word finish inside a thought for the action', () => {
    expect(parseJoinerOutput('Thought: I cannot finish (yet) without data.\nAction: Replan(get data)').action).toEqual(replan('get data'));
  });

  it('accepts markdown fences around the answer', () => {
    const text = '```\nThought: ok\nAction: Finish(42)\n```';
    expect(parseJoinerOutput(text)).toEqual({ thought: 'ok', action: finish('42') });
    expect(parseJoinerOutput('```text\nThought: ok\nAction: Finish(42)\n```').thought).toBe('ok');
  });

  it('accepts markdown emphasis and code marks', () => {
    expect(parseJoinerOutput('**Thought:** ok\n**Action:** `Finish(42)`')).toEqual({ thought: 'ok', action: finish('42') });
  });

  it('ignores text after the action', () => {
    expect(parseJoinerOutput('Thought: ok\nAction: Finish(42)\nI hope this helps (really)!\nAction: Replan(x)').action).toEqual(finish('42'));
  });

  it('accepts square brackets and a space before the bracket', () => {
    expect(parseJoinerOutput('Action: Finish[42 (approx.)]').action).toEqual(finish('42 (approx.)'));
    expect(parseJoinerOutput('Action: Finish (42)').action).toEqual(finish('42'));
  });

  it('accepts the thought and the action on one line', () => {
    expect(parseJoinerOutput('Thought: easy. Action: Finish(42)')).toEqual({ thought: 'easy.', action: finish('42') });
  });

  it('accepts `Action: Finish` followed by the answer without brackets', () => {
    expect(parseJoinerOutput('Thought: ok\nAction: Finish: The answer is 42.')).toEqual({ thought: 'ok', action: finish('The answer is 42.') });
    expect(parseJoinerOutput('Action: Finish\nThe answer\nis 42.').action).toEqual(finish('The answer\nis 42.'));
    expect(parseJoinerOutput('Thought: not enough\nAction: Replan').action).toEqual(replan(''));
  });
});

describe('parseJoinerOutput: failures', () => {
  it('throws a JoinerParseError that quotes what came and says what was expected', () => {
    let caught: unknown;
    try {
      parseJoinerOutput('I think the answer is 42.');
    } catch (error) {
      caught = error;
    }
    expect(JoinerParseError.isInstance(caught)).toBe(true);
    expect(LLMCompilerError.isInstance(caught)).toBe(true);
    const error = caught as JoinerParseError;
    expect(error.name).toBe('JoinerParseError');
    expect(error.message).toBe(
      'Expected the joiner to answer with `Action: Finish(<answer>)` or `Action: Replan(<feedback>)`, got "I think the answer is 42."',
    );
    expect(error.text).toBe('I think the answer is 42.');
    expect(error.format).toBe('text');
  });

  it('truncates a long answer in the message but keeps all of it on the error', () => {
    const text = `Thought: ${'x'.repeat(500)}`;
    expect(() => parseJoinerOutput(text)).toThrow(/\(and 309 more characters\)$/);
    try {
      parseJoinerOutput(text);
    } catch (error) {
      expect((error as JoinerParseError).text).toBe(text);
    }
  });

  it('says so when the answer is empty', () => {
    expect(() => parseJoinerOutput('  \n')).toThrow('got an empty answer ("  \\n")');
  });

  it('refuses `Action: Finish` with nothing after it', () => {
    expect(() => parseJoinerOutput('Thought: done\nAction: Finish')).toThrow(JoinerParseError);
  });
});
