import type { TaskRecord } from '../execute/task-record.js';
import type { RoundResult } from './run-result.js';
import type { AnyTool } from '../tool/tool.js';
import type { ConversationMessage } from './conversation-message.js';

/** What a {@link ToolSelector} is given before each planner call. */
export interface ToolSelectionContext {
  /** The user's question, as text. */
  readonly question: string;
  /**
   * The conversation's earlier turns, oldest first, as the planner sees them (bounded by the compiler's
   * `history` option): empty when the run was given a question alone.
   */
  readonly history: readonly ConversationMessage[];
  /** The round about to be planned, from 1: a replan is round 2, 3, ... */
  readonly round: number;
  /**
   * The rounds that already ran, in order: empty for the first plan. On a replan each holds its tasks' ids,
   * the tools its planner was shown (`tools`) and the joiner's decision, whose `feedback` says what the new
   * plan must get.
   */
  readonly rounds: readonly RoundResult[];
  /** Every task of the rounds that already ran, settled, in plan order: empty for the first plan. */
  readonly tasks: readonly TaskRecord[];
  /** Every tool of the compiler, in order: the selection is a subset of these. */
  readonly tools: readonly AnyTool[];
  /** The run's signal: aborted when the run is. */
  readonly signal: AbortSignal;
}

/**
 * What a {@link ToolSelector} returns: a subset of `context.tools`, as the tools themselves or their names,
 * in any order. The planner is shown them in the compiler's order, without repeats.
 */
export type ToolSelection = readonly (AnyTool | string)[];

/**
 * Chooses the tools the planner is shown for one round, from the question and, on a replan, the rounds so
 * far. Synchronous or asynchronous; an asynchronous one should stop when `context.signal` aborts (the run
 * stops waiting for it either way).
 *
 * @example
 * ```ts
 * const selectTools: ToolSelector = ({ question, tools }) =>
 *   /weather|rain|forecast/i.test(question) ? ['get_weather', 'geocode'] : tools.filter((tool) => tool.name !== 'get_weather');
 * ```
 */
export type ToolSelector = (context: ToolSelectionContext) => ToolSelection | PromiseLike<ToolSelection>;
