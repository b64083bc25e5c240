import type { PlanError } from '../errors/plan-error.js';
import type { ArgValue } from '../graph/reference.js';
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
 * The answer a plan states in its `join`: `5. join("The difference is $3 m")` or `join($3)` in a text
 * plan, `{"tool": "join", "answer": "..."}` in a JSON plan, a `join` call with an `answer` argument as native
 * tool calls. Its references are read as in task arguments, and resolved the same way once the tasks they
 * name have finished: a whole reference gives the value, a string with references inside is interpolated.
 */
export interface PlanAnswer {
  /** The answer with its references unresolved: text, a `Reference`, a `Template`, or any value. */
  readonly value: ArgValue;
  /** Ids of the tasks it references, ascending and without repeats. */
  readonly dependencies: readonly number[];
  /** The answer as the plan wrote it. */
  readonly source: string;
}

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
      /** The answer the plan's `join` states, if it states one that can be read. */
      readonly answer: PlanAnswer | undefined;
    };

/** What a push that completed nothing returns: one shared empty list, so streaming allocates none. */
export const NO_EVENTS: readonly PlanEvent[] = Object.freeze([]);
