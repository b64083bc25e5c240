import { LLMCompilerError } from './llmcompiler-error.js';
import { errorJson } from './error-json.js';

// The marker it had in @llmcompiler/openai 0.1.0, kept so that errors of either copy are recognised.
const marker = 'llmcompiler.error.openai.ModelCallError';
const symbol = Symbol.for(marker);

/** What a {@link ModelCallError} is made from. */
export interface ModelCallErrorDetails {
  /** The model that was called. */
  readonly modelId: string;
  /**
   * The HTTP status of the final failed attempt; `undefined` when no response came (connection error,
   * timeout) or the error arrived inside the stream.
   */
  readonly status: number | undefined;
  /** What the provider said, with the API key removed. */
  readonly providerMessage: string;
  /** The provider's error code, e.g. `rate_limit_exceeded`, or without a response the network error's (`ECONNREFUSED`). */
  readonly code?: string | undefined;
  /** The provider's request id (`x-request-id`, `request-id`), for support tickets. */
  readonly requestId?: string | undefined;
  /** The provider SDK's error (the `openai` SDK's, the AI SDK's `APICallError`...), or a copy of it without the API key. */
  readonly cause?: unknown;
  /** The URL the request went to, without query or credentials, e.g. `http://127.0.0.1:8080/v1/chat/completions`. */
  readonly url?: string | undefined;
  /** When no response came at all: why, and how many times the SDK retried. The message then names the URL. */
  readonly noResponse?: NoResponse | undefined;
}

/** Why a call got no response, for the message of a {@link ModelCallError}. */
export interface NoResponse {
  /** `'connection'`: the connection failed or broke; `'timeout'`: no response within `timeoutMs`. */
  readonly kind: 'connection' | 'timeout';
  /** The network error's code (`ECONNREFUSED`), else its message. */
  readonly reason: string;
  /** How many times the SDK retried before giving up (its `maxRetries`). */
  readonly retries: number;
  /** The SDK's `timeout` per attempt, in milliseconds. */
  readonly timeoutMs?: number | undefined;
}

/**
 * A model call failed at the provider: an HTTP error status after the SDK's own retries (429 and 5xx are
 * retried `maxRetries` times, honouring `retry-after`), a connection error or timeout, or an error event
 * inside the stream. Thrown by the model adapters (`@llmcompiler/openai`, `@llmcompiler/ai-sdk`), so that
 * one `catch` handles every provider. Without a response the message names the URL, the network error and
 * the retries (`Could not connect to http://127.0.0.1:9/v1/chat/completions: ECONNREFUSED (after 2 retries)`),
 * and `cause` keeps the whole chain (the SDK's error, `fetch failed`, the socket's error). `cause` holds the
 * provider SDK's error (a copy of the same class, when the original would show the API key anywhere). No
 * rendering of the error (message, stack, `inspect`, JSON) contains the key.
 *
 * @example
 * ```ts
 * try {
 *   for await (const part of model.stream(request)) console.log(part);
 * } catch (error) {
 *   if (!ModelCallError.isInstance(error)) throw error;
 *   console.error(error.status, error.providerMessage); // 429 'Rate limit reached for gpt-4o-mini...'
 * }
 * ```
 */
export class ModelCallError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The model that was called. */
  readonly modelId: string;
  /** The HTTP status of the final failed attempt; `undefined` without a response, or for an in-stream error. */
  readonly status: number | undefined;
  /** What the provider said (or the SDK, when no response came), with the API key removed. */
  readonly providerMessage: string;
  /** The provider's error code, e.g. `rate_limit_exceeded`, or without a response the network error's (`ECONNREFUSED`). */
  readonly code: string | undefined;
  /** The provider's request id (`x-request-id`), when it sent one. */
  readonly requestId: string | undefined;
  /** The URL the request went to, without query or credentials, when known. */
  readonly url: string | undefined;
  /** How many times the SDK retried a call that got no response; `undefined` when a response came. */
  readonly retries: number | undefined;

  constructor(details: ModelCallErrorDetails) {
    super('ModelCallError', callErrorMessage(details), { cause: details.cause });
    this.modelId = details.modelId;
    this.status = details.status;
    this.providerMessage = details.providerMessage;
    this.code = details.code;
    this.requestId = details.requestId;
    this.url = details.url;
    this.retries = details.noResponse?.retries;
  }

  /** Its name, message, fields and cause chain (names, messages, status and codes), for JSON logs. */
  toJSON(): Record<string, unknown> {
    const { modelId, status, providerMessage, code, requestId, url, retries } = this;
    return errorJson(this, { modelId, status, providerMessage, code, requestId, url, retries });
  }

  static override isInstance(error: unknown): error is ModelCallError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}

function callErrorMessage({ modelId, status, providerMessage, url, noResponse }: ModelCallErrorDetails): string {
  if (noResponse === undefined) {
    return `Model \`${modelId}\` call failed${status === undefined ? '' : ` with status ${status}`}: ${providerMessage}`;
  }
  const { kind, reason, retries, timeoutMs } = noResponse;
  const where = url ?? `the endpoint of model \`${modelId}\``;
  const tries = retries === 0 ? 'no retries' : `after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
  if (kind === 'timeout') return `No response from ${where} within ${timeoutMs === undefined ? 'the timeout' : `${timeoutMs} ms`} (${tries})`;
  return `Could not connect to ${where}: ${reason} (${tries})`;
}
