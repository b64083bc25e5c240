import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.cli.OutputClosedError';
const symbol = Symbol.for(marker);

/**
 * The reader of the command's output went away (`llmcompiler --json "..." | head -n 1`: writing to stdout
 * failed with `EPIPE`). The `llmcompiler` binary aborts the run with it as the reason; the command then stops
 * quietly and exits with code 0, as Unix tools do when their reader has all it wanted.
 */
export class OutputClosedError extends LLMCompilerError {
  private readonly [symbol] = true;

  constructor({ cause }: { readonly cause?: unknown } = {}) {
    super('OutputClosedError', 'The output was closed: its reader went away', { cause });
  }

  static override isInstance(error: unknown): error is OutputClosedError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
