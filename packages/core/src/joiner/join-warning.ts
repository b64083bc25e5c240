import type { SchemaIssue } from '../util/schema-issue.js';

/**
 * Something about the joiner's answer that did not stop the run, reported as a `join-warning` event.
 *
 * - `plain-answer`: the joiner answered in plain text, without `Action: Finish(...)` (or, in JSON mode,
 *   without a JSON object); its text was taken as the final answer. Set `joiner.strict` to fail with a
 *   `JoinerParseError` instead.
 * - `invalid-answer`: the answer does not fit the run's answer schema (`issues` says where); the joiner is
 *   asked once more, shown the issues. A second answer that does not fit fails the run with an
 *   `AnswerValidationError`.
 */
export type JoinWarning =
  | {
      readonly code: 'plain-answer';
      /** What was expected and what came, for logs. */
      readonly message: string;
    }
  | {
      readonly code: 'invalid-answer';
      /** What was expected and what came, for logs. */
      readonly message: string;
      /** What the answer schema rejected, each with its path inside the answer. */
      readonly issues: readonly SchemaIssue[];
    };
