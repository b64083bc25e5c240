import { quoteForError } from '../util/quote-for-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.JoinerParseError';
const symbol = Symbol.for(marker);

const EXPECTED = {
  text: '`Action: Finish(<answer>)` or `Action: Replan(<feedback>)`',
  json: '`{"thought": "...", "action": "finish", "answer": "..."}` or `{"thought": "...", "action": "replan", "feedback": "..."}`',
} as const;

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

  /** `got`: what came, when more precise than the quoted text (`` got `action` `"stop"` (string) in "..." ``). */
  constructor({ text, format, got, cause }: { text: string; format: 'text' | 'json'; got?: string | undefined; cause?: unknown }) {
    super('JoinerParseError', `Expected the joiner to answer with ${EXPECTED[format]}, ${got ?? `got ${quoteForError(text)}`}`, { cause });
    this.text = text;
    this.format = format;
  }

  static override isInstance(error: unknown): error is JoinerParseError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
