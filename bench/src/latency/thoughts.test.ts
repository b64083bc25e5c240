import { countTextTokens } from '@llmcompiler/testing';
import { describe, expect, it } from 'vitest';
import { joinerAsksForThought, plannerThoughtStyle, takesThought, thoughtLine, thoughtText } from './thoughts.js';

describe('thoughts', () => {
  it('are exactly as many tokens as asked', () => {
    for (const tokens of [0, 1, 5, 20, 40, 80]) expect(countTextTokens(thoughtText(tokens))).toBe(tokens);
    for (const tokens of [9, 13, 21]) expect(countTextTokens(thoughtLine(tokens))).toBe(tokens);
    expect(thoughtLine(21)).toMatch(/^Thought: We [a-z ]+$/);
  });

  it('come at the rate of the examples, the first of a kind first', () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => takesThought(k, 1 / 3))).toEqual([true, false, false, true, false, false]);
    expect([1, 2, 3].map((k) => takesThought(k, 1))).toEqual([true, true, true]);
    expect([1, 2, 3].map((k) => takesThought(k, 0))).toEqual([false, false, false]);
    expect([1, 2, 3, 4].map((k) => takesThought(k, 0.5))).toEqual([true, false, true, false]);
  });

  it("are learnt from the plans of the prompt's examples, by kind of task", () => {
    const prompt = [
      'Plan:',
      'Thought: Both at once.',
      '1. search("a")',
      '2. search("b")',
      'Thought: Needs both.',
      '3. calc($1, $2)',
      '4. join()<END_OF_PLAN>',
      '',
      'Plan:',
      '1. shop("under $$20")',
      '2. convert(${1}.price)',
      '3. join()<END_OF_PLAN>',
    ].join('\n');
    expect(plannerThoughtStyle(prompt)).toEqual({
      root: { rate: 1 / 3, tokens: countTextTokens('Thought: Both at once.') },
      dependent: { rate: 1 / 2, tokens: countTextTokens('Thought: Needs both.') },
    });
  });

  it("follow the joiner's reply format", () => {
    expect(joinerAsksForThought('Reply in exactly this form:\nThought: <why>\nAction: Finish(<answer>)')).toBe(true);
    expect(joinerAsksForThought('Reply in exactly this form:\nAction: Finish(<answer>)')).toBe(false);
    expect(joinerAsksForThought('A thought is optional.\nThought: <why>\nAction: Finish(<answer>)')).toBe(false);
    expect(joinerAsksForThought('Reply with {"thought": "<why>", "action": "finish", "answer": "<answer>"}')).toBe(true);
  });
});
