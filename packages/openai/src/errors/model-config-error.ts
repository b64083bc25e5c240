import { InvalidOptionError, LLMCompilerError, type InvalidOptionErrorFields } from '@llmcompiler/core';

const marker = 'llmcompiler.error.openai.ModelConfigError';
const symbol = Symbol.for(marker);

/**
 * `createOpenAIModel()` (or `openai()`) was given options it cannot use: no API key in the options or the
 * environment, a malformed option, or a `client` together with options meant for the client it would
 * create. Thrown when the model is created, never during a call. An {@link InvalidOptionError}: it names
 * the option, what was expected and what came; the message never contains the API key.
 *
 * @example
 * ```ts
 * openai('gpt-4o-mini'); // with OPENAI_API_KEY unset
 * // ModelConfigError: Expected `apiKey` of model `gpt-4o-mini` to be given, or the OPENAI_API_KEY environment
 * // variable set, got `undefined`: ...
 * ```
 */
export class ModelConfigError extends InvalidOptionError {
  private readonly [symbol] = true;

  constructor(fields: InvalidOptionErrorFields) {
    super(fields, 'ModelConfigError');
  }

  static override isInstance(error: unknown): error is ModelConfigError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
