import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.EffectUnknownError';
const symbol = Symbol.for(marker);

/** Why a call's effect is unknown. */
export type EffectUnknownReason =
  /** The worker running the call stopped (killed, crashed, or lost its lock), and the job was taken over. */
  | 'worker-lost'
  /** The job vanished from Redis while the call waited for it (Redis restarted without persistence). */
  | 'job-lost';

/**
 * A call of an `'unsafe'` tool may or may not have taken effect, and is not run again: an unsafe tool never
 * runs twice on its own. The message tells the joiner so, and says to check before trying again.
 */
export class EffectUnknownError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The tool's name. */
  readonly tool: string;
  /** The task of the call. */
  readonly taskId: number;
  /** The BullMQ job of the call. */
  readonly jobId: string;
  /** What happened to the call. */
  readonly reason: EffectUnknownReason;

  constructor({ tool, taskId, jobId, reason }: { tool: string; taskId: number; jobId: string; reason: EffectUnknownReason }) {
    const what =
      reason === 'worker-lost'
        ? 'the worker running it stopped before reporting'
        : 'its job vanished from Redis before reporting (Redis restarted or the job was removed)';
    super(
      'EffectUnknownError',
      `Task ${taskId}: the effect of \`${tool}\` is unknown: ${what}. It has side effects, so it was not run again; check whether it took effect before calling it again`,
    );
    this.tool = tool;
    this.taskId = taskId;
    this.jobId = jobId;
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is EffectUnknownError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
