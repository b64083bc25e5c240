import { LLMCompilerError } from './llmcompiler-error.js';

const marker = 'llmcompiler.error.RunNotFoundError';
const symbol = Symbol.for(marker);

/**
 * A run to resume has no journal: the id is wrong, the journal expired, or the run was started by a
 * compiler without a `journal`.
 *
 * @example
 * ```ts
 * try {
 *   await compiler.resume(runId);
 * } catch (error) {
 *   if (RunNotFoundError.isInstance(error)) console.error(`no run ${error.runId}`);
 * }
 * ```
 */
export class RunNotFoundError extends LLMCompilerError {
  private readonly [symbol] = true;
  /** The run id that was asked for. */
  readonly runId: string;

  constructor({ runId, detail }: { runId: string; detail: string }) {
    super('RunNotFoundError', `Cannot resume run \`${runId}\`: expected its journal to begin with \`run-start\`, got ${detail}`);
    this.runId = runId;
  }

  static override isInstance(error: unknown): error is RunNotFoundError {
    return LLMCompilerError.hasMarker(error, marker);
  }
}
