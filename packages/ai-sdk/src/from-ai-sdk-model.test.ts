import { InvalidOptionError, ModelCallError, ModelStreamError, type ModelRequest, type ModelStreamPart } from '@llmcompiler/core';
import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { finishPart, mockModel, specificationVersion, streamOf, type CallOptions, type StreamPart } from '../test/mock-model.js';
import { fromAISDKModel } from './from-ai-sdk-model.js';

async function collect(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const request: ModelRequest = {
  messages: [
    { role: 'system', content: 'You plan.' },
    { role: 'user', content: 'Question?' },
    { role: 'assistant', content: 'Earlier answer.' },
  ],
};

function apiCallError(statusCode: number | undefined, fields: Partial<ConstructorParameters<typeof APICallError>[0]> = {}) {
  return new APICallError({
    message: statusCode === undefined ? 'Cannot connect to API: fetch failed' : `Error ${statusCode}`,
    url: 'https://user:pw@api.example.com/v1/chat?key=secret',
    requestBodyValues: {},
    ...(statusCode === undefined ? {} : { statusCode }),
    ...fields,
  });
}

describe('fromAISDKModel', () => {
  it(`runs with the mock model of the installed ai (specification ${specificationVersion})`, () => {
    expect(['v3', 'v4']).toContain(specificationVersion);
    expect(fromAISDKModel(mockModel([])).modelId).toBe('mock-model');
    expect(fromAISDKModel(mockModel([]), { modelId: 'planner' }).modelId).toBe('planner');
  });

  it('passes messages, tools, tool choice, response format, stop, temperature, token limit, signal and provider options', async () => {
    const model = mockModel([finishPart('stop', 'stop')]);
    const signal = new AbortController().signal;
    await collect(
      fromAISDKModel(model, { providerOptions: { openai: { parallelToolCalls: true } } }).stream({
        ...request,
        tools: [{ name: 'search', description: 'Search.', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
        toolChoice: 'required',
        responseFormat: { type: 'json', schema: { type: 'object' }, name: 'plan' },
        stop: ['<END_OF_PLAN>'],
        temperature: 0,
        maxTokens: 500,
        signal,
      }),
    );
    const [options] = model.doStreamCalls as CallOptions[];
    expect(options).toMatchObject({
      prompt: [
        { role: 'system', content: 'You plan.' },
        { role: 'user', content: [{ type: 'text', text: 'Question?' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Earlier answer.' }] },
      ],
      tools: [{ type: 'function', name: 'search', description: 'Search.', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }],
      toolChoice: { type: 'required' },
      responseFormat: { type: 'json', schema: { type: 'object' }, name: 'plan' },
      stopSequences: ['<END_OF_PLAN>'],
      temperature: 0,
      maxOutputTokens: 500,
      abortSignal: signal,
      // Anthropic's fine-grained tool streaming is on by default, beside the caller's options.
      providerOptions: { anthropic: { toolStreaming: true }, openai: { parallelToolCalls: true } },
    });
  });

  it('lets the caller turn tool streaming off', async () => {
    const model = mockModel([finishPart('stop', 'stop')]);
    await collect(fromAISDKModel(model, { providerOptions: { anthropic: { toolStreaming: false } } }).stream(request));
    expect((model.doStreamCalls as CallOptions[])[0]?.providerOptions).toEqual({ anthropic: { toolStreaming: false } });
  });

  it('streams text deltas and finishes with the reason and usage', async () => {
    const model = mockModel([
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'r1', modelId: 'mock-model' },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: '1. search(' },
      { type: 'text-delta', id: '0', delta: '"x")' },
      { type: 'text-end', id: '0' },
      finishPart('stop', 'stop', { input: 12, output: 7 }),
    ]);
    expect(await collect(fromAISDKModel(model).stream(request))).toEqual([
      { type: 'text-delta', text: '1. search(' },
      { type: 'text-delta', text: '"x")' },
      { type: 'finish', reason: 'stop', usage: { promptTokens: 12, completionTokens: 7, totalTokens: 19 } },
    ]);
  });

  it('streams tool calls as deltas while their input streams, without repeating the input of the closing tool-call part', async () => {
    const model = mockModel([
      { type: 'tool-input-start', id: 'call_a', toolName: 'search' },
      { type: 'tool-input-delta', id: 'call_a', delta: '{"query":' },
      { type: 'tool-input-start', id: 'call_b', toolName: 'math' },
      { type: 'tool-input-delta', id: 'call_a', delta: '"x"}' },
      { type: 'tool-input-end', id: 'call_a' },
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'search', input: '{"query":"x"}' },
      { type: 'tool-input-delta', id: 'call_b', delta: '{"problem":"$1"}' },
      { type: 'tool-input-end', id: 'call_b' },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'math', input: '{"problem":"$1"}' },
      finishPart('tool-calls', 'tool_calls'),
    ]);
    expect(await collect(fromAISDKModel(model).stream(request))).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'search' },
      { type: 'tool-call-delta', index: 0, arguments: '{"query":' },
      { type: 'tool-call-delta', index: 1, id: 'call_b', name: 'math' },
      { type: 'tool-call-delta', index: 0, arguments: '"x"}' },
      { type: 'tool-call-delta', index: 1, arguments: '{"problem":"$1"}' },
      { type: 'finish', reason: 'tool-calls', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } },
    ]);
  });

  it('takes the input of a tool-call part when no delta carried it, and skips calls the provider ran', async () => {
    const model = mockModel([
      { type: 'tool-call', toolCallId: 'c1', toolName: 'search', input: '{"query":"x"}' },
      { type: 'tool-input-start', id: 'c2', toolName: 'join' },
      { type: 'tool-input-end', id: 'c2' },
      { type: 'tool-call', toolCallId: 'c2', toolName: 'join', input: '{}' },
      { type: 'tool-call', toolCallId: 'ws', toolName: 'web_search', input: '{}', providerExecuted: true },
      finishPart('tool-calls', 'tool_use'),
    ]);
    const parts = await collect(fromAISDKModel(model).stream(request));
    expect(parts.slice(0, -1)).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'c1', name: 'search', arguments: '{"query":"x"}' },
      { type: 'tool-call-delta', index: 1, id: 'c2', name: 'join' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
    ]);
  });

  it.each([
    ['length', 'max_tokens', 'length'],
    ['content-filter', 'refusal', 'content-filter'],
    ['error', 'error', 'other'],
    ['other', 'pause_turn', 'other'],
  ] as const)('maps the finish reason %s (%s) to %s', async (unified, raw, expected) => {
    const parts = await collect(fromAISDKModel(mockModel([finishPart(unified, raw)])).stream(request));
    expect(parts).toEqual([{ type: 'finish', reason: expected, usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } }]);
  });

  it('leaves usage out when the provider reports none', async () => {
    const finish: StreamPart = {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      },
    };
    expect(await collect(fromAISDKModel(mockModel([finish])).stream(request))).toEqual([{ type: 'finish', reason: 'stop', usage: undefined }]);
  });

  it('throws ModelStreamError for the interrupted finish of specification v4', async () => {
    const interrupted = { type: 'finish', finishReason: { unified: 'interrupted', raw: undefined }, usage: {} } as unknown as StreamPart;
    await expect(collect(fromAISDKModel(mockModel([interrupted])).stream(request))).rejects.toThrow(ModelStreamError);
  });

  it('does not retry what the server said not to retry (x-should-retry: false)', async () => {
    const model = mockModel(async () => {
      throw apiCallError(500, { isRetryable: true, responseHeaders: { 'x-should-retry': 'false' } });
    });
    await expect(collect(fromAISDKModel(model).stream(request))).rejects.toMatchObject({ name: 'ModelCallError', status: 500 });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('throws ModelStreamError when the provider never said why it stopped (the stream was cut)', async () => {
    const cut = fromAISDKModel(mockModel([{ type: 'text-delta', id: '0', delta: 'par' }, finishPart('other', undefined)]));
    const error = await collect(cut.stream(request)).catch((thrown: unknown) => thrown);
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Model `mock-model` stream was cut off before it finished: the response ended without a finish reason from the provider',
    );
    const noFinish = fromAISDKModel(mockModel([{ type: 'text-delta', id: '0', delta: 'par' }]));
    await expect(collect(noFinish.stream(request))).rejects.toThrow('the stream ended without a finish part');
  });

  it('throws ModelCallError for an error part, with the provider message and code', async () => {
    const model = mockModel([
      { type: 'text-delta', id: '0', delta: 'Hi' },
      { type: 'error', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
    ]);
    const error = await collect(fromAISDKModel(model).stream(request)).catch((thrown: unknown) => thrown);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: undefined, providerMessage: 'Overloaded', code: 'overloaded_error', modelId: 'mock-model' });
    expect((error as Error).message).toBe('Model `mock-model` call failed: Overloaded');
  });

  it('throws ModelCallError for an HTTP error, with status, provider message, code, request id and a URL without credentials', async () => {
    const model = mockModel(async () => {
      throw apiCallError(400, {
        responseHeaders: { 'request-id': 'req_1' },
        data: { error: { message: 'Bad tool schema', type: 'invalid_request_error', code: 'bad_schema' } },
      });
    });
    const error = await collect(fromAISDKModel(model).stream(request)).catch((thrown: unknown) => thrown);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      providerMessage: 'Bad tool schema',
      code: 'bad_schema',
      requestId: 'req_1',
      url: 'https://api.example.com/v1/chat',
    });
    expect(APICallError.isInstance((error as Error).cause)).toBe(true);
    expect(model.doStreamCalls).toHaveLength(1); // a 400 is not retryable
  });

  it('retries a retryable error after the provider’s retry-after, up to maxRetries', async () => {
    let calls = 0;
    const model = mockModel(async () => {
      calls++;
      if (calls < 3) throw apiCallError(429, { isRetryable: true, responseHeaders: { 'retry-after-ms': '1' } });
      return streamOf([{ type: 'text-delta', id: '0', delta: 'ok' }, finishPart('stop', 'stop')]);
    });
    const parts = await collect(fromAISDKModel(model).stream(request));
    expect(parts[0]).toEqual({ type: 'text-delta', text: 'ok' });
    expect(calls).toBe(3);

    calls = 0;
    const error = await collect(fromAISDKModel(model, { maxRetries: 1 }).stream(request)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: 'ModelCallError', status: 429 });
    expect(calls).toBe(2);
  });

  it('names the network error of a call that got no response', async () => {
    const socketError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const model = mockModel(async () => {
      throw apiCallError(undefined, { cause: new TypeError('fetch failed', { cause: socketError }) });
    });
    const error = await collect(fromAISDKModel(model, { maxRetries: 0 }).stream(request)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: 'ModelCallError', status: undefined, code: 'ECONNREFUSED', retries: 0 });
    expect((error as Error).message).toBe('Could not connect to https://api.example.com/v1/chat: ECONNREFUSED (no retries)');
  });

  it('removes the secrets it is given from the error, its cause and its JSON', async () => {
    const key = 'sk-test-0123456789abcdef';
    const model = mockModel(async () => {
      throw apiCallError(401, { data: { error: { message: `Incorrect API key provided: ${key}` } }, responseBody: `{"key":"${key}"}` });
    });
    const error = await collect(fromAISDKModel(model, { secrets: [key] }).stream(request)).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toBe('Model `mock-model` call failed with status 401: Incorrect API key provided: [redacted]');
    expect(JSON.stringify(error)).not.toContain(key);
    expect(String((error as Error).cause && ((error as Error).cause as APICallError).responseBody)).not.toContain(key);
  });

  it('ends by throwing the signal’s reason when aborted, and cancels the provider’s stream', async () => {
    const controller = new AbortController();
    let cancelled = false;
    const model = mockModel(async () => ({
      stream: new ReadableStream<StreamPart>({
        start(streamController) {
          streamController.enqueue({ type: 'text-delta', id: '0', delta: 'Hi' });
        },
        cancel() {
          cancelled = true;
        },
      }),
    }));
    const reason = new Error('stop now');
    const parts: ModelStreamPart[] = [];
    const error = await (async () => {
      for await (const part of fromAISDKModel(model).stream({ ...request, signal: controller.signal })) {
        parts.push(part);
        controller.abort(reason);
      }
    })().catch((thrown: unknown) => thrown);
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hi' }]);
    expect(error).toBe(reason);
    expect(cancelled).toBe(true);
    // Already aborted: no call at all.
    await expect(collect(fromAISDKModel(model).stream({ ...request, signal: controller.signal }))).rejects.toBe(reason);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('cancels the provider’s stream when the consumer stops early', async () => {
    let cancelled = false;
    const model = mockModel(async () => ({
      stream: new ReadableStream<StreamPart>({
        pull(streamController) {
          streamController.enqueue({ type: 'text-delta', id: '0', delta: 'more' });
        },
        cancel() {
          cancelled = true;
        },
      }),
    }));
    for await (const part of fromAISDKModel(model).stream(request)) {
      expect(part.type).toBe('text-delta');
      break;
    }
    expect(cancelled).toBe(true);
  });

  it('refuses what is not an AI SDK model of a supported specification, and wrong options', () => {
    expect(() => fromAISDKModel('gpt-4o-mini' as never)).toThrow(InvalidOptionError);
    expect(() => fromAISDKModel('gpt-4o-mini' as never)).toThrow(
      'Expected `model` to be an AI SDK language model (with `doStream`), e.g. `openai("gpt-4o-mini")`, got `"gpt-4o-mini"` (string)',
    );
    const v2 = { specificationVersion: 'v2', provider: 'old', modelId: 'm', doStream: async () => ({ stream: new ReadableStream() }) };
    expect(() => fromAISDKModel(v2)).toThrow(
      'Expected `model` to be an AI SDK language model of specification version v3 or v4 (ai 6 or 7), got `v2` (model `m` of provider `old`)',
    );
    expect(() => fromAISDKModel(mockModel([]), { maxRetries: -1 })).toThrow('Expected `maxRetries` to be an integer from 0 and up, got `-1` (number)');
    expect(() => fromAISDKModel(mockModel([]), { retries: 2 } as never)).toThrow(InvalidOptionError);
  });
});
