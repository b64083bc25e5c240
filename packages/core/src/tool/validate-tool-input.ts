import { ToolInputError } from '../errors/tool-input-error.js';
import { ToolOutputError } from '../errors/tool-output-error.js';
import type { Tool } from './tool.js';

/** Options of {@link validateToolInput} and {@link validateToolOutput}. */
export interface ValidateToolValueOptions {
  /**
   * The task the value belongs to, recorded on the error.
   *
   * @default undefined
   * @example
   * ```ts
   * { taskId: 3 }
   * ```
   */
  readonly taskId?: number | undefined;
}

/**
 * Validates a call's input against the tool's input schema.
 *
 * @returns The parsed input: the schema's output, so with zod its defaults and transforms applied.
 * @throws {ToolInputError} (as a rejection) listing every issue as `path: message`.
 *
 * @example
 * ```ts
 * await validateToolInput(search, { query: 'Mariana Trench' }); // { query: 'Mariana Trench' }
 * await validateToolInput(search, { query: 42 });
 * // rejects: ToolInputError: Invalid input for tool `search`: query: expected string, received number
 * ```
 */
export async function validateToolInput<Input, Output>(
  tool: Tool<Input, Output>,
  input: unknown,
  options: ValidateToolValueOptions = {},
): Promise<Input> {
  const result = await tool.inputSchema.validate(input);
  if (!result.success) throw new ToolInputError({ tool: tool.name, issues: result.issues, taskId: options.taskId });
  return result.value;
}

/**
 * Validates what `execute` returned against the tool's output schema; without an output schema the value is
 * returned as it is.
 *
 * @returns The parsed output.
 * @throws {ToolOutputError} (as a rejection) listing every issue as `path: message`.
 *
 * @example
 * ```ts
 * await validateToolOutput(search, 42);
 * // rejects: ToolOutputError: Invalid output of tool `search`: expected string, received number
 * ```
 */
export async function validateToolOutput<Input, Output>(
  tool: Tool<Input, Output>,
  output: unknown,
  options: ValidateToolValueOptions = {},
): Promise<Output> {
  if (tool.outputSchema === undefined) return output as Output;
  const result = await tool.outputSchema.validate(output);
  if (!result.success) throw new ToolOutputError({ tool: tool.name, issues: result.issues, taskId: options.taskId });
  return result.value;
}
