import { formatIssues } from '../util/format-issues.js';
import type { SchemaIssue } from '../util/schema-issue.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ToolInputError';
const symbol = Symbol.for(marker);

/**
 * The arguments of a task do not satisfy its tool's input schema (checked after references are
 * substituted, before `execute`). The task fails with this error; the run goes on.
 *
 * @example
 * ```ts
 * await validateToolInput(search, { query: 42 });
 * // ToolInputError: Invalid input for tool `search`: query: expected string, received number
 * ```
 */
export class ToolInputError extends LLMCompilerError {
  private readonly [symbol] = true;

  /** The name of the tool. */
  readonly tool: string;
  /** What the schema rejected, each with the path of the offending value inside the input. */
  readonly issues: readonly SchemaIssue[];
  /** The task whose input this is, when known. */
  readonly taskId: number | undefined;

  constructor({ tool, issues, taskId }: { tool: string; issues: readonly SchemaIssue[]; taskId?: number | undefined }) {
    super('ToolInputError', `Invalid input for tool \`${tool}\`: ${formatIssues(issues)}`);
    this.tool = tool;
    this.issues = issues;
    this.taskId = taskId;
  }

  static override isInstance(error: unknown): error is ToolInputError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
