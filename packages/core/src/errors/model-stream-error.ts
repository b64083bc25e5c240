import { LLMCompilerError } from './llmcompiler-error.js';
import { errorJson } from './error-json.js';

// The marker it had in @llmcompiler/openai 0.1.0, kept so that errors of either copy are recognised.
const marker = 'llmcompiler.error.openai.ModelStreamError';
const symbol = Symbol.for(marker);

/**
 * A model's answer stream was cut off: the response ended without a finish reason, or the connection broke
 * while the answer was streaming. Thrown by the model adapters (`@llmcompiler/openai`, `@llmcompiler/ai-sdk`). What streamed before it is incomplete. `cause` holds the network error,
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
