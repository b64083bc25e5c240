import { describe, expect, it } from 'vitest';
import { normalizeAnswer, type Answer } from './answer.js';
import { buildCompletion } from './build-completion.js';
import { planStreamChunks } from './stream-chunks.js';

const plan = (answer: Answer, options: { tokensPerChunk?: number; afterTokens?: number } = {}) =>
  planStreamChunks(buildCompletion(normalizeAnswer(answer, 0), { model: 'm', messages: [{ role: 'user', content: '' }] }), {
    tokensPerChunk: 1,
    ...options,
  });

describe('planStreamChunks', () => {
  it('sends the role first, then one chunk per token', () => {
    expect(plan('one two three')).toEqual([
      { delta: { role: 'assistant', content: '', refusal: null }, tokensSoFar: 0 },
      { delta: { content: 'one' }, tokensSoFar: 1 },
      { delta: { content: ' two' }, tokensSoFar: 2 },
      { delta: { content: ' three' }, tokensSoFar: 3 },
    ]);
  });

  it('groups tokensPerChunk tokens per chunk', () => {
    expect(plan('one two three', { tokensPerChunk: 2 }).map((chunk) => chunk.delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'one two' },
      { content: ' three' },
    ]);
  });

  it('merges the role into a leading tool call, then streams its arguments', () => {
    const chunks = plan({ toolCalls: [{ name: 'search', arguments: '{"q":1}' }, { name: 'math', arguments: '{}', id: 'mine' }] });
    expect(chunks[0]?.delta).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, id: 'call_0_0', type: 'function', function: { name: 'search', arguments: '' } }],
      refusal: null,
    });
    const argumentsOf = (index: number) =>
      chunks
        .flatMap((chunk) => (chunk.delta['tool_calls'] as { index: number; function: { arguments: string } }[] | undefined) ?? [])
        .filter((call) => call.index === index)
        .map((call) => call.function.arguments)
        .join('');
    expect(argumentsOf(0)).toBe('{"q":1}');
    expect(argumentsOf(1)).toBe('{}');
    expect(chunks.find((chunk) => JSON.stringify(chunk.delta).includes('"mine"'))?.delta).toEqual({
      tool_calls: [{ index: 1, id: 'mine', type: 'function', function: { name: 'math', arguments: '' } }],
    });
  });

  it('never groups argument tokens of two calls or text with arguments', () => {
    const chunks = plan({ content: 'Hi', toolCalls: [{ name: 'a', arguments: '1' }, { name: 'b', arguments: '2' }] }, { tokensPerChunk: 50 });
    expect(chunks.map((chunk) => chunk.delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Hi' },
      { tool_calls: [{ index: 0, id: 'call_0_0', type: 'function', function: { name: 'a', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '1' } }] },
      { tool_calls: [{ index: 1, id: 'call_0_1', type: 'function', function: { name: 'b', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '2' } }] },
    ]);
  });

  it('keeps only the chunks of the first afterTokens tokens', () => {
    expect(plan('one two three', { afterTokens: 2 }).map((chunk) => chunk.delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'one' },
      { content: ' two' },
    ]);
    expect(plan('one two three', { afterTokens: 0 })).toHaveLength(1);
  });

  it('sends only the role for an empty answer', () => {
    expect(plan('')).toEqual([{ delta: { role: 'assistant', content: '', refusal: null }, tokensSoFar: 0 }]);
  });
});
