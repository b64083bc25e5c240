// The API key never shows in an error of `fromLangChainChatModel`, over real HTTP: LangChain's `ChatOpenAI`
// against the local server of @llmcompiler/testing, which echoes the `Authorization` header it received into
// its response headers and its error body, as some proxies and servers do.
import { inspect } from 'node:util';
import type { ModelRequest } from '@llmcompiler/core';
import { startFakeOpenAI, type Answer, type FakeOpenAIServer } from '@llmcompiler/testing';
import { ChatOpenAI } from '@langchain/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { fromLangChainChatModel } from '../src/index.js';

const KEY = 'sk-proj-langchain-leaktest-Qm4Tz8Rw2Yx6';
const echo = ['authorization'];
const request: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way the error may be written out, of the error and of everything it holds (see the openai package's test). */
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

async function failWith(answers: readonly Answer[], apiKey: string | (() => Promise<string>)): Promise<unknown> {
  server = await startFakeOpenAI({ responses: answers });
  const chatModel =
    typeof apiKey === 'string'
      ? new ChatOpenAI({ model: 'gpt-test', apiKey, maxRetries: 0, configuration: { baseURL: server.url } })
      : new ChatOpenAI({ model: 'gpt-test', maxRetries: 0, configuration: { baseURL: server.url, apiKey } });
  try {
    for await (const _ of fromLangChainChatModel(chatModel).stream(request));
  } catch (error) {
    return error;
  }
  throw new Error('Expected the stream to fail');
}

const failures: Record<string, readonly Answer[]> = {
  '401 before streaming': [{ fault: { type: 'status', status: 401, message: `Incorrect API key provided: ${KEY}.`, echoHeaders: echo } }],
  '429': [{ fault: { type: 'status', status: 429, echoHeaders: echo } }],
  '500': [{ fault: { type: 'status', status: 500, message: `Upstream refused Bearer ${KEY}`, echoHeaders: echo } }],
  'an error event mid-stream': [
    { content: 'one two three', fault: { type: 'error-event', afterTokens: 2, message: `Key ${KEY} lost its quota`, echoHeaders: echo } },
  ],
  'a connection cut mid-stream': [{ content: 'one two three', fault: { type: 'cut', afterTokens: 2 } }],
};
const keyFunction = async (): Promise<string> => KEY;

describe.each([
  ['a string key', KEY],
  ['an async key function', keyFunction],
] as const)('with %s, no rendering of the error shows the key', (_, apiKey) => {
  it.each(Object.entries(failures))('%s', async (_name, answers) => {
    const error = await failWith(answers, apiKey);
    expect(error).toBeInstanceOf(Error);
    expect(renderings(error).filter((text) => text.includes(KEY))).toEqual([]);
    expect(server!.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });
});

describe('what stays as it was', () => {
  it('the copy keeps the class and fields of LangChain’s error, with the echoed key replaced', async () => {
    const error = await failWith(failures['401 before streaming']!, KEY);
    expect((error as Error).constructor.name).toBe('AuthenticationError');
    expect(error).toMatchObject({
      status: 401,
      lc_error_code: 'MODEL_AUTHENTICATION',
      error: { message: 'Incorrect API key provided: [redacted].', echoed_headers: { authorization: 'Bearer [redacted]' } },
    });
    expect((error as { headers: Headers }).headers.get('authorization')).toBe('Bearer [redacted]');
  });

  it('an error that shows no key is thrown as it is', async () => {
    server = await startFakeOpenAI({ responses: [{ fault: { type: 'status', status: 400, message: 'Bad request.' } }] });
    const errors: unknown[] = [];
    const chatModel = new ChatOpenAI({ model: 'gpt-test', apiKey: KEY, maxRetries: 0, configuration: { baseURL: server.url } });
    const original = chatModel.stream.bind(chatModel);
    chatModel.stream = async (...args) => {
      try {
        return await original(...args);
      } catch (error) {
        errors.push(error);
        throw error;
      }
    };
    const model = fromLangChainChatModel(chatModel);
    const thrown = await (async () => {
      try {
        for await (const _ of model.stream(request));
      } catch (error) {
        return error;
      }
    })();
    expect(errors).toHaveLength(1);
    expect(thrown).toBe(errors[0]);
  });
});
