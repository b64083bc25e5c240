import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it, vi } from 'vitest';
import { chatModelSecrets } from './chat-model-secrets.js';

describe('chatModelSecrets', () => {
  it('reads the fields lc_secrets names, and the environment variables behind them', () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-the-environment');
    try {
      expect(chatModelSecrets(new ChatOpenAI({ model: 'gpt-test', apiKey: 'sk-given-key-123' }))).toEqual(
        expect.arrayContaining(['sk-given-key-123', 'sk-from-the-environment']),
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads the apiKey of an SDK client the model holds, a few fields deep: the key an async function last returned', () => {
    const chatModel = {
      lc_secrets: { apiKey: 'NO_SUCH_VARIABLE_SET' },
      apiKey: async () => 'x',
      completions: { client: { apiKey: 'sk-last-sent-key', baseURL: 'http://127.0.0.1/v1' } },
      too: { deep: { to: { look: { apiKey: 'sk-never-seen' } } } },
    };
    expect(chatModelSecrets(chatModel)).toEqual(['sk-last-sent-key']);
  });

  it('follows dotted paths and ignores what is not a non-empty string, or throws when read', () => {
    const chatModel = {
      lc_secrets: { 'configuration.apiKey': 'NO_SUCH_VARIABLE_SET', missing: 'NO_SUCH_VARIABLE_SET' },
      configuration: { apiKey: 'sk-nested-key' },
      get broken(): never {
        throw new Error('no');
      },
      empty: { apiKey: '' },
    };
    expect(chatModelSecrets(chatModel)).toEqual(['sk-nested-key']);
  });
});
