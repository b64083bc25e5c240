import { inspect } from 'node:util';
import { InvalidOptionError, LLMCompilerError } from '@llmcompiler/core';
import { OpenAI } from 'openai';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  SECRET_KEY,
  chunk,
  clearOpenAIEnv,
  collect,
  responses as responsesEvents,
  responsesSseResponse,
  scriptedFetch,
  sseResponse,
} from '../test/scripted-fetch.js';
import { createOpenAIModel, openai, type OpenAIModelOptions } from './create-openai-model.js';
import { ModelConfigError } from './errors/model-config-error.js';

const request = { messages: [{ role: 'user', content: 'Hi' }] } as const;
const answer = () => sseResponse([chunk({ content: 'ok' }, { finishReason: 'stop' })]);

function configError(create: () => unknown): ModelConfigError {
  try {
    create();
  } catch (error) {
    expect(ModelConfigError.isInstance(error)).toBe(true);
    expect(LLMCompilerError.isInstance(error)).toBe(true);
    return error as ModelConfigError;
  }
  throw new Error('Expected a ModelConfigError, but the model was created');
}

beforeEach(() => clearOpenAIEnv(vi.stubEnv));

describe('API key', () => {
  test('without `apiKey` and OPENAI_API_KEY creation throws, naming both ways', () => {
    const error = configError(() => openai('gpt-4o-mini'));
    expect(error.option).toBe('apiKey');
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect(error.message).toContain('pass `apiKey`');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(error.message).toContain('gpt-4o-mini');
  });

  test('an empty OPENAI_API_KEY counts as missing', () => {
    vi.stubEnv('OPENAI_API_KEY', '  ');
    expect(configError(() => openai('gpt-4o-mini')).option).toBe('apiKey');
  });

  test('OPENAI_API_KEY is used when no `apiKey` is given', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-the-environment');
    const http = scriptedFetch([answer()]);
    await collect(openai('gpt-test', { fetch: http.fetch }).stream(request));
    expect(http.requests[0]?.headers.get('authorization')).toBe('Bearer sk-from-the-environment');
  });

  test('an `apiKey` that is empty or not a string is refused without showing it', () => {
    expect(configError(() => openai('gpt-test', { apiKey: '' })).message).toBe(
      'Expected `apiKey` to be a non-empty string or an async function returning one, got an empty string',
    );
    expect(configError(() => openai('gpt-test', { apiKey: 42 as never })).message).toContain('got a number');
  });

  test('a `client` needs no key here, and is used as it is', async () => {
    const http = scriptedFetch([answer()]);
    const client = new OpenAI({ apiKey: 'sk-client-own-key', baseURL: 'https://azure.example/openai', fetch: http.fetch });
    const parts = await collect(createOpenAIModel({ model: 'gpt-test', client }).stream(request));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(http.requests[0]?.url).toBe('https://azure.example/openai/chat/completions');
    expect(http.requests[0]?.headers.get('authorization')).toBe('Bearer sk-client-own-key');
  });

  test('a `client` together with client options is refused', () => {
    const client = new OpenAI({ apiKey: 'sk-client-own-key' });
    const error = configError(() => createOpenAIModel({ model: 'gpt-test', client, apiKey: SECRET_KEY, baseURL: 'http://x/v1' }));
    expect(error.option).toBe('apiKey');
    expect(error.message).toBe(
      'Expected `apiKey` to be left out when `client` is given, got both `client` and `apiKey`, `baseURL`: set these on the client you pass instead',
    );
    expect(error.message).not.toContain(SECRET_KEY);
  });

  test('a `client` that is not an openai client is refused', () => {
    expect(configError(() => createOpenAIModel({ model: 'gpt-test', client: {} as never })).option).toBe('client');
  });
});

