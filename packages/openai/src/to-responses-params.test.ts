import type { ModelRequest } from '@llmcompiler/core';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { clearOpenAIEnv, collect, responses as events, responsesSseResponse, scriptedFetch } from '../test/scripted-fetch.js';
import { createOpenAIModel, type OpenAIModelSettings } from './create-openai-model.js';

const searchParameters = {
  type: 'object',
  properties: { query: { type: 'string' } },
  required: ['query'],
  additionalProperties: false,
} as const;

/** Sends `request` through a Responses model made with `settings` and returns what the SDK posted. */
async function sent(request: ModelRequest, settings: OpenAIModelSettings = {}) {
  const http = scriptedFetch([responsesSseResponse([events.text('ok'), events.completed()])]);
  const model = createOpenAIModel({
    model: 'gpt-test',
    api: 'responses',
    apiKey: 'sk-unit-test-key',
    baseURL: 'https://llm.example/v1',
    fetch: http.fetch,
    ...settings,
  });
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

describe('Responses request body', () => {
  test('a minimal request sends the model, the input, `stream: true` and `store: false`, nothing else', async () => {
    const { body, url, method } = await sent({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(method).toBe('POST');
    expect(url).toBe('https://llm.example/v1/responses');
    expect(body).toStrictEqual({ model: 'gpt-test', input: [{ role: 'user', content: 'Hi' }], store: false, stream: true });
  });

  test('maps messages in order (the system prompt first), temperature, max tokens, JSON schema, flat tools and tool choice; no stop', async () => {
    const { body } = await sent({
      messages,
      stop: ['<END_OF_PLAN>'],
      temperature: 0,
      maxTokens: 512,
      responseFormat: { type: 'json', schema: { type: 'object', properties: { answer: { type: 'string' } } }, name: 'plan' },
      tools: [{ name: 'search', description: 'Search Wikipedia.', parameters: searchParameters }],
      toolChoice: 'required',
    });
    expect(body).toStrictEqual({
      model: 'gpt-test',
      input: [
        { role: 'system', content: 'You plan tool calls.' },
        { role: 'user', content: 'How deep is the Mariana Trench?' },
        { role: 'assistant', content: 'Thought: search first.' },
      ],
      store: false,
      temperature: 0,
      max_output_tokens: 512,
      text: { format: { type: 'json_schema', name: 'plan', schema: { type: 'object', properties: { answer: { type: 'string' } } } } },
      tools: [{ type: 'function', name: 'search', description: 'Search Wikipedia.', parameters: searchParameters, strict: false }],
      tool_choice: 'required',
      stream: true,
    });
  });

  test('`strict: true` is sent on the tools and the JSON schema format', async () => {
    const { body } = await sent(
      {
        messages,
        responseFormat: { type: 'json', schema: searchParameters },
        tools: [{ name: 'search', description: 'Search.', parameters: searchParameters }],
      },
      { strict: true },
    );
    expect(body).toMatchObject({
      text: { format: { type: 'json_schema', name: 'response', schema: searchParameters, strict: true } },
      tools: [{ type: 'function', name: 'search', strict: true }],
    });
  });

  test('JSON without a schema is `json_object`; text is left out; tool choice without tools is left out', async () => {
    expect((await sent({ messages, responseFormat: { type: 'json' }, toolChoice: 'auto' })).body).toMatchObject({
      text: { format: { type: 'json_object' } },
    });
    expect((await sent({ messages, toolChoice: 'auto' })).body).not.toHaveProperty('tool_choice');
    expect((await sent({ messages, responseFormat: { type: 'text' } })).body).not.toHaveProperty('text');
  });

  test('`extraBody` overrides `store` and adds fields, but never `stream`', async () => {
    const { body } = await sent({ messages }, { extraBody: { store: true, reasoning: { effort: 'low' }, stream: false } });
    expect(body).toMatchObject({ store: true, reasoning: { effort: 'low' }, stream: true });
  });
});
