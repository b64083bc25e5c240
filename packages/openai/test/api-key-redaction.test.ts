// The API key never shows in an error of this package, over real HTTP: the real `openai` client against the
// local server of @llmcompiler/testing, which echoes the `Authorization` header it received into its response
// headers and its error body, as some proxies and servers do.
import { inspect } from 'node:util';
import type { LanguageModel, ModelRequest } from '@llmcompiler/core';
import { startFakeOpenAI, type Answer, type FakeOpenAIServer } from '@llmcompiler/testing';
import { APIError, OpenAI } from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelCallError, ModelStreamError, createOpenAIModel, type OpenAIApi, type OpenAIModelSettings } from '../src/index.js';
import { clearOpenAIEnv, collect, rejection } from './scripted-fetch.js';

const KEY = 'sk-proj-leaktest-7Hq2Zr9XwB4mN6pL1cV8dK3s';
const echo = ['authorization'];
const request: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };

let server: FakeOpenAIServer | undefined;
beforeEach(() => clearOpenAIEnv(vi.stubEnv));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failWith(answers: readonly Answer[], settings: OpenAIModelSettings): Promise<unknown> {
  server = await startFakeOpenAI({ responses: answers });
  const model: LanguageModel = createOpenAIModel({ model: 'gpt-test', baseURL: server.url, maxRetries: 1, ...settings });
  return rejection(collect(model.stream(request)));
}

/**
 * Every way the error may be written out: `message`, `stack`, `String`, `JSON.stringify` and `util.inspect`
 * (at any depth, with hidden properties too), of the error and of everything it holds: its cause chain, the
 * cause's `headers` (as entries too) and its parsed `error` body.
 */
function renderings(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    texts.push(inspect(value, { depth: Infinity }), inspect(value, { depth: Infinity, showHidden: true }), String(value));
    texts.push(JSON.stringify(value) ?? '');
    if (value instanceof Error) texts.push(value.message, value.stack ?? '');
    if (value instanceof Headers) texts.push(JSON.stringify([...value.entries()]));
    for (const key of Reflect.ownKeys(value)) visit(Reflect.get(value, key));
  };
  visit(error);
  return texts;
}

function expectNoKey(error: unknown, key = KEY): void {
  expect(renderings(error).filter((text) => text.includes(key))).toEqual([]);
}

