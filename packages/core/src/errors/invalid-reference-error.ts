import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.InvalidReferenceError';
const symbol = Symbol.for(marker);

/**
 * A task references a result that cannot exist: a task that is not (yet) in the plan, the task itself, or a
 * cycle of tasks that wait for each other.
 */
export class InvalidReferenceError extends PlanError {
  private readonly [symbol] = true;

  /** The reference as written, e.g. `$3.rows`. */
  readonly reference: string;
  /** Why it is invalid. */
  readonly reason: 'unknown' | 'forward' | 'self' | 'cycle';
  /** The ids of the tasks that existed when the reference was checked. */
  readonly existingIds: readonly number[];

  constructor(
    reference: string,
    reason: 'unknown' | 'forward' | 'self' | 'cycle',
    existingIds: readonly number[],
    message: string,
    location: PlanErrorLocation = {},
  ) {
    super('InvalidReferenceError', 'invalid-reference', message, location);
    this.reference = reference;
    this.reason = reason;
    this.existingIds = existingIds;
  }
  static override isInstance(error: unknown): error is InvalidReferenceError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
