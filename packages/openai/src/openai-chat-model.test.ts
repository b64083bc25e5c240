import type { ModelRequest, ModelStreamPart } from '@llmcompiler/core';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  chunk,
  clearOpenAIEnv,
  collect,
  openSseResponse,
  rejection,
  scriptedFetch,
  sseResponse,
  type ScriptedReply,
} from '../test/scripted-fetch.js';
import { createOpenAIModel } from './create-openai-model.js';
import { ModelCallError } from './errors/model-call-error.js';
import { ModelStreamError } from './errors/model-stream-error.js';

const request: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };
const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };

function modelWith(replies: readonly ScriptedReply[]) {
  const http = scriptedFetch(replies);
  const model = createOpenAIModel({ model: 'gpt-test', apiKey: 'sk-unit-test-key', fetch: http.fetch, maxRetries: 0 });
  return { model, requests: http.requests };
}

beforeEach(() => clearOpenAIEnv(vi.stubEnv));

describe('text', () => {
  test('streams content as text deltas, then one finish part with the usage of the final usage chunk', async () => {
    const { model } = modelWith([
      sseResponse([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hel' }),
        chunk({ content: 'lo' }),
        chunk({}, { finishReason: 'stop' }),
        chunk(undefined, { usage }),
      ]),
    ]);
    expect(await collect(model.stream(request))).toEqual<ModelStreamPart[]>([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'finish', reason: 'stop', usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 } },
    ]);
  });

  test('a usage sent in the same chunk as the finish reason is reported', async () => {
    const { model } = modelWith([sseResponse([chunk({ content: 'ok' }, { finishReason: 'stop', usage })])]);
    const parts = await collect(model.stream(request));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 } });
  });

  test('a missing total_tokens is the sum of prompt and completion tokens', async () => {
    const { model } = modelWith([
      sseResponse([chunk({ content: 'ok' }, { finishReason: 'stop' }), chunk(undefined, { usage: { prompt_tokens: 3, completion_tokens: 4 } })]),
    ]);
    const parts = await collect(model.stream(request));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } });
  });

  test('a server that sends no usage chunk still gets a finish part, without usage', async () => {
    const { model } = modelWith([sseResponse([chunk({ content: 'ok' }), chunk({}, { finishReason: 'stop' })])]);
    const parts = await collect(model.stream(request));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'ok' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  test('a server that ends the body without `data: [DONE]` after the finish reason still finishes', async () => {
    const { model } = modelWith([sseResponse([chunk({ content: 'ok' }, { finishReason: 'stop' }), chunk(undefined, { usage })], { done: false })]);
    const parts = await collect(model.stream(request));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'finish']);
  });
});

describe('finish reasons', () => {
  test.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['eos', 'other'],
  ])('`%s` is reported as `%s`', async (openaiReason, reason) => {
    const { model } = modelWith([sseResponse([chunk({ content: 'x' }, { finishReason: openaiReason }), chunk(undefined, { usage })])]);
    const parts = await collect(model.stream(request));
    expect(parts.filter((part) => part.type === 'finish')).toEqual([
      { type: 'finish', reason, usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 } },
    ]);
  });
});

describe('tool calls', () => {
  test('streams tool calls split across chunks as tool-call deltas with index, id, name and arguments', async () => {
    const { model } = modelWith([
      sseResponse([
        chunk({ role: 'assistant', content: null }),
        chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'search', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"query":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"Mariana"}' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'math', arguments: '{"x"' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: ':1}' } }] }),
        chunk({}, { finishReason: 'tool_calls' }),
        chunk(undefined, { usage }),
      ]),
    ]);
    expect(await collect(model.stream({ ...request, tools: [] }))).toEqual<ModelStreamPart[]>([
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'search' },
      { type: 'tool-call-delta', index: 0, arguments: '{"query":' },
      { type: 'tool-call-delta', index: 0, arguments: '"Mariana"}' },
      { type: 'tool-call-delta', index: 1, id: 'call_b', name: 'math', arguments: '{"x"' },
      { type: 'tool-call-delta', index: 1, arguments: ':1}' },
      { type: 'finish', reason: 'tool-calls', usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 } },
    ]);
  });

  test('several whole calls in one chunk without `index` (older Ollama, llama.cpp) are numbered by position', async () => {
    const calls = [
      { id: 'a', type: 'function', function: { name: 'search', arguments: '{"query":"x"}' } },
      { id: 'b', type: 'function', function: { name: 'search', arguments: '{"query":"y"}' } },
    ];
    const { model } = modelWith([sseResponse([chunk({ tool_calls: calls as never }, { finishReason: 'tool_calls' })])]);
    const parts = await collect(model.stream(request));
    expect(parts.slice(0, 2)).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'a', name: 'search', arguments: '{"query":"x"}' },
      { type: 'tool-call-delta', index: 1, id: 'b', name: 'search', arguments: '{"query":"y"}' },
    ]);
  });
});

