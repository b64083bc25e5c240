import type { LanguageModel } from '@llmcompiler/core';
import { OpenAI, type ClientOptions } from 'openai';
import { optionChecks, type OptionChecks } from '@llmcompiler/core/internal';
import { ModelConfigError } from './errors/model-config-error.js';
import { OpenAIChatModel, type ChatRequestOptions } from './openai-chat-model.js';
import { OpenAIResponsesModel } from './openai-responses-model.js';
import { SentKeys } from './sent-keys.js';
import type { MaxTokensParameter } from './to-chat-completion-params.js';

/** Options of {@link createOpenAIModel}. Everything except `model` is optional. */
export interface OpenAIModelOptions {
  /**
   * The model id sent with every request, e.g. `gpt-4o-mini`, `llama3.1:8b` (Ollama) or
   * `meta-llama/Llama-3.1-8B-Instruct` (vLLM). Also the model's `modelId`.
   *
   * @example
   * ```ts
   * model: 'gpt-4o-mini'
   * ```
   */
  readonly model: string;
  /**
   * The OpenAI API the model calls:
   *
   * - `'chat-completions'`: `POST /chat/completions`, which OpenAI and every OpenAI-compatible server
   *   (vLLM, Ollama, llama.cpp, Groq, Together, Azure) serve;
   * - `'responses'`: OpenAI's Responses API, `POST /responses` (also Azure OpenAI, and some compatible
   *   servers). Requests are sent with `store: false` (override with `extraBody: { store: true }`); the API
   *   has no stop sequences, so a request's `stop` cuts the text here and ends the stream (see the README).
   *   `maxTokensParameter` does not apply: the limit is sent as `max_output_tokens`.
   *
   * @default 'chat-completions'
   * @example
   * ```ts
   * api: 'responses'
   * ```
   */
  readonly api?: OpenAIApi | undefined;
  /**
   * An `openai` client to use as it is, e.g. an `AzureOpenAI`, or one shared with the rest of your app. When
   * given, no API key is needed here, and the options that configure a client (`apiKey`, `baseURL`,
   * `organization`, `project`, `defaultHeaders`, `fetch`) must be left out: set them on the client.
   *
   * @default a new `OpenAI` client made from the options below
   * @example
   * ```ts
   * client: new AzureOpenAI({ endpoint, apiVersion: '2024-10-21', deployment: 'gpt-4o-mini' })
   * ```
   */
  readonly client?: OpenAI | undefined;
  /**
   * The API key, or an async function returning one (called before each request, for rotating keys).
   * Local servers that need no key (Ollama, vLLM, llama.cpp) still need a placeholder, e.g. `'ollama'`.
   * The key never appears in errors this package throws, nor in `JSON.stringify`/`inspect` of the model.
   *
   * @default process.env.OPENAI_API_KEY (a `ModelConfigError` is thrown when both are missing)
   * @example
   * ```ts
   * apiKey: process.env.GROQ_API_KEY
   * ```
   */
  readonly apiKey?: string | (() => Promise<string>) | undefined;
  /**
   * The base URL of an OpenAI-compatible API, up to and including `/v1`: an `http://` or `https://` URL. A
   * malformed one (`localhost:8080`, without its scheme), here or in OPENAI_BASE_URL, is a `ModelConfigError`
   * when the model is created.
   *
   * @default process.env.OPENAI_BASE_URL, else `https://api.openai.com/v1`
   * @example
   * ```ts
   * baseURL: 'http://localhost:11434/v1' // Ollama
   * ```
   */
  readonly baseURL?: string | undefined;
  /**
   * The OpenAI organization id sent as `OpenAI-Organization`.
   *
   * @default process.env.OPENAI_ORG_ID
   */
  readonly organization?: string | undefined;
  /**
   * The OpenAI project id sent as `OpenAI-Project`.
   *
   * @default process.env.OPENAI_PROJECT_ID
   */
  readonly project?: string | undefined;
  /**
   * How many times the SDK retries a failed request (connection errors, 408, 409, 429 and 5xx), waiting as
   * `retry-after` says or with exponential back-off. An integer from 0. Also applies with `client`.
   *
   * @default 2 (the SDK's default, or the `client`'s own setting)
   * @example
   * ```ts
   * maxRetries: 5
   * ```
   */
  readonly maxRetries?: number | undefined;
  /**
   * Milliseconds the SDK waits for a response's headers before it gives up on an attempt (a timed-out
   * attempt is retried). A number above 0. Also applies with `client`.
   *
   * @default 600000 (10 minutes; the SDK's default, or the `client`'s own setting)
   * @example
   * ```ts
   * timeout: 30_000
   * ```
   */
  readonly timeout?: number | undefined;
  /**
   * Headers sent with every request, e.g. for a gateway or proxy.
   *
   * @example
   * ```ts
   * defaultHeaders: { 'HTTP-Referer': 'https://example.com' }
   * ```
   */
  readonly defaultHeaders?: ClientOptions['defaultHeaders'];
  /**
   * The `fetch` the SDK sends requests with: for proxies, instrumentation, or scripted responses in tests.
   *
   * @default globalThis.fetch
   * @example
   * ```ts
   * fetch: (url, init) => { console.log('POST', url); return fetch(url, init); }
   * ```
   */
  readonly fetch?: ClientOptions['fetch'];
  /**
   * The body field a request's `maxTokens` is sent as. OpenAI's reasoning models (o-series, gpt-5) reject
   * `max_tokens` and need `max_completion_tokens`; many OpenAI-compatible servers only know `max_tokens`.
   *
   * @default 'max_tokens'
   * @example
   * ```ts
   * maxTokensParameter: 'max_completion_tokens'
   * ```
   */
  readonly maxTokensParameter?: MaxTokensParameter | undefined;
  /**
   * Sends `strict: true` with function tools and `json_schema` response formats (OpenAI's Structured
   * Outputs). The schemas must then follow OpenAI's strict subset: every property required,
   * `additionalProperties: false`. With `api: 'responses'`, tools are otherwise sent with `strict: false`,
   * since the Responses API takes a missing `strict` as `true`.
   *
   * @default false
   */
  readonly strict?: boolean | undefined;
  /**
   * Extra fields merged into every request body, for provider-specific parameters. Applied last, so they
   * override what the adapter sets (except `stream`); a field set to `undefined` is left out of the body,
   * e.g. `stream_options: undefined` for a server that rejects it.
   *
   * @example
   * ```ts
   * extraBody: { top_k: 20, repetition_penalty: 1.05 } // vLLM sampling parameters
   * ```
   */
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined;
}

