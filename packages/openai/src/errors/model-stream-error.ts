import { LLMCompilerError } from '@llmcompiler/core';
import { errorJson } from './error-json.js';

const marker = 'llmcompiler.error.openai.ModelStreamError';
const symbol = Symbol.for(marker);

/**
 * A model's answer stream was cut off: the response ended without a finish reason, or the connection broke
 * while the answer was streaming. What streamed before it is incomplete. `cause` holds the network error,
 * when there was one (a copy without the API key, should it show one). No rendering of the error contains the key.
 *
 * @example
 * ```ts
 * try {
 *   for await (const part of model.stream(request)) handle(part);
 * } catch (error) {
 *   if (ModelStreamError.isInstance(error)) retryLater(error.modelId);
 *   else throw error;
 * }
 * ```
 */
export class ModelStreamError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The model whose stream was cut off. */
  readonly modelId: string;

  constructor(modelId: string, detail: string, options?: { cause?: unknown }) {
    super('ModelStreamError', `Model \`${modelId}\` stream was cut off before it finished: ${detail}`, options);
    this.modelId = modelId;
  }

  /** Its name, message, fields and cause chain (names, messages, status and codes), for JSON logs. */
  toJSON(): Record<string, unknown> {
    return errorJson(this, { modelId: this.modelId });
  }

  static override isInstance(error: unknown): error is ModelStreamError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
