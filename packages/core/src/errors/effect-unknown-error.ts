import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.EffectUnknownError';
const symbol = Symbol.for(marker);

/** Why a call's effect is unknown. */
export type EffectUnknownReason =
  /** The worker running the call stopped (killed, crashed, or lost its lock), and the job was taken over. */
  | 'worker-lost'
  /** The job vanished from Redis while the call waited for it (Redis restarted without persistence). */
  | 'job-lost'
  /** The process running the run died while the call ran; the run was resumed from its journal. */
  | 'run-interrupted';

const explanations: Record<EffectUnknownReason, string> = {
  'worker-lost': 'the worker running it stopped before reporting',
  'job-lost': 'its job vanished from Redis before reporting (Redis restarted or the job was removed)',
  'run-interrupted': 'the process running the run stopped while it ran, and the run was resumed',
};

/**
 * A call of an `'unsafe'` tool may or may not have taken effect, and is not run again: an unsafe tool never
 * runs twice on its own. The message tells the joiner so, and says to check before trying again.
 *
 * @example
 * ```ts
 * const { tasks } = await (await compiler.resume(runId)).result();
 * for (const record of tasks) if (EffectUnknownError.isInstance(record.error)) console.warn(record.error.message);
 * ```
 */
export class EffectUnknownError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The tool's name. */
  readonly tool: string;
  /** The task of the call. */
  readonly taskId: number;
  /** The BullMQ job of the call, when the call was one. */
  readonly jobId: string | undefined;
  /** What happened to the call. */
  readonly reason: EffectUnknownReason;

  constructor({ tool, taskId, jobId, reason }: { tool: string; taskId: number; jobId?: string | undefined; reason: EffectUnknownReason }) {
    super(
      'EffectUnknownError',
      `Task ${taskId}: the effect of \`${tool}\` is unknown: ${explanations[reason]}. It has side effects, so it was not run again; check whether it took effect before calling it again`,
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
