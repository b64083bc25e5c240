import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ToolDefinitionError';
const symbol = Symbol.for(marker);

/**
 * A tool is defined wrongly: an option of `tool()` has the wrong type or range, its schema is not a schema,
 * or its schema cannot be turned into the JSON Schema the model is shown. Thrown where the tool is defined
 * (or where its JSON Schema is first built), never during a run.
 *
 * @example
 * ```ts
 * tool({ name: 'search', description: '…', input, timeoutMs: 0, execute });
 * // ToolDefinitionError: Expected `timeoutMs` of tool `search` to be a positive number of milliseconds, got `0` (number)
 * ```
 */
export class ToolDefinitionError extends LLMCompilerError {
  private readonly [symbol] = true;

  /** The name of the tool, when it is known (it is not while the name itself is invalid). */
  readonly tool: string | undefined;

  constructor(message: string, options: { tool?: string | undefined; cause?: unknown } = {}) {
    super('ToolDefinitionError', message, { cause: options.cause });
    this.tool = options.tool;
  }

  static override isInstance(error: unknown): error is ToolDefinitionError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