describe('base URL', () => {
  test('OPENAI_BASE_URL is used when no `baseURL` is given', async () => {
    vi.stubEnv('OPENAI_BASE_URL', 'http://localhost:11434/v1');
    const http = scriptedFetch([answer()]);
    await collect(openai('llama3.1:8b', { apiKey: 'ollama', fetch: http.fetch }).stream(request));
    expect(http.requests[0]?.url).toBe('http://localhost:11434/v1/chat/completions');
  });

  test('`baseURL` wins over OPENAI_BASE_URL', async () => {
    vi.stubEnv('OPENAI_BASE_URL', 'http://localhost:11434/v1');
    const http = scriptedFetch([answer()]);
    await collect(openai('m', { apiKey: 'x', baseURL: 'http://127.0.0.1:8000/v1', fetch: http.fetch }).stream(request));
    expect(http.requests[0]?.url).toBe('http://127.0.0.1:8000/v1/chat/completions');
  });

  test('without either, requests go to api.openai.com', async () => {
    const http = scriptedFetch([answer()]);
    await collect(openai('gpt-test', { apiKey: SECRET_KEY, fetch: http.fetch }).stream(request));
    expect(http.requests[0]?.url).toBe('https://api.openai.com/v1/chat/completions');
  });

  test('a `baseURL` without its scheme is refused at creation, with the URL it probably meant', () => {
    const error = configError(() => openai('local', { apiKey: 'none', baseURL: 'localhost:8080' }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'baseURL', received: 'localhost:8080' });
    expect(error.message).toBe(
      'Expected `baseURL` of model `local` to be an http:// or https:// URL, such as `http://localhost:8080/v1`, got ' +
        '`"localhost:8080"` (string): has no scheme: did you mean `http://localhost:8080`?',
    );
    expect(configError(() => openai('m', { apiKey: 'x', baseURL: 'api.example.com/v1' })).message).toContain(
      'did you mean `https://api.example.com/v1`?',
    );
  });

  test('a malformed OPENAI_BASE_URL is refused at creation, naming the variable', () => {
    vi.stubEnv('OPENAI_BASE_URL', 'localhost:11434/v1');
    const error = configError(() => openai('llama3.1:8b', { apiKey: 'ollama' }));
    expect(error).toMatchObject({ option: 'baseURL', received: 'localhost:11434/v1' });
    expect(error.message).toContain(
      'got `"localhost:11434/v1"` (string): it comes from the OPENAI_BASE_URL environment variable, and has no scheme: ' +
        'did you mean `http://localhost:11434/v1`?',
    );
  });

  test('a `baseURL` with another scheme, or no URL at all, is refused', () => {
    expect(configError(() => openai('m', { apiKey: 'x', baseURL: 'ftp://example.com/v1' })).message).toContain(
      'its scheme is `ftp:`, not http: or https:',
    );
    expect(configError(() => openai('m', { apiKey: 'x', baseURL: 'http://' })).message).toContain('is not a URL');
    expect(configError(() => openai('m', { apiKey: 'x', baseURL: 42 as never })).message).toContain('Expected `baseURL` to be a string');
  });

  test('`baseURL` is checked before OPENAI_BASE_URL, which is then not read', () => {
    vi.stubEnv('OPENAI_BASE_URL', 'not a url');
    expect(() => openai('m', { apiKey: 'x', baseURL: 'https://example.com/v1' })).not.toThrow();
  });
});

describe('the model object', () => {
  test('exposes `modelId`', () => {
    expect(openai('gpt-4o-mini', { apiKey: SECRET_KEY }).modelId).toBe('gpt-4o-mini');
    expect(createOpenAIModel({ model: 'o4-mini', apiKey: SECRET_KEY }).modelId).toBe('o4-mini');
  });

  test('JSON.stringify and inspect show the model id and never the key', () => {
    const model = openai('gpt-4o-mini', { apiKey: SECRET_KEY, extraBody: { user: 'u1' } });
    expect(JSON.stringify(model)).toBe('{"modelId":"gpt-4o-mini"}');
    expect(inspect(model, { depth: 10, showHidden: true })).not.toContain(SECRET_KEY);
    expect(inspect(model)).toBe("OpenAIChatModel { modelId: 'gpt-4o-mini' }");
  });

  test('a key from the environment does not show either', () => {
    vi.stubEnv('OPENAI_API_KEY', SECRET_KEY);
    const model = openai('gpt-4o-mini');
    expect(JSON.stringify(model)).not.toContain(SECRET_KEY);
    expect(inspect(model, { depth: 10, showHidden: true })).not.toContain(SECRET_KEY);
  });
});

