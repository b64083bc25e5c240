import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ToolTimeoutError';
const symbol = Symbol.for(marker);

/** A tool call ran past its `timeoutMs`. The call is aborted through its signal and the attempt fails. */
export class ToolTimeoutError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The tool's name. */
  readonly tool: string;
  /** The task whose call timed out. */
  readonly taskId: number;
  /** The limit that was exceeded. */
  readonly timeoutMs: number;

  constructor({ tool, taskId, timeoutMs }: { tool: string; taskId: number; timeoutMs: number }) {
    super('ToolTimeoutError', `Task ${taskId}: tool \`${tool}\` did not finish within its timeout of ${timeoutMs} ms`);
    this.tool = tool;
    this.taskId = taskId;
    this.timeoutMs = timeoutMs;
  }

  static override isInstance(error: unknown): error is ToolTimeoutError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
