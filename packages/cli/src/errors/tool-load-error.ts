import { LLMCompilerError } from '@llmcompiler/core';
import { describeError } from '@llmcompiler/core/internal';

const marker = 'llmcompiler.error.cli.ToolLoadError';
const symbol = Symbol.for(marker);

/** What a {@link ToolLoadError} is made from. */
export interface ToolLoadErrorFields {
  /** Where the tools were to come from: `./tools.js`, `MCP server \`node server.js\``. */
  readonly source: string;
  /** What went wrong, in words: `could not import it`, `it exports no tools`. */
  readonly step: string;
  readonly cause?: unknown;
}

/**
 * The tools could not be loaded before the run: a `--tools` module failed to import or exports no tools, or an
 * MCP server could not be reached. The `llmcompiler` command exits with code 3 ({@link EXIT_CODES}`.tools`).
 */
export class ToolLoadError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** Where the tools were to come from. */
  readonly source: string;

  constructor({ source, step, cause }: ToolLoadErrorFields) {
    super('ToolLoadError', `${source}: ${step}${cause === undefined ? '' : `: ${describeError(cause)}`}`, { cause });
    this.source = source;
  }

  static override isInstance(error: unknown): error is ToolLoadError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
