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
  responses as responsesEvents,
  responsesSseResponse,
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

  test('a connection error throws a ModelCallError without status that names the URL and the network error', async () => {
    const { model } = modelWith([() => Promise.reject(new TypeError('fetch failed'))], { maxRetries: 0 });
    const error = await rejection(collect(model.stream(request)));
    expect(error).toMatchObject({
      status: undefined,
      url: 'https://api.openai.com/v1/chat/completions',
      retries: 0,
      providerMessage: 'fetch failed',
      message: 'Could not connect to https://api.openai.com/v1/chat/completions: fetch failed (no retries)',
    });
  });

  test('the network error’s code is the reason, found deep in the cause chain (an AggregateError included)', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:8080'), { code: 'ECONNREFUSED' });
    const everyAddress = Object.assign(new AggregateError([refused], ''), { code: 'ECONNREFUSED' });
    const fetchFailed = new TypeError('fetch failed', { cause: everyAddress });
    const { model } = modelWith([() => Promise.reject(fetchFailed)], { maxRetries: 0 });
    const error = await rejection(collect(model.stream(request)));
    expect(error).toMatchObject({ code: 'ECONNREFUSED', providerMessage: 'connect ECONNREFUSED ::1:8080' });
    expect((error as Error).message).toBe('Could not connect to https://api.openai.com/v1/chat/completions: ECONNREFUSED (no retries)');
    // The chain is kept: the SDK's error, then fetch's, then the socket's.
    expect((error as Error).cause).toMatchObject({ cause: { message: 'fetch failed', cause: { code: 'ECONNREFUSED' } } });
  });

  test('the URL in the message has neither credentials nor query', async () => {
    const { model } = modelWith([() => Promise.reject(new TypeError('fetch failed'))], {
      maxRetries: 0,
      baseURL: 'https://user:hunter2-password@gateway.example/v1',
    });
    const error = (await rejection(collect(model.stream(request)))) as Error;
    expect(error.message).toBe('Could not connect to https://gateway.example/v1/chat/completions: fetch failed (no retries)');
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
      // The same message whatever the SDK puts in the chain (openai 7 adds the AbortError as its cause).
      expect(await pending).toMatchObject({
        status: undefined,
        retries: 0,
        message: 'No response from https://api.openai.com/v1/chat/completions within 5000 ms (no retries)',
      });
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

describe('the Responses API: the same errors', () => {
  const responsesModel = (replies: readonly ScriptedReply[], settings: OpenAIModelSettings = {}) => modelWith(replies, { api: 'responses', ...settings });

  test('a 429 with `retry-after: 0` is retried and the retry’s answer streams', async () => {
    const rateLimited = errorResponse(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }, noWait);
    const answer = responsesSseResponse([responsesEvents.text('ok'), responsesEvents.completed({ input_tokens: 1, output_tokens: 1, total_tokens: 2 })]);
    const { model, requests } = responsesModel([rateLimited, answer], { maxRetries: 1 });
    expect(await collect(model.stream(request))).toEqual([
      { type: 'text-delta', text: 'ok' },
      { type: 'finish', reason: 'stop', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 } },
    ]);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toEqual(requests[0]?.body);
  });

  test('a 400 is a ModelCallError with the status, the provider message, its code and request id', async () => {
    const { model, requests } = responsesModel([
      errorResponse(400, { message: "Unsupported parameter: 'temperature'", type: 'invalid_request_error', code: 'unsupported_parameter' }, { 'x-request-id': 'req_9' }),
    ]);
    const error = await rejection(collect(model.stream(request)));
    expect(requests).toHaveLength(1);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: "Model `gpt-test` call failed with status 400: Unsupported parameter: 'temperature'",
      status: 400,
      code: 'unsupported_parameter',
      requestId: 'req_9',
    });
    expect((error as Error).cause).toBeInstanceOf(APIError);
  });

  test('a connection error names the /responses URL and the network error', async () => {
    const { model } = responsesModel([() => Promise.reject(new TypeError('fetch failed'))], { maxRetries: 0 });
    const error = await rejection(collect(model.stream(request)));
    expect(error).toMatchObject({
      status: undefined,
      url: 'https://api.openai.com/v1/responses',
      message: 'Could not connect to https://api.openai.com/v1/responses: fetch failed (no retries)',
    });
  });

  test('a provider that echoes the key: no rendering of the error holds it', async () => {
    const { model } = responsesModel([errorResponse(401, { message: `Incorrect API key provided: ${SECRET_KEY}.`, code: 'invalid_api_key' })]);
    const error = await rejection(collect(model.stream(request)));
    expect(error).toMatchObject({ status: 401, providerMessage: 'Incorrect API key provided: [redacted].' });
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET_KEY);
    expect(inspect((error as Error).cause, { depth: 10 })).not.toContain(SECRET_KEY);
  });
});
