/**
 * Something about the joiner's answer that did not stop the run, reported as a `join-warning` event.
 *
 * - `plain-answer`: the joiner answered in plain text, without `Action: Finish(...)` (or, in JSON mode,
 *   without a JSON object); its text was taken as the final answer. Set `joiner.strict` to fail with a
 *   `JoinerParseError` instead.
 */
export interface JoinWarning {
  readonly code: 'plain-answer';
  /** What was expected and what came, for logs. */
  readonly message: string;
}
