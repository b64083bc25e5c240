import { ModelStreamError, type FinishReason, type LanguageModel, type ModelRequest, type ModelStreamPart, type TokenUsage } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import { APICallError } from 'ai';
import {
  SUPPORTED_SPECIFICATIONS,
  type AISDKCallOptions,
  type AISDKFinishReason,
  type AISDKLanguageModel,
  type AISDKStreamPart,
  type AISDKUsage,
} from './ai-sdk-model-types.js';
import { toCallOptions } from './to-call-options.js';
import { toCallError, toStreamError, toStreamPartError, type ModelErrorContext } from './to-model-error.js';

/** Options of {@link fromAISDKModel}. */
export interface FromAISDKModelOptions {
  /**
   * The model's name in events and logs.
   *
   * @default the model's `modelId`, e.g. `gpt-4o-mini`
   */
  readonly modelId?: string | undefined;
  /**
   * Provider options for every call, by provider name, as `streamText` takes them. They are merged over the
   * default, which turns on Anthropic's fine-grained tool streaming (`{ anthropic: { toolStreaming: true } }`)
   * so that tool-call plans stream their arguments and each task starts while the plan is still written.
   *
   * @default { anthropic: { toolStreaming: true } }
   * @example
   * ```ts
   * fromAISDKModel(openai('gpt-4o-mini'), { providerOptions: { openai: { parallelToolCalls: true } } })
   * ```
   */
  readonly providerOptions?: Readonly<Record<string, Record<string, unknown>>> | undefined;
  /**
   * How many times a call that failed before its answer started streaming is tried again, when the AI SDK
   * marks the error retryable (429, 408, 409, 5xx, a failed connection), as `streamText` does: after the
   * `retry-after` (or `retry-after-ms`) header the provider sent, when it sent one of at most a minute, else
   * after 2, 4, 8... seconds; never when the response said `x-should-retry: false`. The wait ends at once
   * when the request is aborted.
   *
   * @default 2
   */
  readonly maxRetries?: number | undefined;
  /**
   * Secrets (API keys) to remove from errors: their message, cause, `inspect` and JSON show `[redacted]` in
   * their place. The AI SDK's errors carry the request body and the response, not the request headers, so a
   * key shows up only when the server echoes it back; list the keys the provider was created with to be sure.
   *
   * @default []
   */
  readonly secrets?: readonly string[] | undefined;
}

const DEFAULT_PROVIDER_OPTIONS = { anthropic: { toolStreaming: true } };
const INITIAL_RETRY_DELAY_MS = 2_000;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Turns an AI SDK language model, of specification version `v3` (`ai` 6) or `v4` (`ai` 7), into the
 * `LanguageModel` that llmcompiler's planner and joiner stream from: `openai('gpt-4o-mini')`,
 * `anthropic('claude-sonnet-4-5')`, `google(...)`, `createOpenAICompatible(...)(...)`, a `wrapLanguageModel`
 * result, or `MockLanguageModelV3` in tests.
 *
 * - Each call is one `model.doStream()` with the request's messages, tools (and tool choice), response
 *   format (JSON with its schema), stop sequences, temperature, token limit and abort signal.
 * - `text-delta` parts become `text-delta` parts. A tool call streams as `tool-call-delta` parts: its name
 *   and id from `tool-input-start`, then each `tool-input-delta`, so that a task of a tool-call plan is
 *   dispatched while later calls are still written; the final `tool-call` part adds its input only when no
 *   delta carried it (providers that do not stream tool inputs). Calls the provider ran itself are skipped.
 * - `finish` carries the reason (`error` becomes `'other'`) and the token usage. A stream that ends without
 *   a finish reason from the provider (the connection closed mid-answer; `interrupted` in specification v4)
 *   throws a `ModelStreamError`.
 * - An `APICallError` (HTTP error status, failed connection) is retried while it is retryable (`maxRetries`),
 *   then thrown as a `ModelCallError` with the status, the provider's message and code, the request id and
 *   the URL; an `error` part of the stream throws a `ModelCallError` without status. The original is the
 *   `cause`, with `secrets` removed.
 * - Aborting the request's signal ends the stream by throwing the signal's reason.
 *
 * @example
 * ```ts
 * import { anthropic } from '@ai-sdk/anthropic';
 *
 * const compiler = createCompiler({
 *   model: fromAISDKModel(anthropic('claude-sonnet-4-5')),
 *   tools,
 *   planner: { format: 'tool-calls' },
 * });
 * ```
 *
 * @throws {InvalidOptionError} when `model` is not an AI SDK language model of a supported specification
 *   version (a model id string needs its provider: `openai('gpt-4o-mini')`), or an option is wrong.
 */
