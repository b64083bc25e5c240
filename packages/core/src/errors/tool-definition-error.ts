import { InvalidOptionError, type InvalidOptionErrorFields } from './invalid-option-error.js';
import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.ToolDefinitionError';
const symbol = Symbol.for(marker);

/** The fields of a {@link ToolDefinitionError}: an option's, and the tool's name when it is known. */
export interface ToolDefinitionErrorFields extends InvalidOptionErrorFields {
  /** The name of the tool, when it is known (it is not while the name itself is invalid). */
  readonly tool?: string | undefined;
}

/**
 * A tool is defined wrongly: an option of `tool()` has the wrong type or range, its schema is not a schema,
 * or its schema cannot be turned into the JSON Schema the model is shown. Thrown where the tool is defined
 * (or where its JSON Schema is first built), never during a run. An {@link InvalidOptionError}, with the
 * tool's name.
 *
 * @example
 * ```ts
 * tool({ name: 'search', description: '…', input, timeoutMs: 0, execute });
 * // ToolDefinitionError: Expected `timeoutMs` of tool `search` to be a positive number of milliseconds, got `0` (number)
 * ```
 */
export class ToolDefinitionError extends InvalidOptionError {
  private readonly [symbol] = true;

  /** The name of the tool, when it is known (it is not while the name itself is invalid). */
  readonly tool: string | undefined;

  constructor({ tool, ...fields }: ToolDefinitionErrorFields) {
    super({ ...fields, owner: fields.owner ?? (tool === undefined ? undefined : `tool \`${tool}\``) }, 'ToolDefinitionError');
    this.tool = tool;
  }

  static override isInstance(error: unknown): error is ToolDefinitionError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
