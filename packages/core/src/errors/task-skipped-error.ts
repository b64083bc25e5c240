import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.TaskSkippedError';
const symbol = Symbol.for(marker);

/** Why a task was skipped, with what the message needs to say so. */
export type TaskSkippedErrorFields =
  /** A task it depends on did not succeed. */
  | { readonly taskId: number; readonly reason: 'dependency-failed'; readonly dependencyId: number; readonly dependencyOutcome: string }
  /** Its tool has side effects and the plan did not end cleanly. */
  | { readonly taskId: number; readonly reason: 'plan-incomplete'; readonly tool: string };

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

  constructor(fields: TaskSkippedErrorFields) {
    const { taskId } = fields;
    super(
      'TaskSkippedError',
      fields.reason === 'dependency-failed'
        ? `Task ${taskId} was skipped: task ${fields.dependencyId}, which it depends on, ended with \`${fields.dependencyOutcome}\``
        : `Task ${taskId} was not run: \`${fields.tool}\` has side effects and the plan did not end cleanly with join()`,
    );
    this.taskId = taskId;
    this.reason = fields.reason;
    this.dependencyId = fields.reason === 'dependency-failed' ? fields.dependencyId : undefined;
  }

  static override isInstance(error: unknown): error is TaskSkippedError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
