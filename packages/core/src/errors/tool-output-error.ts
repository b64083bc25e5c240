import { formatIssues } from '../util/format-issues.js';
import type { SchemaIssue } from '../util/schema-issue.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ToolOutputError';
const symbol = Symbol.for(marker);

/**
 * A tool's `execute` returned a value its output schema rejects. The task fails with this error; the run
 * goes on.
 *
 * @example
 * ```ts
 * await validateToolOutput(search, 42);
 * // ToolOutputError: Invalid output of tool `search`: expected string, received number
 * ```
 */
export class ToolOutputError extends LLMCompilerError {
  private readonly [symbol] = true;

  /** The name of the tool. */
  readonly tool: string;
  /** What the schema rejected, each with the path of the offending value inside the output. */
  readonly issues: readonly SchemaIssue[];
  /** The task whose output this is, when known. */
  readonly taskId: number | undefined;

  constructor({ tool, issues, taskId }: { tool: string; issues: readonly SchemaIssue[]; taskId?: number | undefined }) {
    super('ToolOutputError', `Invalid output of tool \`${tool}\`: ${formatIssues(issues)}`);
    this.tool = tool;
    this.issues = issues;
    this.taskId = taskId;
  }

  static override isInstance(error: unknown): error is ToolOutputError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
