import type { TaskRecord } from '../execute/task-record.js';
import type { PlanError } from '../errors/plan-error.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import type { FinishReason, TokenUsage } from '../model/language-model.js';
import type { PlanAnswer, PlanEndReason } from '../plan/plan-event.js';
import type { PlanWarning } from '../plan/plan-warning.js';
import type { ConversationMessage } from './conversation-message.js';
import type { RunEvent } from './run-event.js';

/** One planning round: its plan, and what the joiner made of it. */
export interface RoundResult {
  /** From 1. */
  readonly round: number;
  /** Ids of the tasks this round planned. */
  readonly taskIds: readonly number[];
  /**
   * The names of the tools the planner was shown this round, when `selectTools` chose them (in the
   * compiler's order); `undefined` when it was shown every tool.
   */
  readonly tools: readonly string[] | undefined;
  readonly planEnd: PlanEndReason;
  readonly finishReason: FinishReason | undefined;
  readonly warnings: readonly PlanWarning[];
  /** Plan errors that belong to no task. */
  readonly errors: readonly PlanError[];
  /** The planner's last thought. */
  readonly thought: string | undefined;
  /**
   * The answer the plan's `join` stated (`join("The difference is $3 m")`), references unresolved, if it
   * stated one; it finished the run without the joiner when `join-end` says `source: 'plan'`.
   */
  readonly planAnswer: PlanAnswer | undefined;
  readonly decision: JoinerDecision | undefined;
}

/** Token usage of a run. */
export interface RunUsage {
  readonly planner: TokenUsage;
  readonly joiner: TokenUsage;
  readonly total: TokenUsage;
  /** How many model calls the run made. */
  readonly calls: number;
}

/**
 * What a finished run gives back. `T` is the answer's type: `string`, or the output of the run's answer
 * schema.
 */
export interface RunResult<T = string> {
  readonly runId: string;
  /**
   * The final answer: the joiner's, or the one the plan stated (see `planner.answerInPlan`); with an answer
   * schema, the schema's output for the joiner's JSON (defaults and transforms applied).
   */
  readonly answer: T;
  /**
   * The messages to append to the conversation for the next turn, so that `history.push(...result.messages)`
   * works with either input: `[question, answer]` (a user and an assistant message) when the input was a
   * question, `[answer]` when it was a conversation (which already ends with the question). The assistant
   * message's content is the answer's text; with an answer schema, its JSON text.
   *
   * @example
   * ```ts
   * const history: ConversationMessage[] = [];
   * history.push({ role: 'user', content: 'How deep is the Mariana Trench?' });
   * const result = await compiler.run(history).result();
   * history.push(...result.messages); // [{ role: 'assistant', content: 'It is 10,994 m deep.' }]
   * ```
   */
  readonly messages: readonly ConversationMessage[];
  /** Every task of every round, in the order planned. */
  readonly tasks: readonly TaskRecord[];
  readonly rounds: readonly RoundResult[];
  readonly usage: RunUsage;
  /** The whole event log. */
  readonly events: readonly RunEvent[];
  /** Milliseconds from start to end. */
  readonly durationMs: number;
  /**
   * When the first piece of the answer was known, in milliseconds on the run's clock: the `time` of the
   * first `answer-delta` event (or, for an empty answer, of the last `join-end`). The time a user waits for
   * the first answer token.
   */
  readonly firstAnswerAt: number;
}