export function fromAISDKModel(model: AISDKLanguageModel, options: FromAISDKModelOptions = {}): LanguageModel {
  const check = optionChecks();
  if (model === null || typeof model !== 'object' || typeof (model as Partial<AISDKLanguageModel>).doStream !== 'function') {
    check.fail('model', 'an AI SDK language model (with `doStream`), e.g. `openai("gpt-4o-mini")`', model);
  }
  const version = model.specificationVersion;
  if (!(SUPPORTED_SPECIFICATIONS as readonly string[]).includes(version)) {
    check.fail('model', `an AI SDK language model of specification version ${SUPPORTED_SPECIFICATIONS.join(' or ')} (ai 6 or 7)`, model, {
      got: `\`${String(version)}\` (model \`${String(model.modelId)}\` of provider \`${String(model.provider)}\`)`,
    });
  }
  check.object('options', options);
  check.keys('', options as Record<string, unknown>, ['modelId', 'providerOptions', 'maxRetries', 'secrets']);
  if (options.modelId !== undefined) check.string('modelId', options.modelId, true);
  if (options.providerOptions !== undefined) check.object('providerOptions', options.providerOptions);
  const maxRetries = options.maxRetries === undefined ? 2 : check.integer('maxRetries', options.maxRetries, 0);
  const secrets = options.secrets ?? [];
  if (!Array.isArray(secrets) || !secrets.every((secret) => typeof secret === 'string')) {
    check.fail('secrets', 'an array of strings', secrets);
  }
  const providerOptions = mergeProviderOptions(DEFAULT_PROVIDER_OPTIONS, options.providerOptions);
  const modelId = options.modelId ?? model.modelId;
  return {
    modelId,
    stream: (request) => streamModel({ model, request, modelId, providerOptions, maxRetries, secrets }),
  };
}

interface StreamSettings {
  readonly model: AISDKLanguageModel;
  readonly request: ModelRequest;
  readonly modelId: string;
  readonly providerOptions: Record<string, Record<string, unknown>>;
  readonly maxRetries: number;
  readonly secrets: readonly string[];
}

async function* streamModel(settings: StreamSettings): AsyncGenerator<ModelStreamPart, void, undefined> {
  const { model, request, modelId } = settings;
  const { signal } = request;
  signal?.throwIfAborted();
  const callOptions = toCallOptions(request, settings.providerOptions);
  let retries = 0;
  const context = (): ModelErrorContext => ({ modelId, signal, secrets: settings.secrets, retries });

  let stream: ReadableStream<unknown>;
  while (true) {
    try {
      ({ stream } = await (model.doStream as (options: AISDKCallOptions) => PromiseLike<{ stream: ReadableStream<unknown> }>).call(
        model,
        callOptions,
      ));
      break;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!(isRetryable(error) && retries < settings.maxRetries)) throw toCallError(error, context());
      await delay(retryDelay(error, retries), signal);
      retries++;
    }
  }

  const reader = stream.getReader();
  const calls = new ToolCalls();
  let finish: Extract<ModelStreamPart, { type: 'finish' }> | undefined;
  let done = false;
  try {
    while (true) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await readUnlessAborted(reader, signal);
      } catch (error) {
        done = true;
        throw toStreamError(error, context());
      }
      if (result.done) break;
      const part = result.value as AISDKStreamPart;
      switch (part.type) {
        case 'text-delta':
          if (part.delta !== '') yield { type: 'text-delta', text: part.delta };
          break;
        case 'tool-input-start':
        case 'tool-input-delta':
        case 'tool-call': {
          const delta = calls.read(part);
          if (delta !== undefined) yield delta;
          break;
        }
        case 'finish': {
          const reason = toFinishReason(part.finishReason);
          if (reason === undefined) {
            done = true;
            throw new ModelStreamError(modelId, 'the response ended without a finish reason from the provider');
          }
          finish = { type: 'finish', reason, usage: toTokenUsage(part.usage) };
          break;
        }
        case 'error':
          done = true;
          throw toStreamPartError(part.error, context());
        default:
          break;
      }
    }
    done = true;
  } finally {
    // The consumer stopped early (`break`), or an error part ended the answer: cancelling the stream aborts
    // the HTTP response.
    if (!done || finish === undefined) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  // Providers end their stream quietly when the request is aborted; the caller expects the abort reason.
  signal?.throwIfAborted();
  if (finish === undefined) throw new ModelStreamError(modelId, 'the stream ended without a finish part');
  yield finish;
}

/**
 * The tool calls of one answer, by the provider's id: each gets its index in the answer when it starts, and
 * whether any delta carried its input, so that the closing `tool-call` part does not repeat it.
 */
