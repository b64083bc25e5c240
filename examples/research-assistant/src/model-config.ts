/** The key sent to an OpenAI-compatible server when only OPENAI_BASE_URL is set: local servers need none. */
export const PLACEHOLDER_KEY = 'no-key-needed';

/** The model used when OPENAI_MODEL is not set. */
export const DEFAULT_MODEL = 'gpt-4o-mini';

/** OpenAI's API, used when OPENAI_API_KEY is set and OPENAI_BASE_URL is not. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Which model the demo runs on, decided from the environment. */
export type ModelConfig =
  /** No OPENAI_API_KEY and no OPENAI_BASE_URL: the local simulated model. */
  | { readonly mode: 'simulated' }
  /** A real endpoint: OpenAI (OPENAI_API_KEY) or any OpenAI-compatible server (OPENAI_BASE_URL). */
  | {
      readonly mode: 'endpoint';
      readonly model: string;
      /** The base URL the calls go to, up to `/v1`. */
      readonly baseURL: string;
      /** Whether the base URL came from OPENAI_BASE_URL (else it is OpenAI's). */
      readonly baseURLFromEnv: boolean;
      /** The key is {@link PLACEHOLDER_KEY}: OPENAI_BASE_URL is set and OPENAI_API_KEY is not. */
      readonly placeholderKey: boolean;
    };

/**
 * Decides the demo's model from the environment, as the README promises: nothing set runs on the simulated
 * model; OPENAI_API_KEY runs on OpenAI (or on OPENAI_BASE_URL, when that is set too); OPENAI_BASE_URL alone
 * runs on that server with a placeholder key. A variable that is empty or blank counts as not set. OPENAI_MODEL
 * names the model (default `gpt-4o-mini`).
 */
export function readModelConfig(env: Readonly<Record<string, string | undefined>>): ModelConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const apiKey = read('OPENAI_API_KEY');
  const baseURL = read('OPENAI_BASE_URL');
  if (apiKey === undefined && baseURL === undefined) return { mode: 'simulated' };
  return {
    mode: 'endpoint',
    model: read('OPENAI_MODEL') ?? DEFAULT_MODEL,
    baseURL: baseURL ?? OPENAI_BASE_URL,
    baseURLFromEnv: baseURL !== undefined,
    placeholderKey: apiKey === undefined,
  };
}

/**
 * What the demo prints about its model before the first call: for an endpoint, the URL and model it is about
 * to call, where they come from, and whether a placeholder key is sent; for the simulated model, that it is
 * simulated (never "live") and how to use a real one.
 */
export function describeModelConfig(config: ModelConfig, simulatedURL?: string): string[] {
  if (config.mode === 'simulated') {
    return [
      `Model: simulated, by the local OpenAI-compatible server of @llmcompiler/testing on ${simulatedURL ?? '127.0.0.1'} (no network, no key).`,
      '       Set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible server) to run on a real model.',
    ];
  }
  const endpoint = `${config.baseURL.replace(/\/+$/, '')}/chat/completions`;
  const from = config.baseURLFromEnv ? 'OPENAI_BASE_URL' : "OpenAI's API, as OPENAI_API_KEY is set";
  const lines = [`Model: ${config.model}, calling ${endpoint} (${from}).`];
  if (config.placeholderKey) {
    lines.push(`       OPENAI_API_KEY is not set, so the placeholder key "${PLACEHOLDER_KEY}" is sent: a local server needs none.`);
  }
  return lines;
}

/**
 * The options the demo passes to `openai()` for an endpoint: the placeholder key when OPENAI_API_KEY is not
 * set, else none of its own, so that the adapter sends OPENAI_API_KEY (to OPENAI_BASE_URL when that is set).
 */
export function openaiOptions(config: Extract<ModelConfig, { mode: 'endpoint' }>): { apiKey?: string } {
  return config.placeholderKey ? { apiKey: PLACEHOLDER_KEY } : {};
}
