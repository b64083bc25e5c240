import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.RemoteToolError';
const symbol = Symbol.for(marker);

/**
 * A tool threw on the worker that ran it (after BullMQ's attempts, if any). The message is the tool's own,
 * so the joiner sees what it would see had the tool run in process; `remoteName` is the thrown error's name.
 *
 * @example
 * ```ts
 * run.on('task-end', ({ record }) => {
 *   if (RemoteToolError.isInstance(record.error)) console.log(record.error.remoteName, record.error.jobId);
 * });
 * ```
 */
export class RemoteToolError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The tool's name. */
  readonly tool: string;
  /** The task of the call. */
  readonly taskId: number;
  /** The BullMQ job that ran the call. */
  readonly jobId: string;
  /** The `name` of the error the tool threw (`Error`, `TypeError`, ...), as the worker reported it. */
  readonly remoteName: string;

  constructor({ tool, taskId, jobId, remoteName, message }: { tool: string; taskId: number; jobId: string; remoteName: string; message: string }) {
    super('RemoteToolError', message);
    this.tool = tool;
    this.taskId = taskId;
    this.jobId = jobId;
    this.remoteName = remoteName;
  }

  static override isInstance(error: unknown): error is RemoteToolError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
