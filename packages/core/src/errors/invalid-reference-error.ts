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
  /** The ids of the tasks that existed when the reference was checked; a long list may hold only the first. */
  readonly existingIds: readonly number[];
  /** How many tasks existed, when `existingIds` lists only some of them. @default existingIds.length */
  readonly existingCount?: number | undefined;
  /** For `cycle`: the ids around the cycle, starting with `taskId`; a long cycle may be given in part. */
  readonly cycle?: readonly number[] | undefined;
  /** For `cycle`: how many tasks it holds, when `cycle` gives only the first of them. @default cycle.length */
  readonly cycleLength?: number | undefined;
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
  /**
   * The ids of the tasks that existed when the reference was checked, ascending. A plan of many tasks lists
   * only the first of them here; {@link existingCount} counts them all.
   */
  readonly existingIds: readonly number[];
  /** How many tasks existed when the reference was checked. */
  readonly existingCount: number;

  constructor(fields: InvalidReferenceErrorFields) {
    super('InvalidReferenceError', 'invalid-reference', describe(fields), { taskId: fields.taskId, line: fields.line });
    this.reference = fields.reference;
    this.reason = fields.reason;
    this.existingIds = fields.existingIds;
    this.existingCount = Math.max(fields.existingCount ?? 0, fields.existingIds.length);
  }
  static override isInstance(error: unknown): error is InvalidReferenceError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}

function describe({ taskId, reference, referencedId, reason, existingIds, existingCount, cycle, cycleLength }: InvalidReferenceErrorFields): string {
  switch (reason) {
    case 'self':
      return `Task ${taskId} references its own result \`${reference}\`; a task may reference only earlier tasks`;
    case 'forward':
      return `Task ${taskId} references \`${reference}\`, a task that comes after it; a task may reference only earlier tasks (existing: ${listIds(existingIds, existingCount)})`;
    case 'cycle': {
      const shown = cycle ?? [taskId];
      const length = Math.max(cycleLength ?? 0, shown.length);
      const around = length > shown.length ? `${shown.join(' → ')} → … (${length - shown.length} more) → ${taskId}` : [...shown, taskId].join(' → ');
      return `Task ${taskId} is part of a cycle${length > shown.length ? ` of ${length} tasks` : ''}: ${around}; each waits for the next, so none can run`;
    }
    default:
      return `Task ${taskId} references \`${reference}\`, but there is no task ${referencedId} (existing: ${listIds(existingIds, existingCount)})`;
  }
}

/** `1, 2, 3 and 40 more`: the first ids, and how many others there are (`count` in all). */
function listIds(ids: readonly number[], count: number | undefined): string {
  const total = Math.max(count ?? 0, ids.length);
  if (total === ids.length) return listNames(ids);
  if (ids.length === 0) return `${total} tasks`;
  const shown = ids.slice(0, 12);
  return `${shown.join(', ')} and ${total - shown.length} more`;
}
