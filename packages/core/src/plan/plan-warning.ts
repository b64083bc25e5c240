/** What kind of tolerated irregularity a {@link PlanWarning} reports. */
export type PlanWarningCode =
  /** Tasks ready while the plan streamed waited for its end only because their tools do not declare `sideEffects`. */ | 'held-undeclared-side-effects'
  /** A bare word or unquoted text read as a string: `search(Rosetta)`. */
  | 'unquoted-argument'
  /** A line that is not a task, a thought, `join()` or `<END_OF_PLAN>`: prose, a numbered list item. */
  | 'ignored-text'
  /** A markdown code fence around the plan. */
  | 'markdown-fence'
  /** Text after the call on a task's line. */
  | 'trailing-text'
  /**
   * A call's closing parenthesis was missing at the end of its line, before the next task line
   * (`1. search("a"` then `2. search("b")`); its arguments were complete, so it was read as closed there.
   */
  | 'unclosed-call'
  /** Text after `join()` (including a second `join()`). */
  | 'text-after-join'
  /** The plan ended without `join()`. */
  | 'missing-join'
  /**
   * `join` was given arguments that state no answer it can read (more than one, a keyword other than
   * `answer`, arguments that cannot be read, a bare `$N` naming no task); they are ignored.
   */
  | 'join-arguments'
  /** Task ids skip or go back: `1.`, `2.`, `4.`. */
  | 'id-gap'
  /** A JSON task without an id was given the next one. */
  | 'id-assigned'
  /** A string that is exactly `$N` named no task, so it stays literal text. */
  | 'literal-reference'
  /** A native tool call arrived while the planner writes a text or JSON plan. */
  | 'ignored-tool-call'
  /**
   * `None`/`null` given for an optional argument whose schema does not accept null was left out, as if the
   * argument were not given: models write `None` for "not given", which the tool's input would refuse.
   */
  | 'null-dropped'
  /**
   * A task calls a tool that the compiler has but that `selectTools` did not show the planner this round;
   * it runs, but a selector that misses a tool the plan needs costs accuracy.
   */
  | 'unselected-tool';

/**
 * Something in a plan that was tolerated rather than fatal. Warnings never stop a plan; they are reported
 * so that prompts can be tuned and nothing is silently dropped.
 */
export interface PlanWarning {
  readonly code: PlanWarningCode;
  /** What was found and how it was read. */
  readonly message: string;
  /** The task it concerns, if any. */
  readonly taskId?: number | undefined;
  /** 1-based line of the plan text, if known. */
  readonly line?: number | undefined;
}
