import { allowManyListeners } from '../execute/allow-many-listeners.js';
import { Scheduler } from '../execute/scheduler.js';
import { checkCompilerOptions, checkRunOptions } from './check-compiler-options.js';
import type { CompilerOptions, RunOptions } from './compiler-options.js';
import { DefaultRun } from './default-run.js';
import type { RunContext } from './run-context.js';
import { runLoop } from './run-loop.js';
import type { Run } from './run.js';
import { ZERO_USAGE } from './token-usage.js';

/** A compiler: tools, models and limits, ready to answer questions. */
export interface Compiler {
  /**
   * Starts a run on `question`; the run is under way when this returns.
   *
   * @throws {InvalidOptionError} when the question is not a non-empty string or a run option is wrong.
   */
  run(question: string, options?: RunOptions): Run;
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
    run(question, runOptions = {}) {
      checkRunOptions(question, runOptions);
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
          else if (event.type === 'task-end') run.emitTask('task-end', event.record, 0);
          else run.emit(event);
        },
      });
      const context: RunContext = {
        settings,
        question,
        runOptions,
        run,
        scheduler,
        signal,
        usage: { planner: ZERO_USAGE, joiner: ZERO_USAGE, calls: 0 },
        rounds: [],
      };
      run.setResult(runLoop(context, controller));
      return run;
    },
  };
}
