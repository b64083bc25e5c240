import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.openai.ModelConfigError';
const symbol = Symbol.for(marker);

/**
 * `createOpenAIModel()` (or `openai()`) was given options it cannot use: no API key in the options or the
 * environment, a malformed option, or a `client` together with options meant for the client it would
 * create. Thrown when the model is created, never during a call. The message never contains the API key.
 *
 * @example
 * ```ts
 * openai('gpt-4o-mini'); // with OPENAI_API_KEY unset
 * // ModelConfigError: Expected an API key for model `gpt-4o-mini`: pass `apiKey` to createOpenAIModel()/openai(),
 * // or set the OPENAI_API_KEY environment variable...
 * ```
 */
export class ModelConfigError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The option that is missing or wrong, e.g. `apiKey`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('ModelConfigError', message);
    this.option = option;
  }

  static override isInstance(error: unknown): error is ModelConfigError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
