import type { ObservedTask } from '../joiner/observed-task.js';

/**
 * One earlier round of a run, shown to the planner when it plans again: the tasks that ran with their
 * observations, and why the joiner asked for a new plan.
 *
 * @example
 * ```ts
 * const round: PlanRound = {
 *   tasks: [{ id: 1, tool: 'search', source: 'search("Mariana Trench")', observation: 'No results.', failed: true }],
 *   feedback: 'The search found nothing; try the trench\'s other name.',
 * };
 * ```
 */
export interface PlanRound {
  /** The round's tasks, with their observations already made text (see `formatObservation`). */
  readonly tasks: readonly ObservedTask[];
  /** The joiner's reason to plan again. */
  readonly feedback?: string | undefined;
  /** The planner's last thought in that round (after its last task), if any. */
  readonly thought?: string | undefined;
}
