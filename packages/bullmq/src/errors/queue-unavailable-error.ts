import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.QueueUnavailableError';
const symbol = Symbol.for(marker);

/**
 * A call could not be handed to the queue or followed to its end: Redis was unreachable for longer than
 * `unavailableTimeoutMs`, or the job vanished from it (Redis restarted without persistence) for a tool
 * without side effects. The call fails instead of waiting forever; whether it ran on a worker is unknown.
 */
export class QueueUnavailableError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The tool's name. */
  readonly tool: string;
  /** The task of the call. */
  readonly taskId: number;
  /** The BullMQ job of the call. */
  readonly jobId: string;
  /** The queue's name. */
  readonly queueName: string;

  constructor({ tool, taskId, jobId, queueName, detail, cause }: { tool: string; taskId: number; jobId: string; queueName: string; detail: string; cause?: unknown }) {
    super('QueueUnavailableError', `Task ${taskId}: the call of \`${tool}\` was lost on queue \`${queueName}\` (job ${jobId}): ${detail}`, { cause });
    this.tool = tool;
    this.taskId = taskId;
    this.jobId = jobId;
    this.queueName = queueName;
  }

  static override isInstance(error: unknown): error is QueueUnavailableError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