/** The OpenAI API a model calls: chat completions, or the Responses API. */
export type OpenAIApi = 'chat-completions' | 'responses';

/** Options of {@link openai}: those of {@link createOpenAIModel} without `model`. */
export type OpenAIModelSettings = Omit<OpenAIModelOptions, 'model'>;

/** Options that configure a client, and so cannot be combined with `client`. */
const CLIENT_OPTIONS = ['apiKey', 'baseURL', 'organization', 'project', 'defaultHeaders', 'fetch'] as const;

/**
 * Creates a {@link LanguageModel} that streams chat completions through the `openai` SDK, from OpenAI or
 * any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server, Groq, Together, Azure via `client`); with
 * `api: 'responses'`, OpenAI's Responses API instead.
 *
 * Each call maps the request onto `chat.completions.create({ stream: true, stream_options: { include_usage: true } })`
 * (or `responses.create({ stream: true, store: false })`) and streams `text-delta` and `tool-call-delta`
 * parts, then one `finish` part with the finish reason and token usage. A provider error surfaces, after the SDK's retries, as a `ModelCallError`; a stream that
 * breaks off as a `ModelStreamError`; an abort as the signal's reason.
 *
 * @throws {ModelConfigError} when no API key is given or in `OPENAI_API_KEY` (and no `client`), or an
 * option is malformed (a `baseURL` or OPENAI_BASE_URL that is not an http(s) URL included).
 * @example
 * ```ts
 * import { createOpenAIModel } from '@llmcompiler/openai';
 *
 * const model = createOpenAIModel({ model: 'gpt-4o-mini', maxRetries: 4 }); // key from OPENAI_API_KEY
 * for await (const part of model.stream({ messages: [{ role: 'user', content: 'Say hi' }] })) {
 *   if (part.type === 'text-delta') process.stdout.write(part.text);
 * }
 * ```
 */
