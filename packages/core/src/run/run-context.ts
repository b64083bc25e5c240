import type { Scheduler } from '../execute/scheduler.js';
import type { JournalRecorder } from './journal-recorder.js';
import type { JournaledRun } from './read-journal.js';
import type { TokenUsage } from '../model/language-model.js';
import type { Schema } from '../tool/schema.js';
import type { AnyTool } from '../tool/tool.js';
import type { CompilerOptions, PlanFormat, RunOptions } from './compiler-options.js';
import type { ConversationMessage } from './conversation-message.js';
import type { DefaultRun } from './default-run.js';
import type { RoundResult } from './run-result.js';

/** The compiler's options, checked, with their defaults filled in. */
export interface RunSettings extends CompilerOptions {
  readonly tools: ReadonlyMap<string, AnyTool>;
  readonly toolList: readonly AnyTool[];
  readonly maxReplans: number;
  readonly maxTasksPerPlan: number;
  readonly maxObservationChars: number;
  readonly format: PlanFormat;
  /** Whether a plan's stated answer may finish the run without the joiner (`planner.answerInPlan`). */
  readonly answerInPlan: boolean;
  /** The bounds of the earlier turns shown to the models. */
  readonly history: { readonly maxMessages: number; readonly maxChars: number };
}

/** Token usage so far, added to as each model call finishes. */
export interface UsageTally {
  planner: TokenUsage;
  joiner: TokenUsage;
  /** Model calls made, finished or not. */
  calls: number;
}

/** Everything one run's rounds share: passed whole, instead of long parameter lists. */
export interface RunContext {
  readonly settings: RunSettings;
  /** The user's latest message. */
  readonly question: string;
  /** The earlier turns shown to the planner and the joiner, bounded by `history`. */
  readonly history: readonly ConversationMessage[];
  /** Whether the input was a conversation (the result's `messages` then hold only the answer). */
  readonly conversation: boolean;
  /** The run's answer schema, if it has one. */
  readonly answerSchema: Schema<unknown> | undefined;
  /** Whether the plan may state the answer in this run: `planner.answerInPlan`, and no answer schema. */
  readonly answerInPlan: boolean;
  readonly runOptions: RunOptions;
  /** Where events go, and the run's clock. */
  readonly run: DefaultRun;
  readonly scheduler: Scheduler;
  /** The run's signal: aborted by `run.abort()`, the caller's signal, the run's timeout, or a failure. */
  readonly signal: AbortSignal;
  readonly usage: UsageTally;
  /** The rounds that have been joined, in order. */
  readonly rounds: RoundResult[];
  /** Where the run's facts are written, when the compiler has a `journal`. */
  readonly journal: JournalRecorder | undefined;
  /** The journal of the run this one resumes, when it resumes one. */
  readonly resumed: JournaledRun | undefined;
  /** Tasks running when the resumed run's process died, whose tools reattach to their calls. */
  readonly interrupted: Set<number>;
}