describe('a cut-off stream', () => {
  test('a body that ends without a finish reason throws a ModelStreamError after the parts that came', async () => {
    const { model } = modelWith([sseResponse([chunk({ content: 'Hel' })], { done: false })]);
    const parts: ModelStreamPart[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of model.stream(request)) parts.push(part);
      })(),
    );
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hel' }]);
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as ModelStreamError).message).toBe(
      'Model `gpt-test` stream was cut off before it finished: the response ended without a finish_reason',
    );
    expect((error as ModelStreamError).modelId).toBe('gpt-test');
  });

  test('`data: [DONE]` without any finish reason is cut off too', async () => {
    const { model } = modelWith([sseResponse([chunk({ content: 'Hel' })])]);
    expect(ModelStreamError.isInstance(await rejection(collect(model.stream(request))))).toBe(true);
  });

  test('a connection that breaks mid-stream throws a ModelStreamError with the network error as cause', async () => {
    const network = new TypeError('terminated');
    let fail!: (error: unknown) => void;
    const { model } = modelWith([
      (seen) => {
        const open = openSseResponse(seen, [chunk({ content: 'Hel' })]);
        fail = open.fail;
        return open.response;
      },
    ]);
    const stream = model.stream(request)[Symbol.asyncIterator]();
    expect(await stream.next()).toEqual({ done: false, value: { type: 'text-delta', text: 'Hel' } });
    fail(network);
    const error = await rejection(stream.next());
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('Model `gpt-test` stream was cut off before it finished: terminated');
    expect((error as Error).cause).toBe(network);
  });

  test('an error event inside the stream throws a ModelCallError with the provider message', async () => {
    const { model } = modelWith([
      sseResponse([chunk({ content: 'Hel' }), { error: { message: 'The server had an error while processing your request.', type: 'server_error' } }]),
    ]);
    const error = await rejection(collect(model.stream(request)));
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: undefined,
      providerMessage: 'The server had an error while processing your request.',
      message: 'Model `gpt-test` call failed: The server had an error while processing your request.',
    });
  });
});

describe('abort', () => {
  test('an abort mid-stream cancels the HTTP request and the stream throws the signal reason', async () => {
    const controller = new AbortController();
    const { model, requests } = modelWith([(seen) => openSseResponse(seen, [chunk({ content: 'Hel' })]).response]);
    const stream = model.stream({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
    expect(await stream.next()).toEqual({ done: false, value: { type: 'text-delta', text: 'Hel' } });

    const reason = new Error('user stopped');
    const pending = stream.next();
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  test('an abort while waiting for the response throws the signal reason, without retrying', async () => {
    const controller = new AbortController();
    let sent!: () => void;
    const requestSent = new Promise<void>((resolve) => (sent = resolve));
    const { model, requests } = modelWith([
      (seen) =>
        new Promise<Response>((_, reject) => {
          seen.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), { once: true });
          sent();
        }),
    ]);
    const pending = collect(model.stream({ ...request, signal: controller.signal }));
    await requestSent;
    controller.abort('stop please');
    expect(await rejection(pending)).toBe('stop please');
    expect(requests).toHaveLength(1);
  });

  test('an already aborted signal throws its reason before any request is sent', async () => {
    const { model, requests } = modelWith([]);
    const reason = new Error('too late');
    expect(await rejection(collect(model.stream({ ...request, signal: AbortSignal.abort(reason) })))).toBe(reason);
    expect(requests).toHaveLength(0);
  });

  test('a consumer that stops reading early cancels the HTTP request', async () => {
    const { model, requests } = modelWith([(seen) => openSseResponse(seen, [chunk({ content: 'Hel' })]).response]);
    for await (const part of model.stream(request)) {
      expect(part).toEqual({ type: 'text-delta', text: 'Hel' });
      break;
    }
    expect(requests[0]?.signal?.aborted).toBe(true);
  });
});
