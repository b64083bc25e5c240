import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.TooManyTasksError';
const symbol = Symbol.for(marker);

/** The fields of a {@link TooManyTasksError}. */
export interface TooManyTasksErrorFields extends PlanErrorLocation {
  /** The limit. */
  readonly maxTasksPerPlan: number;
  /** How many tasks came past it. */
  readonly dropped: number;
}

/**
 * A plan held more tasks than `maxTasksPerPlan` allows. The tasks past the limit were counted, not parsed,
 * kept or run; one error reports them all, with the first of them as `taskId` and `line`.
 */
export class TooManyTasksError extends PlanError {
  private readonly [symbol] = true;
  /** The limit. */
  readonly maxTasksPerPlan: number;
  /** How many tasks came past it. */
  readonly dropped: number;

  constructor({ maxTasksPerPlan, dropped, ...location }: TooManyTasksErrorFields) {
    const first = location.taskId === undefined ? '' : ` (from task ${location.taskId} on)`;
    super(
      'TooManyTasksError',
      'too-many-tasks',
      `${dropped} ${dropped === 1 ? 'task was' : 'tasks were'} not run${first}: a plan may hold at most ${maxTasksPerPlan} tasks (maxTasksPerPlan)`,
      location,
    );
    this.maxTasksPerPlan = maxTasksPerPlan;
    this.dropped = dropped;
  }
  static override isInstance(error: unknown): error is TooManyTasksError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
