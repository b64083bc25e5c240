import { describeValue } from '../util/describe-value.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.InvalidOptionError';
const symbol = Symbol.for(marker);

/** The fields of an {@link InvalidOptionError}. */
export interface InvalidOptionErrorFields {
  /** The option as the user wrote it, with its path: `concurrency`, `planner.format`, `retry.attempts`. */
  readonly option: string;
  /** What the option must be, in words: `an integer from 1 and up, or Infinity`. */
  readonly expected: string;
  /** The value that came. */
  readonly received: unknown;
  /**
   * How the message describes what came, instead of describing `received`: for a value that must not be
   * shown, such as a malformed API key (`an empty string`).
   */
  readonly got?: string | undefined;
  /** Whose option it is, when not the call's own: ``tool `search` ``. */
  readonly owner?: string | undefined;
  /** Why the value does not fit, when `expected` alone does not say (e.g. a schema conversion's error). */
  readonly reason?: string | undefined;
  readonly cause?: unknown;
}

/**
 * An option has the wrong type or is out of range. Thrown where the option is given (`createCompiler`,
 * `tool()`, a model adapter), never during a run; the message says which option, what was expected and
 * what came, as in `` Expected `concurrency` to be an integer from 1 and up, or Infinity, got `0` (number) ``.
 *
 * @example
 * ```ts
 * try {
 *   createCompiler({ model, tools, eager: 'sometimes' as never });
 * } catch (error) {
 *   if (InvalidOptionError.isInstance(error)) console.error(error.option, error.expected); // 'eager', "one of 'safe', 'all', 'none'"
 * }
 * ```
 */
export class InvalidOptionError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The option, with its path (`planner.format`). */
  readonly option: string;
  /** What the option must be, in words. */
  readonly expected: string;
  /** The value that came. */
  readonly received: unknown;

  constructor(fields: InvalidOptionErrorFields, name = 'InvalidOptionError') {
    const owner = fields.owner === undefined ? '' : ` of ${fields.owner}`;
    const reason = fields.reason === undefined ? '' : `: ${fields.reason}`;
    const got = fields.got ?? describeValue(fields.received);
    super(name, `Expected \`${fields.option}\`${owner} to be ${fields.expected}, got ${got}${reason}`, {
      cause: fields.cause,
    });
    this.option = fields.option;
    this.expected = fields.expected;
    this.received = fields.received;
  }

  static override isInstance(error: unknown): error is InvalidOptionError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