export function createOpenAIModel(options: OpenAIModelOptions): LanguageModel {
  const check = optionChecks({ factory: (fields) => new ModelConfigError(fields) });
  check.object('options', options);
  const { model, extraBody } = options;
  check.string('model', model, true);
  const requestOptions = readRequestOptions(check, options);
  const api = check.oneOf('api', options.api ?? 'chat-completions', ['chat-completions', 'responses']);
  const maxTokensParameter = check.oneOf('maxTokensParameter', options.maxTokensParameter ?? 'max_tokens', ['max_tokens', 'max_completion_tokens']);
  if (api === 'responses' && options.maxTokensParameter !== undefined) {
    check.fail('maxTokensParameter', "left out with `api: 'responses'`", options.maxTokensParameter, {
      got: `\`${String(options.maxTokensParameter)}\`: the Responses API always takes \`max_output_tokens\``,
    });
  }
  if (extraBody !== undefined) check.object('extraBody', extraBody);
  if (options.strict !== undefined) check.boolean('strict', options.strict);
  assertClient(check, options, api);
  const sentKeys = new SentKeys();
  const client = options.client ?? createClient(check, options, sentKeys);
  if (api === 'responses') {
    return new OpenAIResponsesModel({
      client,
      settings: { model, strict: options.strict === true, extraBody },
      requestOptions,
      sentKeys,
    });
  }
  return new OpenAIChatModel({
    client,
    settings: { model, maxTokensParameter, strict: options.strict === true, extraBody },
    requestOptions,
    sentKeys,
  });
}

/**
 * Creates a {@link LanguageModel} for `modelId`: shorthand for `createOpenAIModel({ ...options, model: modelId })`.
 *
 * @throws {ModelConfigError} when no API key is given or in `OPENAI_API_KEY` (and no `client`), or an
 * option is malformed (a `baseURL` or OPENAI_BASE_URL that is not an http(s) URL included).
 * @example
 * ```ts
 * import { openai } from '@llmcompiler/openai';
 *
 * const gpt = openai('gpt-4o-mini'); // OPENAI_API_KEY, OPENAI_BASE_URL
 * const local = openai('llama3.1:8b', { baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });
 * ```
 */
export function openai(modelId: string, options: OpenAIModelSettings = {}): LanguageModel {
  return createOpenAIModel({ ...options, model: modelId });
}

function readRequestOptions(check: OptionChecks, options: OpenAIModelOptions): ChatRequestOptions {
  const { maxRetries, timeout } = options;
  if (maxRetries !== undefined) check.integer('maxRetries', maxRetries, 0);
  if (timeout !== undefined) check.positive('timeout', timeout, 'a number of milliseconds above 0');
  return { ...(maxRetries === undefined ? {} : { maxRetries }), ...(timeout === undefined ? {} : { timeout }) };
}

