import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.TaskSkippedError';
const symbol = Symbol.for(marker);

/**
 * A task that never ran: a task it depends on did not succeed, or its tool has side effects and the plan did
 * not end cleanly. The message says which.
 */
export class TaskSkippedError extends LLMCompilerError {
  private readonly [symbol] = true;
  readonly taskId: number;
  /** Why it was skipped. */
  readonly reason: 'dependency-failed' | 'plan-incomplete';
  /** For `dependency-failed`: the dependency that did not succeed. */
  readonly dependencyId: number | undefined;

  constructor(taskId: number, reason: 'dependency-failed' | 'plan-incomplete', message: string, dependencyId?: number) {
    super('TaskSkippedError', message);
    this.taskId = taskId;
    this.reason = reason;
    this.dependencyId = dependencyId;
  }

  static override isInstance(error: unknown): error is TaskSkippedError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
