import { allowManyListeners } from '../execute/allow-many-listeners.js';
import { Scheduler } from '../execute/scheduler.js';
import type { SchemaLike } from '../tool/schema.js';
import { boundHistory } from './bound-history.js';
import { checkCompilerOptions, checkRunOptions } from './check-compiler-options.js';
import type { CompilerOptions, RunOptions } from './compiler-options.js';
import type { ConversationMessage } from './conversation-message.js';
import { DefaultRun } from './default-run.js';
import type { RunContext } from './run-context.js';
import { runLoop } from './run-loop.js';
import type { Run } from './run.js';
import { ZERO_USAGE } from './token-usage.js';

/** A compiler: tools, models and limits, ready to answer questions. */
export interface Compiler {
  /**
   * Starts a run on `input`, a question or a conversation (user and assistant messages, the last one the
   * user's question); the run is under way when this returns. The planner and the joiner see a
   * conversation's earlier turns, bounded by the compiler's `history` option; `result().messages` are the
   * messages to append for the next turn.
   *
   * With `options.answer`, a schema, the answer is JSON of that shape, validated, and typed as the schema's
   * output.
   *
   * @throws {InvalidOptionError} when the input is neither a non-empty string nor a conversation ending with
   * the user's message, or a run option is wrong.
   *
   * @example
   * ```ts
   * const history: ConversationMessage[] = [{ role: 'user', content: 'How deep is the Mariana Trench?' }];
   * history.push(...(await compiler.run(history).result()).messages);
   * history.push({ role: 'user', content: 'And the Puerto Rico Trench?' });
   * const { answer } = await compiler.run(history, { answer: z.object({ depthMeters: z.number() }) }).result();
   * ```
   */
  run<T>(input: string | readonly ConversationMessage[], options: RunOptions & { readonly answer: SchemaLike<T> }): Run<T>;
  run(input: string | readonly ConversationMessage[], options?: RunOptions): Run;
}

/**
 * Creates a compiler: a planner streams a plan of tool calls, each task starts the moment its inputs
 * exist, and a joiner answers or asks for a new plan, which continues from what already ran.
 *
 * @example
 * ```ts
 * const compiler = createCompiler({ model, tools: [search, math] });
 * const run = compiler.run('How much deeper is the Mariana Trench than the Puerto Rico Trench?');
 * run.on('task-end', ({ record }) => console.log(record.task.id, record.outcome));
 * const { answer } = await run.result();
 * ```
 *
 * @throws {InvalidOptionError} when an option is wrong, naming it, what was expected and what came.
 * @throws {ToolDefinitionError} when two tools share a name, or one is named `join`.
 */
export function createCompiler(options: CompilerOptions): Compiler {
  const settings = checkCompilerOptions(options);
  return {
    run(input: string | readonly ConversationMessage[], runOptions: RunOptions = {}): Run<never> {
      const { question, history, conversation, answer } = checkRunOptions(input, runOptions);
      const controller = new AbortController();
      allowManyListeners(controller.signal);
      const { signal } = controller;
      const run = new DefaultRun(globalThis.crypto.randomUUID(), controller);
      const scheduler = new Scheduler({
        tools: settings.tools,
        runId: run.id,
        concurrency: settings.concurrency,
        eager: settings.eager,
        signal,
        approve: runOptions.approve ?? settings.approve,
        now: () => run.elapsed(),
        onEvent: (event) => {
          // The two events of every task are built whole; the others are rare.
          if (event.type === 'task-start') run.emitTask('task-start', event.record, event.attempt);
          // The scheduler has just stamped `endedAt` on the run's clock.
          else if (event.type === 'task-end') run.emitTask('task-end', event.record, 0, event.record.endedAt);
          else run.emit(event);
        },
      });
      const context: RunContext = {
        settings,
        question,
        history: boundHistory(history, settings.history),
        conversation,
        answerSchema: answer,
        answerInPlan: settings.answerInPlan && answer === undefined,
        runOptions,
        run,
        scheduler,
        signal,
        usage: { planner: ZERO_USAGE, joiner: ZERO_USAGE, calls: 0 },
        rounds: [],
      };
      run.setResult(runLoop(context, controller));
      return run as unknown as Run<never>;
    },
  };
}
