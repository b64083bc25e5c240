import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from './answer.js';

describe('normalizeAnswer', () => {
  it('takes a string as the content', () => {
    expect(normalizeAnswer('Hi', 0)).toMatchObject({ content: 'Hi', toolCalls: [] });
  });

  it('serializes object arguments and numbers call ids by request and position', () => {
    expect(
      normalizeAnswer({ toolCalls: [{ name: 'a', arguments: { x: [1] } }, { name: 'b', arguments: 'not json' }] }, 3).toolCalls,
    ).toEqual([
      { id: 'call_3_0', name: 'a', arguments: '{"x":[1]}' },
      { id: 'call_3_1', name: 'b', arguments: 'not json' },
    ]);
  });

  it.each([
    [undefined, 'Expected `answer` to be a string or an object, got `undefined`'],
    [{ contnet: 'x' }, "Expected the answer's keys to be among content, toolCalls, finishReason, fault, latency, tokensPerChunk, got `contnet`"],
    [{ content: 1 }, 'Expected `answer.content` to be a string, got `1` (number)'],
    [{ toolCalls: [{ arguments: '{}' }] }, 'Expected `answer.toolCalls[0].name` to be a non-empty string, got `undefined`'],
    [{ toolCalls: [{ name: 'a', arguments: null }] }, 'Expected `answer.toolCalls[0].arguments` to be a string or an object, got `null`'],
    [{ finishReason: 'done' }, 'Expected `answer.finishReason` to be one of stop, length, tool_calls, content_filter, got `"done"` (string)'],
    [{ fault: { type: 'status', status: 200 } }, 'Expected `answer.fault.status` to be an integer from 400 to 599, got `200` (number)'],
    [{ fault: { type: 'cut' } }, 'Expected `answer.fault.afterTokens` to be an integer from 0 and up, got `undefined`'],
    [{ fault: { type: 'boom' } }, 'Expected `answer.fault.type` to be one of status, cut, length, hang, malformed, truncate, disconnect, error-event, got `"boom"` (string)'],
    [{ fault: { type: 'truncate' } }, 'Expected `answer.fault.afterTokens` to be an integer from 0 and up, got `undefined`'],
    [{ fault: { type: 'error-event', afterTokens: 1, echoHeaders: 'authorization' } }, 'Expected `answer.fault.echoHeaders` to be an array of header names, got `"authorization"` (string)'],
    [{ tokensPerChunk: 0 }, 'Expected `answer.tokensPerChunk` to be an integer from 1 and up, got `0` (number)'],
    [{ latency: { outputTokensPerSecond: -5 } }, 'Expected `answer.latency.outputTokensPerSecond` to be a number above 0'],
  ])('refuses %j', (answer, message) => {
    expect(() => normalizeAnswer(answer, 0)).toThrow(message);
  });
});
