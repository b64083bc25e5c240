import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.openai.ModelStreamError';
const symbol = Symbol.for(marker);

/**
 * A model's answer stream was cut off: the response ended without a finish reason, or the connection broke
 * while the answer was streaming. What streamed before it is incomplete. `cause` holds the network error,
 * when there was one. The message never contains the API key.
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

  static override isInstance(error: unknown): error is ModelStreamError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
