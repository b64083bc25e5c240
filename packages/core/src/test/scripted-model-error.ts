import { LLMCompilerError } from '../errors/llmcompiler-error.js';

const marker = 'llmcompiler.error.ScriptedModelError';
const symbol = Symbol.for(marker);

/** What kind of problem a {@link ScriptedModelError} reports. */
export type ScriptedModelErrorCode =
  /** The model was called more times than it has responses. */
  | 'out-of-responses'
  /** A scripted response (from the array, or returned by the responder function) is malformed. */
  | 'invalid-response'
  /** An option of `scriptedModel()` itself is malformed. */
  | 'invalid-options'
  /** The failure a response asked for with `failure: { type: 'throw' }` and no `error` of its own. */
  | 'scripted-failure';

/**
 * An error of a scripted model from `@llmcompiler/core/test`: a test script that does not fit the calls
 * made (`out-of-responses`), a malformed script, or the failure a response scripted on purpose.
 *
 * @example
 * ```ts
 * const model = scriptedModel({ responses: ['only one'] });
 * await collect(model.stream(request));
 * await collect(model.stream(request));
 * // ScriptedModelError: Scripted model `scripted` has 1 response but was called a 2nd time (callIndex 1)…
 * ```
 */
export class ScriptedModelError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** What kind of problem this is. */
  readonly code: ScriptedModelErrorCode;
  /** The call (from 0) the problem belongs to; `undefined` for a problem found when the model was made. */
  readonly callIndex: number | undefined;

  constructor(code: ScriptedModelErrorCode, message: string, callIndex?: number) {
    super('ScriptedModelError', message);
    this.code = code;
    this.callIndex = callIndex;
  }

  static override isInstance(error: unknown): error is ScriptedModelError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
