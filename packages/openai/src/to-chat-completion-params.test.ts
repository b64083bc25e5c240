import type { ModelRequest } from '@llmcompiler/core';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { chunk, clearOpenAIEnv, collect, scriptedFetch, sseResponse } from '../test/scripted-fetch.js';
import { createOpenAIModel, type OpenAIModelSettings } from './create-openai-model.js';

const searchParameters = {
  type: 'object',
  properties: { query: { type: 'string' } },
  required: ['query'],
  additionalProperties: false,
} as const;

/** Sends `request` through a model made with `settings` and returns the body and headers the SDK posted. */
async function sent(request: ModelRequest, settings: OpenAIModelSettings = {}) {
  const http = scriptedFetch([sseResponse([chunk({ content: 'ok' }, { finishReason: 'stop' })])]);
  const model = createOpenAIModel({ model: 'gpt-test', apiKey: 'sk-unit-test-key', baseURL: 'https://llm.example/v1', fetch: http.fetch, ...settings });
  await collect(model.stream(request));
  expect(http.requests).toHaveLength(1);
  return http.requests[0]!;
}

const messages = [
  { role: 'system', content: 'You plan tool calls.' },
  { role: 'user', content: 'How deep is the Mariana Trench?' },
  { role: 'assistant', content: 'Thought: search first.' },
] as const;

beforeEach(() => clearOpenAIEnv(vi.stubEnv));

describe('request body', () => {
  test('a minimal request sends the model, the messages, `stream: true` and `include_usage`, nothing else', async () => {
    const { body, url, method } = await sent({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(method).toBe('POST');
    expect(url).toBe('https://llm.example/v1/chat/completions');
    expect(body).toStrictEqual({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  test('maps messages, stop, temperature, max tokens, JSON schema, tools and tool choice exactly', async () => {
    const { body } = await sent({
      messages,
      stop: ['<END_OF_PLAN>', 'Observation:'],
      temperature: 0,
      maxTokens: 512,
      responseFormat: { type: 'json', schema: { type: 'object', properties: { answer: { type: 'string' } } }, name: 'plan' },
      tools: [{ name: 'search', description: 'Search Wikipedia.', parameters: searchParameters }],
      toolChoice: 'required',
    });
    expect(body).toStrictEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You plan tool calls.' },
        { role: 'user', content: 'How deep is the Mariana Trench?' },
        { role: 'assistant', content: 'Thought: search first.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      stop: ['<END_OF_PLAN>', 'Observation:'],
      temperature: 0,
      max_tokens: 512,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'plan', schema: { type: 'object', properties: { answer: { type: 'string' } } } },
      },
      tools: [{ type: 'function', function: { name: 'search', description: 'Search Wikipedia.', parameters: searchParameters } }],
      tool_choice: 'required',
    });
  });

  test('JSON without a schema asks for `json_object`; text sends no response_format', async () => {
    expect((await sent({ messages, responseFormat: { type: 'json' } })).body).toMatchObject({ response_format: { type: 'json_object' } });
    expect((await sent({ messages, responseFormat: { type: 'text' } })).body).not.toHaveProperty('response_format');
  });

  test('a JSON schema without a name is named `response`', async () => {
    const { body } = await sent({ messages, responseFormat: { type: 'json', schema: { type: 'object' } } });
    expect(body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' } } } });
  });

  test('`maxTokensParameter: max_completion_tokens` sends the limit as max_completion_tokens only', async () => {
    const { body } = await sent({ messages, maxTokens: 100 }, { maxTokensParameter: 'max_completion_tokens' });
    expect(body).toMatchObject({ max_completion_tokens: 100 });
    expect(body).not.toHaveProperty('max_tokens');
  });

  test('`strict: true` marks function tools and JSON schemas strict', async () => {
    const { body } = await sent(
      {
        messages,
        responseFormat: { type: 'json', schema: { type: 'object' }, name: 'answer' },
        tools: [{ name: 'search', description: 'Search.', parameters: searchParameters }],
      },
      { strict: true },
    );
    expect(body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'function', function: { name: 'search', description: 'Search.', parameters: searchParameters, strict: true } }],
    });
  });

  test('empty stop lists, tool lists, and a tool choice without tools are left out', async () => {
    const { body } = await sent({ messages: [{ role: 'user', content: 'Hi' }], stop: [], tools: [], toolChoice: 'none' });
    expect(Object.keys(body as object).sort()).toEqual(['messages', 'model', 'stream', 'stream_options']);
  });

  test('`extraBody` adds provider fields and overrides the adapter’s, but never `stream`', async () => {
    const { body } = await sent(
      { messages: [{ role: 'user', content: 'Hi' }], temperature: 0.5 },
      { extraBody: { top_k: 20, temperature: 0.1, stream: false, stream_options: undefined } },
    );
    expect(body).toStrictEqual({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      temperature: 0.1,
      top_k: 20,
    });
  });
});

describe('request headers', () => {
  test('sends the key as a bearer token, and the default headers', async () => {
    const { headers } = await sent({ messages }, { defaultHeaders: { 'X-Gateway': 'team-a' } });
    expect(headers.get('authorization')).toBe('Bearer sk-unit-test-key');
    expect(headers.get('x-gateway')).toBe('team-a');
  });

  test('an `apiKey` function is asked for the key before the request', async () => {
    const apiKey = vi.fn(async () => 'sk-rotated-key-0001');
    const { headers } = await sent({ messages }, { apiKey });
    expect(apiKey).toHaveBeenCalledTimes(1);
    expect(headers.get('authorization')).toBe('Bearer sk-rotated-key-0001');
  });
});
