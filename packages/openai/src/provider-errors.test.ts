import { inspect } from 'node:util';
import { LLMCompilerError, type ModelRequest } from '@llmcompiler/core';
import { APIError, OpenAI } from 'openai';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  SECRET_KEY,
  chunk,
  clearOpenAIEnv,
  collect,
  errorResponse,
  rejection,
  scriptedFetch,
  sseResponse,
  type ScriptedReply,
} from '../test/scripted-fetch.js';
import { createOpenAIModel, type OpenAIModelSettings } from './create-openai-model.js';
import { ModelCallError } from './errors/model-call-error.js';

const request: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };
const success = () =>
  sseResponse([
    chunk({ content: 'ok' }, { finishReason: 'stop' }),
    chunk(undefined, { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
  ]);
// `retry-after: 0` makes the SDK retry at once, so the tests need no clock.
const noWait = { 'retry-after': '0' };

function modelWith(replies: readonly ScriptedReply[], settings: OpenAIModelSettings = {}) {
  const http = scriptedFetch(replies);
  const model = createOpenAIModel({ model: 'gpt-test', apiKey: SECRET_KEY, fetch: http.fetch, ...settings });
  return { model, requests: http.requests };
}

beforeEach(() => clearOpenAIEnv(vi.stubEnv));

describe('retries (the SDK’s own)', () => {
  test('a 429 with `retry-after: 0` is retried and the retry’s answer streams', async () => {
    const rateLimited = errorResponse(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }, noWait);
    const { model, requests } = modelWith([rateLimited, success()], { maxRetries: 1 });
    const parts = await collect(model.stream(request));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'ok' },
      { type: 'finish', reason: 'stop', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 } },
    ]);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toEqual(requests[0]?.body);
  });

  test('a 500 that outlasts the retries throws a ModelCallError with the status, the provider message and the SDK error', async () => {
    const failure = (requestId: string) =>
      errorResponse(500, { message: 'The server had an error' }, { ...noWait, 'x-request-id': requestId });
    const { model, requests } = modelWith([failure('req_1'), failure('req_2')], { maxRetries: 1 });
    const error = await rejection(collect(model.stream(request)));
    expect(requests).toHaveLength(2);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(LLMCompilerError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({
      name: 'ModelCallError',
      message: 'Model `gpt-test` call failed with status 500: The server had an error',
      modelId: 'gpt-test',
      status: 500,
      providerMessage: 'The server had an error',
      requestId: 'req_2',
    });
    expect((error as Error).cause).toBeInstanceOf(APIError);
  });

  test('without `maxRetries` the SDK’s default of 2 retries applies (3 requests)', async () => {
    const failure = () => errorResponse(503, { message: 'Overloaded' }, noWait);
    const { model, requests } = modelWith([failure(), failure(), failure()]);
    const error = await rejection(collect(model.stream(request)));
    expect(requests).toHaveLength(3);
    expect(error).toMatchObject({ status: 503, providerMessage: 'Overloaded' });
  });

  test('`maxRetries` also applies to a client passed in', async () => {
    const http = scriptedFetch([errorResponse(500, { message: 'boom' }, noWait), errorResponse(500, { message: 'boom' }, noWait)]);
    const client = new OpenAI({ apiKey: SECRET_KEY, fetch: http.fetch, maxRetries: 5 });
    const model = createOpenAIModel({ model: 'gpt-test', client, maxRetries: 1 });
    expect(await rejection(collect(model.stream(request)))).toMatchObject({ status: 500 });
    expect(http.requests).toHaveLength(2);
  });

  test('a 400 is not retried; its code is kept', async () => {
    const { model, requests } = modelWith([
      errorResponse(400, { message: "Unsupported parameter: 'max_tokens'", type: 'invalid_request_error', code: 'unsupported_parameter' }),
    ]);
    const error = await rejection(collect(model.stream(request)));
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', providerMessage: "Unsupported parameter: 'max_tokens'" });
  });

  test('an error body that is not JSON gives its text as the provider message', async () => {
    const { model } = modelWith([new Response('Bad gateway', { status: 502, headers: { 'x-should-retry': 'false' } })]);
    expect(await rejection(collect(model.stream(request)))).toMatchObject({
      status: 502,
      providerMessage: 'Bad gateway',
      message: 'Model `gpt-test` call failed with status 502: Bad gateway',
    });
  });

  test('a connection error throws a ModelCallError without status that names the network error', async () => {
    const { model } = modelWith([() => Promise.reject(new TypeError('fetch failed'))], { maxRetries: 0 });
    const error = await rejection(collect(model.stream(request)));
    expect(error).toMatchObject({
      status: undefined,
      message: 'Model `gpt-test` call failed: Connection error. (fetch failed)',
    });
  });
});

describe('timeout', () => {
  test('a response slower than `timeout` fails the attempt as a ModelCallError without status', async () => {
    vi.useFakeTimers();
    try {
      const hang = (seen: { signal: AbortSignal | undefined }) =>
        new Promise<Response>((_, reject) => {
          seen.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), { once: true });
        });
      const { model, requests } = modelWith([hang], { timeout: 5_000, maxRetries: 0 });
      const pending = rejection(collect(model.stream(request)));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await pending).toMatchObject({ status: undefined, message: 'Model `gpt-test` call failed: Request timed out.' });
      expect(requests).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the API key never leaks', () => {
  test('a provider that echoes the key: message, providerMessage, inspect and the cause hold no key', async () => {
    const { model } = modelWith([errorResponse(401, { message: `Incorrect API key provided: ${SECRET_KEY}.`, code: 'invalid_api_key' })]);
    const error = await rejection(collect(model.stream(request)));
    expect(error).toMatchObject({ status: 401, providerMessage: 'Incorrect API key provided: [redacted].' });
    expect((error as Error).message).toBe('Model `gpt-test` call failed with status 401: Incorrect API key provided: [redacted].');
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET_KEY);
    expect(inspect((error as Error).cause, { depth: 10 })).not.toContain(SECRET_KEY);
  });
});
