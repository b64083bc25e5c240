import { listNames } from '../util/describe-value.js';
import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.InvalidReferenceError';
const symbol = Symbol.for(marker);

/** Why a reference is invalid. */
export type InvalidReferenceReason = 'unknown' | 'forward' | 'self' | 'cycle';

/** The fields of an {@link InvalidReferenceError}. */
export interface InvalidReferenceErrorFields extends PlanErrorLocation {
  /** The task that holds the reference. */
  readonly taskId: number;
  /** The reference as written, e.g. `$3.rows`. */
  readonly reference: string;
  /** The id it names (`3` for `$3.rows`). */
  readonly referencedId: number;
  readonly reason: InvalidReferenceReason;
  /** The ids of the tasks that existed when the reference was checked. */
  readonly existingIds: readonly number[];
  /** For `cycle`: the ids around the cycle, starting with `taskId`. */
  readonly cycle?: readonly number[] | undefined;
}

/**
 * A task references a result that cannot exist: a task that is not (yet) in the plan, the task itself, or a
 * cycle of tasks that wait for each other.
 */
export class InvalidReferenceError extends PlanError {
  private readonly [symbol] = true;

  /** The reference as written, e.g. `$3.rows`. */
  readonly reference: string;
  /** Why it is invalid. */
  readonly reason: InvalidReferenceReason;
  /** The ids of the tasks that existed when the reference was checked. */
  readonly existingIds: readonly number[];

  constructor(fields: InvalidReferenceErrorFields) {
    super('InvalidReferenceError', 'invalid-reference', describe(fields), { taskId: fields.taskId, line: fields.line });
    this.reference = fields.reference;
    this.reason = fields.reason;
    this.existingIds = fields.existingIds;
  }
  static override isInstance(error: unknown): error is InvalidReferenceError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}

function describe({ taskId, reference, referencedId, reason, existingIds, cycle }: InvalidReferenceErrorFields): string {
  switch (reason) {
    case 'self':
      return `Task ${taskId} references its own result \`${reference}\`; a task may reference only earlier tasks`;
    case 'forward':
      return `Task ${taskId} references \`${reference}\`, a task that comes after it; a task may reference only earlier tasks (existing: ${listNames(existingIds)})`;
    case 'cycle':
      return `Task ${taskId} is part of a cycle: ${[...(cycle ?? [taskId]), taskId].join(' → ')}; each waits for the next, so none can run`;
    default:
      return `Task ${taskId} references \`${reference}\`, but there is no task ${referencedId} (existing: ${listNames(existingIds)})`;
  }
}
