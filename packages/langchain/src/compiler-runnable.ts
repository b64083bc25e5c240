import type { Compiler, RunEvent } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import { Runnable, ensureConfig, getCallbackManagerForConfig, type RunnableConfig } from '@langchain/core/runnables';
import { IterableReadableStream } from '@langchain/core/utils/stream';

/** What a {@link CompilerRunnable} takes: the question, or an object holding it. */
export type CompilerInput = string | { readonly question: string };

/**
 * A `Runnable` whose public `stream()` yields progress rather than chunks of its output, as LangGraph's
 * compiled graphs do. Its stream type is widened here so that a subclass can name its own.
 */
abstract class ProgressStreamingRunnable<RunInput, RunOutput> extends Runnable<RunInput, RunOutput> {
  override stream(input: RunInput, options?: Partial<RunnableConfig>): Promise<IterableReadableStream<any>> {
    return super.stream(input, options);
  }
}

/**
 * A compiler as a LangChain `Runnable<string | { question }, string>`, so it can sit in an LCEL chain or a
 * LangGraph node. Made by {@link compilerAsRunnable}.
 *
 * - `invoke(input, config)` runs the compiler on the question and resolves with the answer; it rejects
 *   with the run's error when the run fails. `config.signal` aborts the run: the model call and every
 *   running tool get the abort.
 * - `batch()` is LangChain's: one run per input, `config.maxConcurrency` at a time.
 * - `stream(input, config)` yields the run's own `RunEvent`s as they happen (plan tokens, task starts and
 *   ends, the join, and `run-end` with the answer), as a LangGraph graph's `stream()` yields its updates.
 *   {@link CompilerRunnable.streamRunEvents} is the same as an async generator.
 * - Inside a chain (`compilerRunnable.pipe(next)`) the compiler hands on its answer: the next step gets a
 *   string, whether the chain is invoked or streamed.
 * - LangChain callbacks (`config.callbacks`, tracing, `streamEvents`) see one chain run with the question as
 *   input and the answer as output; `streamEvents` reports each `RunEvent` as an `on_chain_stream` chunk.
 */
export class CompilerRunnable extends ProgressStreamingRunnable<CompilerInput, string> {
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
   * Runs the compiler on the question and streams each `RunEvent` as it happens, ending with `run-end`.
   * The stream throws the run's error after the events when the run fails or is aborted (`config.signal`);
   * cancelling the stream (or leaving a `for await` loop early) aborts the run.
   *
   * @example
   * ```ts
   * for await (const event of await compilerAsRunnable(compiler).stream('Which trench is deeper?')) {
   *   if (event.type === 'task-end') console.log(event.record.task.id, event.record.outcome);
   * }
   * ```
   */
  override async stream(input: CompilerInput, options?: Partial<RunnableConfig>): Promise<IterableReadableStream<RunEvent>> {
    const question = toQuestion(input);
    const config = ensureConfig(options);
    const callbackManager = await getCallbackManagerForConfig(config);
    const runManager = await callbackManager?.handleChainStart(
      this.toJSON(),
      typeof input === 'string' ? { input } : { ...input },
      config.runId,
      undefined,
      undefined,
      undefined,
      config.runName ?? this.getName(),
    );
    const events = this.#events(question, config.signal);
    async function* reported(): AsyncGenerator<RunEvent, void, undefined> {
      let answer: string | undefined;
      try {
        for await (const event of events) {
          if (event.type === 'run-end') answer = event.answer;
          yield event;
        }
      } catch (error) {
        await runManager?.handleChainError(error);
        throw error;
      }
      await runManager?.handleChainEnd({ output: answer });
    }
    return IterableReadableStream.fromAsyncGenerator(reported());
  }

  /**
   * {@link CompilerRunnable.stream} as an async generator, without LangChain callbacks: each `RunEvent` as it
   * happens, ending with `run-end`; it throws the run's error after the events when the run fails, and
   * leaving the loop early aborts the run.
   *
   * @example
   * ```ts
   * for await (const event of compilerAsRunnable(compiler).streamRunEvents('Which trench is deeper?')) {
   *   if (event.type === 'task-end') console.log(event.record.task.id, event.record.outcome);
   * }
   * ```
   */
  streamRunEvents(input: CompilerInput, config?: Partial<RunnableConfig>): AsyncGenerator<RunEvent, void, undefined> {
    return this.#events(toQuestion(input), config?.signal);
  }

  async *#events(question: string, signal: AbortSignal | undefined): AsyncGenerator<RunEvent, void, undefined> {
    const run = this.#compiler.run(question, { signal });
    let ended = false;
    try {
      yield* run;
      ended = true;
    } finally {
      if (!ended) run.abort(new DOMException('The consumer stopped reading the run events', 'AbortError'));
    }
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
 * for await (const event of await agent.stream('Question three?')) console.log(event.type);
 * ```
 */
export function compilerAsRunnable(compiler: Compiler): CompilerRunnable {
  checkCompiler(compiler);
  return new CompilerRunnable(compiler);
}

/**
 * Throws an `InvalidOptionError` unless `compiler` is one (an object with a `run` method).
 */
export function checkCompiler(compiler: unknown): void {
  if (compiler === null || typeof compiler !== 'object' || typeof (compiler as Compiler).run !== 'function') {
    optionChecks().fail('compiler', 'a compiler from createCompiler()', compiler);
  }
}

function toQuestion(input: CompilerInput): string {
  if (typeof input === 'string') return input;
  if (typeof input === 'object' && input !== null && typeof input.question === 'string') return input.question;
  return optionChecks().fail('input', 'a question (a string) or `{ question: string }`', input);
}
