import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ApprovalRejectedError';
const symbol = Symbol.for(marker);

/** A task whose tool needs approval was not approved; this error is its observation. The tool never ran. */
export class ApprovalRejectedError extends LLMCompilerError {
  private readonly [symbol] = true;
  readonly tool: string;
  readonly taskId: number;

  /** `reason`: why, when the callback did not decide (no approval callback was given). */
  constructor({ tool, taskId, reason }: { tool: string; taskId: number; reason?: string | undefined }) {
    super('ApprovalRejectedError', `Task ${taskId}: the call to \`${tool}\` was not approved${reason === undefined ? '' : `: ${reason}`}`);
    this.tool = tool;
    this.taskId = taskId;
  }

  static override isInstance(error: unknown): error is ApprovalRejectedError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
