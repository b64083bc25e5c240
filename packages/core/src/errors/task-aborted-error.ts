import { describeError } from '../util/describe-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.TaskAbortedError';
const symbol = Symbol.for(marker);

/** A task stopped (or never started) because its run was aborted. `cause` holds the abort reason. */
export class TaskAbortedError extends LLMCompilerError {
  private readonly [symbol] = true;
  readonly taskId: number;

  constructor({ taskId, reason }: { taskId: number; reason: unknown }) {
    super('TaskAbortedError', `Task ${taskId} was aborted: ${describeError(reason)}`, { cause: reason });
    this.taskId = taskId;
  }

  static override isInstance(error: unknown): error is TaskAbortedError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
