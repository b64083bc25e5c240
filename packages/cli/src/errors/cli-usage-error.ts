import { LLMCompilerError } from '@llmcompiler/core';

const marker = 'llmcompiler.error.cli.CLIUsageError';
const symbol = Symbol.for(marker);

/** What a {@link CLIUsageError} is made from. */
export interface CLIUsageErrorFields {
  /** The flag, argument or config field at fault: `--mcp`, `question`, `config.mcp[0].url`. */
  readonly option: string;
  /** What it must be, in words: `a JSON file with an object`. */
  readonly expected: string;
  /** What came, in words: `nothing`, `` `--colour` ``, `` `42` (number) ``. */
  readonly got: string;
  readonly cause?: unknown;
}

/**
 * The command line or the config file is wrong: an unknown flag, a missing question, a flag without its value,
 * a config file that is not the JSON expected. The `llmcompiler` command prints the message and the usage and
 * exits with code 2 ({@link EXIT_CODES}`.usage`).
 *
 * @example
 * ```ts
 * try {
 *   parseCommandLine(['--colour']);
 * } catch (error) {
 *   if (CLIUsageError.isInstance(error)) console.error(error.option, error.expected);
 * }
 * ```
 */
export class CLIUsageError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The flag, argument or config field at fault. */
  readonly option: string;
  /** What it must be. */
  readonly expected: string;

  constructor({ option, expected, got, cause }: CLIUsageErrorFields) {
    super('CLIUsageError', `Expected ${option} to be ${expected}, got ${got}`, { cause });
    this.option = option;
    this.expected = expected;
  }

  static override isInstance(error: unknown): error is CLIUsageError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
