import { openai } from '@llmcompiler/openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeModelConfig, openaiOptions, readModelConfig } from './model-config.js';
import { startSimulatedModel } from './simulated-model.js';

describe('which model the demo runs on', () => {
  it('runs on the simulated model with nothing set, or only empty variables', () => {
    expect(readModelConfig({})).toEqual({ mode: 'simulated' });
    expect(readModelConfig({ OPENAI_API_KEY: '', OPENAI_BASE_URL: '  ', OPENAI_MODEL: 'gpt-4o' })).toEqual({ mode: 'simulated' });
  });

  it('runs on OpenAI with OPENAI_API_KEY', () => {
    expect(readModelConfig({ OPENAI_API_KEY: 'sk-test' })).toEqual({
      mode: 'endpoint',
      model: 'gpt-4o-mini',
      baseURL: 'https://api.openai.com/v1',
      baseURLFromEnv: false,
      placeholderKey: false,
    });
  });

  it('runs on OPENAI_BASE_URL alone, with a placeholder key, as the README promises', () => {
    expect(readModelConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3.1:8b' })).toEqual({
      mode: 'endpoint',
      model: 'llama3.1:8b',
      baseURL: 'http://localhost:11434/v1',
      baseURLFromEnv: true,
      placeholderKey: true,
    });
    // An empty key is no key.
    expect(readModelConfig({ OPENAI_BASE_URL: 'http://localhost:8000/v1', OPENAI_API_KEY: '' })).toMatchObject({ placeholderKey: true });
  });

  it('sends the real key to OPENAI_BASE_URL when both are set; an empty OPENAI_MODEL is the default', () => {
    expect(readModelConfig({ OPENAI_BASE_URL: 'https://api.groq.com/openai/v1', OPENAI_API_KEY: 'gsk-test', OPENAI_MODEL: '' })).toEqual({
      mode: 'endpoint',
      model: 'gpt-4o-mini',
      baseURL: 'https://api.groq.com/openai/v1',
      baseURLFromEnv: true,
      placeholderKey: false,
    });
  });
});

describe('what the demo says about its model', () => {
  it('calls the simulated model simulated, never live', () => {
    const lines = describeModelConfig({ mode: 'simulated' }, 'http://127.0.0.1:5000/v1');
    expect(lines[0]).toBe(
      'Model: simulated, by the local OpenAI-compatible server of @llmcompiler/testing on http://127.0.0.1:5000/v1 (no network, no key).',
    );
    expect(lines.join('\n')).not.toMatch(/live/i);
  });

  it('names the endpoint and the model it will call, and where they come from', () => {
    expect(describeModelConfig(readModelConfig({ OPENAI_API_KEY: 'sk-test' }))).toEqual([
      "Model: gpt-4o-mini, calling https://api.openai.com/v1/chat/completions (OpenAI's API, as OPENAI_API_KEY is set).",
    ]);
    expect(describeModelConfig(readModelConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'https://api.groq.com/openai/v1/', OPENAI_MODEL: 'llama-3.3-70b' }))).toEqual([
      'Model: llama-3.3-70b, calling https://api.groq.com/openai/v1/chat/completions (OPENAI_BASE_URL).',
    ]);
  });

  it('says when it sends a placeholder key', () => {
    expect(describeModelConfig(readModelConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3.1:8b' }))).toEqual([
      'Model: llama3.1:8b, calling http://localhost:11434/v1/chat/completions (OPENAI_BASE_URL).',
      '       OPENAI_API_KEY is not set, so the placeholder key "no-key-needed" is sent: a local server needs none.',
    ]);
  });

  it('never shows the key', () => {
    const lines = describeModelConfig(readModelConfig({ OPENAI_API_KEY: 'sk-secret-123456' })).join('\n');
    expect(lines).not.toContain('sk-secret');
  });
});

describe('the key the demo sends', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('sends OPENAI_API_KEY to OPENAI_BASE_URL when both are set, on the default model', async () => {
    const server = await startSimulatedModel({});
    try {
      // As the demo's process sees its environment: these two set, no other OPENAI_ variable.
      const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-demo-test-0123456789' };
      for (const name of ['OPENAI_MODEL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID']) vi.stubEnv(name, '');
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const config = readModelConfig(env);
      if (config.mode !== 'endpoint') throw new Error(`Expected an endpoint, got ${config.mode}`);
      const model = openai(config.model, openaiOptions(config));
      // One planner call (its stop sequence tells the simulated server so), as the demo's first.
      const request = { messages: [{ role: 'user', content: 'How deep is the Mariana Trench?' }], stop: ['<END_OF_PLAN>'] } as const;
      for await (const part of model.stream(request)) void part;
      expect(server.requests.map((request) => [request.body.model, request.headers.authorization])).toEqual([
        ['gpt-4o-mini', 'Bearer sk-demo-test-0123456789'],
      ]);
    } finally {
      await server.close();
    }
  });
});
