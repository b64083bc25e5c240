import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { normalizeAnswer, type Answer } from './answer.js';
import { buildCompletion, type Completion } from './build-completion.js';
import type { ChatRequest } from './chat-request.js';

const request = (fields: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'm',
  messages: [{ role: 'user', content: 'Hi' }],
  ...fields,
});
const build = (answer: Answer, fields: Partial<ChatRequest> = {}) => buildCompletion(normalizeAnswer(answer, 0), request(fields));
const text = (completion: Completion) => completion.content.map((piece) => piece.text).join('');
const args = (completion: Completion, index: number) =>
  completion.toolCalls[index]?.argumentPieces.map((piece) => piece.text).join('');

describe('buildCompletion', () => {
  it('counts the content tokens and finishes with stop', () => {
    const completion = build('The trench is 10,994 m deep.');
    expect(text(completion)).toBe('The trench is 10,994 m deep.');
    expect(completion.completionTokens).toBe(encode('The trench is 10,994 m deep.').length);
    expect(completion.finishReason).toBe('stop');
  });

  it('counts each tool call name and arguments, and finishes with tool_calls', () => {
    const completion = build({ toolCalls: [{ name: 'search', arguments: { query: 'Mariana' } }] });
    expect(args(completion, 0)).toBe('{"query":"Mariana"}');
    expect(completion.toolCalls[0]).toMatchObject({ id: 'call_0_0', name: 'search' });
    expect(completion.completionTokens).toBe(encode('search').length + encode('{"query":"Mariana"}').length);
    expect(completion.finishReason).toBe('tool_calls');
  });

  it('ends the content before the earliest stop sequence, drops tool calls and finishes with stop', () => {
    const completion = build(
      { content: '1. search("a")\n2. join()<END_OF_PLAN>\nmore\nObservation: x', toolCalls: [{ name: 't', arguments: '{}' }] },
      { stop: ['Observation:', '<END_OF_PLAN>'] },
    );
    expect(text(completion)).toBe('1. search("a")\n2. join()');
    expect(completion.toolCalls).toEqual([]);
    expect(completion.finishReason).toBe('stop');
    expect(completion.completionTokens).toBe(encode('1. search("a")\n2. join()').length);
  });

  it('accepts one stop string', () => {
    expect(text(build('a STOP b', { stop: 'STOP' }))).toBe('a ');
  });

  it('cuts at max_completion_tokens (over max_tokens) with finish reason length', () => {
    const answer = 'one two three four five six';
    const first3 = encode(answer).slice(0, 3).length;
    const completion = build(answer, { max_tokens: 5, max_completion_tokens: 3 });
    expect(completion.completionTokens).toBe(first3);
    expect(text(completion)).toBe('one two three');
    expect(completion.finishReason).toBe('length');
    expect(build(answer, { max_tokens: 2 }).completionTokens).toBe(2);
  });

  it('keeps the part of a tool call that fits the limit, and leaves out a call whose name does not fit', () => {
    const completion = build(
      { toolCalls: [{ name: 'search', arguments: '{"query":"Mariana Trench"}' }, { name: 'math', arguments: '{}' }] },
      { max_tokens: 4 },
    );
    expect(completion.toolCalls).toHaveLength(1);
    expect(completion.completionTokens).toBe(4);
    expect(args(completion, 0)).toBe('{"query":"');
    expect(completion.finishReason).toBe('length');
  });

  it('a length fault cuts like a limit and always finishes with length', () => {
    expect(build({ content: 'one two three', fault: { type: 'length', afterTokens: 1 } })).toMatchObject({
      completionTokens: 1,
      finishReason: 'length',
    });
    expect(build({ content: 'short', fault: { type: 'length', afterTokens: 100 } }).finishReason).toBe('length');
  });

  it('uses the answer finish reason when nothing cut it', () => {
    expect(build({ content: 'I cannot', finishReason: 'content_filter' }).finishReason).toBe('content_filter');
  });
});
