import { formatIssues } from '../util/format-issues.js';
import { quoteForError } from '../util/quote-for-error.js';
import type { SchemaIssue } from '../util/schema-issue.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.AnswerValidationError';
const symbol = Symbol.for(marker);

/**
 * The joiner's answer does not fit the run's answer schema (`run(input, { answer: schema })`), after one
 * repair attempt: the joiner was shown the issues and asked again, and its second answer failed too (a
 * function joiner is not asked again). `result()` rejects with it; the message lists every issue by path and
 * quotes the answer.
 *
 * @example
 * ```ts
 * const run = compiler.run('Which trench is deepest?', { answer: z.object({ name: z.string(), depthMeters: z.number() }) });
 * try {
 *   await run.result();
 * } catch (error) {
 *   if (AnswerValidationError.isInstance(error)) console.error(error.issues); // [{ path: ['depthMeters'], message: '…' }]
 * }
 * ```
 */
export class AnswerValidationError extends LLMCompilerError {
  private readonly [symbol] = true;

  /** What the schema rejected in the last answer, each with its path inside the answer. */
  readonly issues: readonly SchemaIssue[];
  /** The last answer's text, as the joiner wrote it. */
  readonly text: string;
  /** How many answers were read: 2 after a repair attempt, 1 when none was made (a function joiner). */
  readonly attempts: number;

  constructor({ issues, text, attempts }: { issues: readonly SchemaIssue[]; text: string; attempts: number }) {
    const tries = attempts === 1 ? '' : ` (after ${attempts - 1} repair attempt${attempts === 2 ? '' : 's'})`;
    super('AnswerValidationError', `Expected the answer to fit the answer schema${tries}, got ${formatIssues(issues)} in ${quoteForError(text)}`);
    this.issues = issues;
    this.text = text;
    this.attempts = attempts;
  }

  static override isInstance(error: unknown): error is AnswerValidationError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