describe('`api`', () => {
  const responsesAnswer = () => responsesSseResponse([responsesEvents.text('ok'), responsesEvents.completed()]);

  test("`api: 'responses'` calls the Responses API, with the same client options", async () => {
    const http = scriptedFetch([responsesAnswer()]);
    const model = openai('gpt-4.1-mini', { api: 'responses', apiKey: SECRET_KEY, baseURL: 'http://127.0.0.1:8000/v1', fetch: http.fetch });
    const parts = await collect(model.stream(request));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'ok' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(http.requests[0]?.url).toBe('http://127.0.0.1:8000/v1/responses');
    expect(http.requests[0]?.headers.get('authorization')).toBe(`Bearer ${SECRET_KEY}`);
  });

  test("`api: 'chat-completions'` is the default", async () => {
    const http = scriptedFetch([answer(), answer()]);
    await collect(openai('m', { apiKey: 'x', fetch: http.fetch }).stream(request));
    await collect(openai('m', { api: 'chat-completions', apiKey: 'x', fetch: http.fetch }).stream(request));
    expect(http.requests.map((sent) => sent.url)).toEqual([
      'https://api.openai.com/v1/chat/completions',
      'https://api.openai.com/v1/chat/completions',
    ]);
  });

  test('a `client` passed in is used for the Responses API too', async () => {
    const http = scriptedFetch([responsesAnswer()]);
    const client = new OpenAI({ apiKey: 'sk-client-own-key', baseURL: 'https://azure.example/openai/v1', fetch: http.fetch });
    await collect(createOpenAIModel({ model: 'gpt-test', api: 'responses', client }).stream(request));
    expect(http.requests[0]?.url).toBe('https://azure.example/openai/v1/responses');
  });

  test('a `client` without `responses.create` is refused for the Responses API', () => {
    const client = { chat: { completions: { create: () => undefined } } } as never;
    expect(() => createOpenAIModel({ model: 'gpt-test', client })).not.toThrow();
    const error = configError(() => createOpenAIModel({ model: 'gpt-test', api: 'responses', client }));
    expect(error.option).toBe('client');
    expect(error.message).toContain("an `openai` client with the Responses API (`client.responses.create`), for `api: 'responses'`");
  });

  test('`maxTokensParameter` is refused with the Responses API, which always takes max_output_tokens', () => {
    const error = configError(() => openai('gpt-test', { api: 'responses', apiKey: SECRET_KEY, maxTokensParameter: 'max_completion_tokens' }));
    expect(error.option).toBe('maxTokensParameter');
    expect(error.message).toBe(
      "Expected `maxTokensParameter` to be left out with `api: 'responses'`, got `max_completion_tokens`: the Responses API always takes `max_output_tokens`",
    );
  });

  test('JSON.stringify and inspect of a Responses model show the model id and never the key', () => {
    const model = openai('gpt-4.1-mini', { api: 'responses', apiKey: SECRET_KEY });
    expect(JSON.stringify(model)).toBe('{"modelId":"gpt-4.1-mini"}');
    expect(inspect(model, { depth: 10, showHidden: true })).not.toContain(SECRET_KEY);
    expect(inspect(model)).toBe("OpenAIResponsesModel { modelId: 'gpt-4.1-mini' }");
  });
});

describe('option checks', () => {
  test.each<[string, Partial<OpenAIModelOptions>, string]>([
    ['model', { model: '' }, 'Expected `model` to be a non-empty string, got `""` (string)'],
    ['model', { model: undefined as never }, 'Expected `model` to be a non-empty string, got `undefined`'],
    ['maxRetries', { maxRetries: -1 }, 'Expected `maxRetries` to be an integer from 0 and up, got `-1` (number)'],
    ['maxRetries', { maxRetries: 1.5 }, 'Expected `maxRetries` to be an integer from 0 and up, got `1.5` (number)'],
    ['timeout', { timeout: 0 }, 'Expected `timeout` to be a number of milliseconds above 0, got `0` (number)'],
    [
      'maxTokensParameter',
      { maxTokensParameter: 'max_output_tokens' as never },
      "Expected `maxTokensParameter` to be one of 'max_tokens', 'max_completion_tokens', got `\"max_output_tokens\"` (string)",
    ],
    ['extraBody', { extraBody: [] as never }, 'Expected `extraBody` to be an object, got an array of length 0'],
    ['api', { api: 'assistants' as never }, "Expected `api` to be one of 'chat-completions', 'responses', got `\"assistants\"` (string)"],
  ])('a malformed `%s` is refused: %j', (option, overrides, message) => {
    const error = configError(() => createOpenAIModel({ model: 'gpt-test', apiKey: SECRET_KEY, ...overrides }));
    expect(error.option).toBe(option);
    expect(error.message).toBe(message);
  });
});