class ToolCalls {
  readonly #calls = new Map<string, { index: number; streamed: boolean }>();

  read(part: Extract<AISDKStreamPart, { type: 'tool-input-start' | 'tool-input-delta' | 'tool-call' }>): ModelStreamPart | undefined {
    if (part.type === 'tool-input-start') {
      if (part.providerExecuted === true || this.#calls.has(part.id)) return undefined;
      const index = this.#calls.size;
      this.#calls.set(part.id, { index, streamed: false });
      return { type: 'tool-call-delta', index, id: part.id, name: part.toolName };
    }
    if (part.type === 'tool-input-delta') {
      const call = this.#calls.get(part.id);
      if (call === undefined || part.delta === '') return undefined;
      call.streamed = true;
      return { type: 'tool-call-delta', index: call.index, arguments: part.delta };
    }
    if (part.providerExecuted === true) return undefined;
    const call = this.#calls.get(part.toolCallId);
    if (call === undefined) {
      // A provider that does not stream tool inputs: the whole call in one part.
      const index = this.#calls.size;
      this.#calls.set(part.toolCallId, { index, streamed: true });
      return { type: 'tool-call-delta', index, id: part.toolCallId, name: part.toolName, arguments: part.input };
    }
    if (call.streamed || part.input === '') return undefined;
    call.streamed = true;
    return { type: 'tool-call-delta', index: call.index, arguments: part.input };
  }
}

/**
 * Our finish reason for the specification's (`{ unified, raw }`, or a string in older versions), or
 * `undefined` when the provider gave none: its stream ended before the provider's own finish event.
 */
function toFinishReason(reason: AISDKFinishReason | string): FinishReason | undefined {
  const unified = typeof reason === 'string' ? reason : reason.unified;
  const raw = typeof reason === 'string' ? reason : reason.raw;
  switch (unified) {
    case 'stop':
    case 'length':
    case 'tool-calls':
    case 'content-filter':
      return unified;
    case 'other':
    case 'unknown':
      return raw === undefined || raw === 'unknown' ? undefined : 'other';
    // Specification v4's word for a stream that ended before the provider's finish event.
    case 'interrupted':
      return undefined;
    default:
      return 'other';
  }
}

function toTokenUsage(usage: AISDKUsage | undefined): TokenUsage | undefined {
  if (usage === undefined) return undefined;
  const total = (count: AISDKUsage['inputTokens']) => (typeof count === 'number' ? count : count?.total);
  const promptTokens = total(usage.inputTokens);
  const completionTokens = total(usage.outputTokens);
  if (promptTokens === undefined && completionTokens === undefined) return undefined;
  return {
    promptTokens: promptTokens ?? 0,
    completionTokens: completionTokens ?? 0,
    totalTokens: (promptTokens ?? 0) + (completionTokens ?? 0),
  };
}

function mergeProviderOptions(
  base: Readonly<Record<string, Record<string, unknown>>>,
  override: Readonly<Record<string, Record<string, unknown>>> | undefined,
): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = { ...base };
  for (const [provider, values] of Object.entries(override ?? {})) merged[provider] = { ...merged[provider], ...values };
  return merged;
}

/**
 * Whether a failed call may be tried again: an `APICallError` the AI SDK marks retryable, unless the server
 * said not to (`x-should-retry: false`, which the OpenAI and Anthropic SDKs honour too).
 */
function isRetryable(error: unknown): error is APICallError {
  return APICallError.isInstance(error) && error.isRetryable && error.responseHeaders?.['x-should-retry'] !== 'false';
}

/** The wait before retry number `retries + 1`: the provider's `retry-after`, else exponential from 2 s. */
function retryDelay(error: APICallError, retries: number): number {
  const headers = error.responseHeaders ?? {};
  const afterMs = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(afterMs) && afterMs >= 0 && afterMs <= MAX_RETRY_AFTER_MS) return afterMs;
  const afterSeconds = Number.parseFloat(headers['retry-after'] ?? '');
  if (Number.isFinite(afterSeconds) && afterSeconds >= 0 && afterSeconds * 1000 <= MAX_RETRY_AFTER_MS) return afterSeconds * 1000;
  return INITIAL_RETRY_DELAY_MS * 2 ** retries;
}

/**
 * The next part of the stream, or the signal's reason once it aborts: a provider (or middleware) that does
 * not pass the signal on to its stream must not keep the call open. The stream is then cancelled.
 */
function readUnlessAborted<T>(reader: ReadableStreamDefaultReader<T>, signal: AbortSignal | undefined): ReturnType<ReadableStreamDefaultReader<T>['read']> {
  if (signal === undefined) return reader.read();
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    reader.read().then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
