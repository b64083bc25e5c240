import { LLMCompilerError } from '@llmcompiler/core';
import { errorJson } from './error-json.js';

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
  /** The provider's error code, e.g. `rate_limit_exceeded`, when it sent one. */
  readonly code?: string | undefined;
  /** The provider's request id (`x-request-id`), for support tickets. */
  readonly requestId?: string | undefined;
  /** The `openai` SDK's error, or a copy of it without the API key. */
  readonly cause?: unknown;
}

/**
 * A model call failed at the provider: an HTTP error status after the SDK's own retries (429 and 5xx are
 * retried `maxRetries` times, honouring `retry-after`), a connection error or timeout, or an error event
 * inside the stream. `cause` holds the `openai` SDK's error (a copy of the same class, when the original would
 * show the API key anywhere). No rendering of the error (message, stack, `inspect`, JSON) contains the key.
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
  /** The provider's error code, e.g. `rate_limit_exceeded`, when it sent one. */
  readonly code: string | undefined;
  /** The provider's request id (`x-request-id`), when it sent one. */
  readonly requestId: string | undefined;

  constructor(details: ModelCallErrorDetails) {
    const status = details.status === undefined ? '' : ` with status ${details.status}`;
    const message = `Model \`${details.modelId}\` call failed${status}: ${details.providerMessage}`;
    super('ModelCallError', message, { cause: details.cause });
    this.modelId = details.modelId;
    this.status = details.status;
    this.providerMessage = details.providerMessage;
    this.code = details.code;
    this.requestId = details.requestId;
  }

  /** Its name, message, fields and cause chain (names, messages, status and codes), for JSON logs. */
  toJSON(): Record<string, unknown> {
    const { modelId, status, providerMessage, code, requestId } = this;
    return errorJson(this, { modelId, status, providerMessage, code, requestId });
  }

  static override isInstance(error: unknown): error is ModelCallError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
