import type { Compiler, RunEvent } from '@llmcompiler/core';
import { Runnable, type RunnableConfig } from '@langchain/core/runnables';

/** What a {@link CompilerRunnable} takes: the question, or an object holding it. */
export type CompilerInput = string | { readonly question: string };

/**
 * A compiler as a LangChain `Runnable<string | { question }, string>`, so it can sit in an LCEL chain or a
 * LangGraph node. Made by {@link compilerAsRunnable}.
 *
 * - `invoke(input, config)` runs the compiler on the question and resolves with the answer; it rejects
 *   with the run's error when the run fails. `config.signal` aborts the run: the model call and every
 *   running tool get the abort.
 * - `batch()` is LangChain's: one run per input, `config.maxConcurrency` at a time.
 * - `stream()` is LangChain's too, and so honours its contract that the chunks add up to what `invoke`
 *   returns: it yields the answer, as one chunk, when the run has finished.
 * - {@link CompilerRunnable.streamRunEvents} yields the run's own `RunEvent`s (plan tokens, task starts
 *   and ends, join, run end) as they happen: what a UI wants to show progress.
 */
export class CompilerRunnable extends Runnable<CompilerInput, string> {
  lc_namespace = ['llmcompiler'];
  readonly #compiler: Compiler;

  /** Prefer {@link compilerAsRunnable}. */
  constructor(compiler: Compiler) {
    super();
    this.#compiler = compiler;
  }

  static override lc_name(): string {
    return 'CompilerRunnable';
  }

  /** Runs the compiler on the question and resolves with the answer. */
  override async invoke(input: CompilerInput, config?: Partial<RunnableConfig>): Promise<string> {
    return this._callWithConfig(
      async (question: CompilerInput, runConfig?: Partial<RunnableConfig>) => {
        const result = await this.#compiler.run(toQuestion(question), { signal: runConfig?.signal }).result();
        return result.answer;
      },
      input,
      config,
    );
  }

  /**
   * Runs the compiler on the question and yields each `RunEvent` as it happens, ending with `run-end`.
   * It throws the run's error after the events when the run fails or is aborted (`config.signal`).
   *
   * @example
   * ```ts
   * for await (const event of compilerAsRunnable(compiler).streamRunEvents('Which trench is deeper?')) {
   *   if (event.type === 'task-end') console.log(event.record.task.id, event.record.outcome);
   * }
   * ```
   */
  async *streamRunEvents(input: CompilerInput, config?: Partial<RunnableConfig>): AsyncGenerator<RunEvent, void, undefined> {
    const run = this.#compiler.run(toQuestion(input), { signal: config?.signal });
    // The result is awaited below; this keeps a failed run from being an unhandled rejection meanwhile.
    run.result().catch(() => undefined);
    yield* run;
    await run.result();
  }
}

/**
 * Wraps a compiler as a LangChain {@link CompilerRunnable}.
 *
 * @example
 * ```ts
 * const agent = compilerAsRunnable(createCompiler({ model, tools }));
 * const answer = await agent.invoke('How much deeper is the Mariana Trench?');
 * const answers = await agent.batch(['Question one?', { question: 'Question two?' }]);
 * ```
 */
export function compilerAsRunnable(compiler: Compiler): CompilerRunnable {
  return new CompilerRunnable(compiler);
}

function toQuestion(input: CompilerInput): string {
  if (typeof input === 'string') return input;
  if (typeof input === 'object' && input !== null && typeof input.question === 'string') return input.question;
  throw new TypeError(`Expected the input to be a question (a string) or \`{ question: string }\`, got ${JSON.stringify(input)}`);
}
