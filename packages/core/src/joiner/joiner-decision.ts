/**
 * What the joiner decided after reading the results of a plan: answer the user, or ask for a new plan.
 */
export type JoinerAction =
  /** The results are enough: `answer` is the final answer for the user. */
  | { readonly type: 'finish'; readonly answer: string }
  /** Something is missing or failed: `feedback` tells the planner what the next plan should do. */
  | { readonly type: 'replan'; readonly feedback: string };

/**
 * A parsed joiner answer, from {@link parseJoinerOutput} (text) or {@link parseJoinerJson} (JSON).
 *
 * @example
 * ```ts
 * parseJoinerOutput('Thought: Both depths are known.\nAction: Finish(The Mariana Trench is 2,600 m deeper.)');
 * // { thought: 'Both depths are known.', action: { type: 'finish', answer: 'The Mariana Trench is 2,600 m deeper.' } }
 * ```
 */
export interface JoinerDecision {
  /** The joiner's reasoning (`Thought: ...`), when it wrote any. */
  readonly thought: string | undefined;
  /** The decision. */
  readonly action: JoinerAction;
}
