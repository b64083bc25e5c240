import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.JoinerParseError';
const symbol = Symbol.for(marker);

/**
 * The joiner's answer holds no decision: neither `Finish(...)` nor `Replan(...)` in text mode, or no
 * object with a valid `action` in JSON mode. The message quotes (the start of) what the model wrote and
 * says what was expected.
 *
 * @example
 * ```ts
 * parseJoinerOutput('I think the answer is 42.');
 * // JoinerParseError: Expected the joiner to answer with `Action: Finish(<answer>)` or
 * // `Action: Replan(<feedback>)`, got "I think the answer is 42."
 * ```
 */
export class JoinerParseError extends LLMCompilerError {
  private readonly [symbol] = true;

  /** Everything the model wrote, untruncated. */
  readonly text: string;
  /** The format the answer was read in. */
  readonly format: 'text' | 'json';

  constructor(message: string, options: { text: string; format: 'text' | 'json'; cause?: unknown }) {
    super('JoinerParseError', message, { cause: options.cause });
    this.text = options.text;
    this.format = options.format;
  }

  static override isInstance(error: unknown): error is JoinerParseError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