/** A client made from the options; the keys its `apiKey` function returns go to `sentKeys` as they are sent. */
function createClient(check: OptionChecks, options: OpenAIModelOptions, sentKeys: SentKeys): OpenAI {
  const { apiKey } = options;
  if (apiKey === undefined && readEnv('OPENAI_API_KEY') === undefined) {
    throw new ModelConfigError({
      option: 'apiKey',
      owner: `model \`${options.model}\``,
      expected: 'given, or the OPENAI_API_KEY environment variable set',
      received: apiKey,
      reason:
        'pass `apiKey` to createOpenAIModel()/openai(), or set the OPENAI_API_KEY environment variable. Local servers ' +
        "that need no key (Ollama, vLLM, llama.cpp) still need a placeholder, e.g. `apiKey: 'ollama'`; or pass a configured `client`",
    });
  }
  if (apiKey !== undefined && !((typeof apiKey === 'string' && apiKey.trim() !== '') || typeof apiKey === 'function')) {
    // Only the kind of value is shown: a malformed key may still be most of a real one.
    const got = typeof apiKey === 'string' ? 'an empty string' : `a ${apiKey === null ? 'null' : typeof apiKey}`;
    check.fail('apiKey', 'a non-empty string or an async function returning one', apiKey, { got });
  }
  checkBaseURL(check, options);
  return new OpenAI({
    apiKey: typeof apiKey === 'function' ? sentKeys.wrap(apiKey) : apiKey,
    baseURL: options.baseURL,
    organization: options.organization,
    project: options.project,
    defaultHeaders: options.defaultHeaders,
    fetch: options.fetch,
  });
}

/**
 * Throws when `baseURL`, or OPENAI_BASE_URL when it is not given, is not an http(s) URL: without this check a
 * scheme-less `localhost:8080` (which `new URL` reads as the scheme `localhost:`) fails every call, after the
 * retries, as a connection error.
 */
function checkBaseURL(check: OptionChecks, options: OpenAIModelOptions): void {
  const fromEnv = options.baseURL === undefined ? readEnv('OPENAI_BASE_URL') : undefined;
  const value: unknown = options.baseURL ?? fromEnv;
  if (value === undefined) return;
  if (typeof value !== 'string') return check.fail('baseURL', 'a string', value);
  const problem = baseURLProblem(value);
  if (problem === undefined) return;
  throw new ModelConfigError({
    option: 'baseURL',
    owner: `model \`${options.model}\``,
    expected: 'an http:// or https:// URL, such as `http://localhost:8080/v1`',
    received: value,
    reason: fromEnv === undefined ? problem : `it comes from the OPENAI_BASE_URL environment variable, and ${problem}`,
  });
}

/** What is wrong with `value` as a base URL, or `undefined` when it is an http(s) URL. */
function baseURLProblem(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(trimmed)) {
    // `localhost:8080`, `api.example.com/v1`: the scheme was left out.
    const local = /^(localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(trimmed);
    const suggestion = `${local ? 'http' : 'https'}://${trimmed}`;
    return URL.canParse(suggestion) && trimmed !== '' ? `has no scheme: did you mean \`${suggestion}\`?` : 'is not a URL';
  }
  if (!URL.canParse(trimmed)) return 'is not a URL';
  const { protocol } = new URL(trimmed);
  return protocol === 'http:' || protocol === 'https:' ? undefined : `its scheme is \`${protocol}\`, not http: or https:`;
}

/** Throws when `client` is not a client, or comes with options meant for a client this package would make. */
function assertClient(check: OptionChecks, options: OpenAIModelOptions, api: OpenAIApi): void {
  const { client } = options;
  if (client === undefined) return;
  if (typeof (client as Partial<OpenAI> | null)?.chat?.completions?.create !== 'function') {
    check.fail('client', 'an `openai` client (new OpenAI(...) or new AzureOpenAI(...))', client);
  }
  if (api === 'responses' && typeof (client as Partial<OpenAI>).responses?.create !== 'function') {
    check.fail('client', "an `openai` client with the Responses API (`client.responses.create`), for `api: 'responses'`", client);
  }
  const given = CLIENT_OPTIONS.filter((name) => options[name] !== undefined);
  if (given.length > 0) {
    const names = given.map((name) => `\`${name}\``).join(', ');
    check.fail(given[0]!, 'left out when `client` is given', undefined, {
      got: `both \`client\` and ${names}: set these on the client you pass instead`,
    });
  }
}

/** An environment variable the way the SDK reads it: trimmed, and missing when empty. */
function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name]?.trim();
  return value === '' ? undefined : value;
}