/** The answers to make each failure happen, with the key echoed wherever the fault allows. */
const failures: Record<string, { answers: readonly Answer[]; check: (error: unknown, api: OpenAIApi) => void }> = {
  '401 before streaming': {
    answers: [{ fault: { type: 'status', status: 401, message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key', echoHeaders: echo } }],
    check: (error) => {
      expect(error).toMatchObject({ status: 401, providerMessage: 'Incorrect API key provided: [redacted].', code: 'invalid_api_key' });
      const cause = (error as Error).cause as APIError;
      expect(cause).toBeInstanceOf(APIError);
      expect(cause.headers?.get('authorization')).toBe('Bearer [redacted]');
      expect(cause.error).toMatchObject({ echoed_headers: { authorization: 'Bearer [redacted]' } });
    },
  },
  '429 after the retries': {
    answers: [1, 2].map(() => ({ fault: { type: 'status', status: 429, retryAfterSeconds: 0, echoHeaders: echo } }) as const),
    check: (error) => expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' }),
  },
  '500 after the retries': {
    answers: [1, 2].map(
      () => ({ fault: { type: 'status', status: 500, retryAfterSeconds: 0, message: `Upstream refused Bearer ${KEY}`, echoHeaders: echo } }) as const,
    ),
    check: (error) => expect(error).toMatchObject({ status: 500, providerMessage: 'Upstream refused Bearer [redacted]' }),
  },
  'an error event mid-stream': {
    answers: [{ content: 'one two three', fault: { type: 'error-event', afterTokens: 2, message: `Key ${KEY} lost its quota`, echoHeaders: echo } }],
    check: (error, api) => {
      expect(ModelCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: undefined, providerMessage: 'Key [redacted] lost its quota' });
      // Chat completions: the SDK throws the error chunk as an APIError with the response's headers. The
      // Responses API's `error` event is read by the adapter, which keeps only its message and code.
      if (api === 'chat-completions') expect(((error as Error).cause as APIError).headers?.get('authorization')).toBe('Bearer [redacted]');
    },
  },
  'a connection cut mid-stream': {
    answers: [{ content: 'one two three', fault: { type: 'cut', afterTokens: 2 } }],
    check: (error) => expect(ModelStreamError.isInstance(error)).toBe(true),
  },
};

const keyFunction = async (): Promise<string> => KEY;

describe.each([
  ['a string key', KEY, 'chat-completions'],
  ['an async key function', keyFunction, 'chat-completions'],
  ['a string key', KEY, 'responses'],
  ['an async key function', keyFunction, 'responses'],
] as const)('with %s and the %s API, no rendering of the error shows the key', (_, apiKey, api) => {
  it.each(Object.entries(failures))('%s', async (_name, { answers, check }) => {
    const error = await failWith(answers, { apiKey, api });
    check(error, api);
    expectNoKey(error);
    // The key did go out, and (where the fault echoes) came back: the test would see a leak.
    expect(server!.requests.every((received) => received.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });
});

describe('the keys actually sent', () => {
  it('a rotating key function: each key it returned is removed, not only the latest', async () => {
    const keys = ['sk-rotating-first-0a1b2c3d4e5f', 'sk-rotating-second-9z8y7x6w5v'];
    let calls = 0;
    const apiKey = async (): Promise<string> => keys[Math.min(calls++, keys.length - 1)]!;
    server = await startFakeOpenAI({
      responses: [
        { fault: { type: 'status', status: 500, retryAfterSeconds: 0, echoHeaders: echo } },
        { fault: { type: 'status', status: 401, echoHeaders: echo, message: `Expected ${keys[0]}, got ${keys[1]}` } },
      ],
    });
    const model = createOpenAIModel({ model: 'gpt-test', baseURL: server.url, apiKey, maxRetries: 1 });
    const error = await rejection(collect(model.stream(request)));
    expect(server.requests.map((received) => received.headers.authorization)).toEqual(keys.map((key) => `Bearer ${key}`));
    expect(error).toMatchObject({ status: 401, providerMessage: 'Expected [redacted], got [redacted]' });
    for (const key of keys) expectNoKey(error, key);
  });

  it('a rotating key function with the Responses API: an error event is cleared of every key sent', async () => {
    const keys = ['sk-rotating-first-0a1b2c3d4e5f', 'sk-rotating-second-9z8y7x6w5v'];
    let calls = 0;
    const apiKey = async (): Promise<string> => keys[Math.min(calls++, keys.length - 1)]!;
    server = await startFakeOpenAI({
      responses: [
        { fault: { type: 'status', status: 500, retryAfterSeconds: 0 } },
        { content: 'one two', fault: { type: 'error-event', afterTokens: 1, message: `Expected ${keys[0]}, got ${keys[1]}` } },
      ],
    });
    const model = createOpenAIModel({ model: 'gpt-test', api: 'responses', baseURL: server.url, apiKey, maxRetries: 1 });
    const error = await rejection(collect(model.stream(request)));
    expect(server.requests.map((received) => received.headers.authorization)).toEqual(keys.map((key) => `Bearer ${key}`));
    expect(error).toMatchObject({ status: undefined, providerMessage: 'Expected [redacted], got [redacted]' });
    for (const key of keys) expectNoKey(error, key);
  });

  it('a client passed in, with its own key function: the key it sent is removed', async () => {
    server = await startFakeOpenAI({ responses: [{ fault: { type: 'status', status: 403, echoHeaders: echo, message: `No access for ${KEY}` } }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: async () => KEY, maxRetries: 0 });
    const error = await rejection(collect(createOpenAIModel({ model: 'gpt-test', client }).stream(request)));
    expect(error).toMatchObject({ status: 403, providerMessage: 'No access for [redacted]' });
    expectNoKey(error);
  });

  it('the cause is a copy of the SDK error with its class and fields; the JSON of the error shows the cause chain', async () => {
    const error = await failWith(failures['401 before streaming']!.answers, { apiKey: KEY, maxRetries: 0 });
    const cause = (error as Error).cause as APIError;
    expect(cause.constructor.name).toBe('AuthenticationError');
    expect(cause).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error', requestID: 'req_fake_0' });
    expect(cause.message).toBe('401 Incorrect API key provided: [redacted].');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ModelCallError',
      message: 'Model `gpt-test` call failed with status 401: Incorrect API key provided: [redacted].',
      modelId: 'gpt-test',
      status: 401,
      providerMessage: 'Incorrect API key provided: [redacted].',
      code: 'invalid_api_key',
      requestId: 'req_fake_0',
      url: `${server!.url}/chat/completions`,
      cause: {
        name: 'Error',
        message: '401 Incorrect API key provided: [redacted].',
        status: 401,
        requestID: 'req_fake_0',
        code: 'invalid_api_key',
        param: null,
        type: 'invalid_request_error',
      },
    });
  });
});
