import type { PlanError } from '../errors/plan-error.js';
import type { Task } from '../graph/task.js';
import type { PlanWarning } from './plan-warning.js';

/** How a plan ended. */
export type PlanEndReason =
  /** `join()` was reached: the plan is complete. */
  | 'join'
  /** `<END_OF_PLAN>` was reached without `join()`. */
  | 'end-of-plan'
  /** The text ran out before either (a cut stream, a missing `join()`). */
  | 'eof';

/**
 * What a streaming plan parser reports, in order. A `task` event comes the moment the task is complete
 * (its closing parenthesis or JSON brace has arrived) and every task it references has come before it.
 */
export type PlanEvent =
  | { readonly type: 'task'; readonly task: Task }
  | { readonly type: 'warning'; readonly warning: PlanWarning }
  /** An error that belongs to no task in the plan (e.g. a repeated id); task errors ride on `task.error`. */
  | { readonly type: 'error'; readonly error: PlanError }
  | {
      readonly type: 'end';
      readonly reason: PlanEndReason;
      /** `Thought:` lines after the last task: the planner's last thought, for the joiner. */
      readonly thought: string | undefined;
    };

/** What a push that completed nothing returns: one shared empty list, so streaming allocates none. */
export const NO_EVENTS: readonly PlanEvent[] = Object.freeze([]);
