import { PlanError, type PlanErrorLocation } from './plan-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.TooManyTasksError';
const symbol = Symbol.for(marker);

/** A plan held more tasks than `maxTasksPerPlan` allows: the tasks past the limit are not run. */
export class TooManyTasksError extends PlanError {
  private readonly [symbol] = true;
  /** The limit. */
  readonly maxTasksPerPlan: number;

  constructor({ maxTasksPerPlan, ...location }: PlanErrorLocation & { maxTasksPerPlan: number }) {
    super(
      'TooManyTasksError',
      'too-many-tasks',
      `Task ${location.taskId ?? '?'} was not run: a plan may hold at most ${maxTasksPerPlan} tasks (maxTasksPerPlan)`,
      location,
    );
    this.maxTasksPerPlan = maxTasksPerPlan;
  }
  static override isInstance(error: unknown): error is TooManyTasksError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
