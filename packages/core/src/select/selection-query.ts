import { optionChecks } from '../options/check-option.js';
import type { ToolSelectionContext } from '../run/tool-selector.js';

/**
 * How a ranking selector reads the conversation before the question: a follow-up such as "and its
 * population?" names no tool's words, and the user's earlier turns say what the conversation is about.
 */
export interface SelectionHistoryOptions {
  /**
   * How many of the user's latest earlier turns are ranked against besides the question; `0` ranks against
   * the question alone. Only the turns the planner is shown count (the compiler's `history` option bounds them).
   *
   * @default 2
   * @example
   * ```ts
   * history: { turns: 0 } // the question alone
   * ```
   */
  readonly turns?: number | undefined;
  /**
   * What the latest earlier user turn weighs against the question (which weighs 1), from 0 to 1; each turn
   * before it weighs `weight` times the one after it (with 0.5: 0.5, 0.25, ...). A tool the question matches
   * stays above one only an earlier turn matches equally well.
   *
   * @default 0.5
   * @example
   * ```ts
   * history: { weight: 0.3 }
   * ```
   */
  readonly weight?: number | undefined;
}

/** The checked history options of a ranking selector. */
export interface SelectionHistorySettings {
  readonly turns: number;
  readonly weight: number;
}

/** A text tools are ranked against, and what its scores count for. */
export interface SelectionQuery {
  readonly text: string;
  readonly weight: number;
}

const HISTORY_KEYS = ['turns', 'weight'];

/**
 * Checks a ranking selector's `history` option where the selector is created.
 *
 * @throws {InvalidOptionError} naming the option, what was expected and what came.
 */
export function checkSelectionHistory(owner: string, history: SelectionHistoryOptions | undefined): SelectionHistorySettings {
  const check = optionChecks({ owner });
  const options = history ?? {};
  check.object('history', options, 'an object, `{ turns?, weight? }`');
  check.keys('history', options as Record<string, unknown>, HISTORY_KEYS);
  return {
    turns: check.integer('history.turns', options.turns ?? 2, 0),
    weight: check.between('history.weight', options.weight ?? 0.5, 0, 1),
  };
}

/**
 * The texts tools are ranked against, each with its weight: first the question with, on a replan, the
 * joiner's feedback of each earlier round (it says what the new plan must get, often which kind of tool was
 * missing), weighing 1; then the user's latest earlier turns, newest first, weighing `weight`, `weight²`, ...
 * A selector scores each tool against each text and adds the scores times their weights.
 */
export function selectionQueries(
  context: Pick<ToolSelectionContext, 'question' | 'rounds' | 'history'>,
  { turns, weight }: SelectionHistorySettings,
): SelectionQuery[] {
  const parts = [context.question];
  for (const round of context.rounds) {
    const action = round.decision?.action;
    if (action?.type === 'replan' && action.feedback.trim() !== '') parts.push(action.feedback.trim());
  }
  const queries: SelectionQuery[] = [{ text: parts.join('\n'), weight: 1 }];
  if (weight === 0) return queries;
  let turnWeight = weight;
  for (let index = context.history.length - 1; index >= 0 && queries.length <= turns; index--) {
    const message = context.history[index]!;
    if (message.role !== 'user' || message.content.trim() === '') continue;
    queries.push({ text: message.content, weight: turnWeight });
    turnWeight *= weight;
  }
  return queries;
}
