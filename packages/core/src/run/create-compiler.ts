import { allowManyListeners } from '../execute/allow-many-listeners.js';
import { Scheduler } from '../execute/scheduler.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { JournalRecorder } from './journal-recorder.js';
import { readJournal, type JournaledRun } from './read-journal.js';
import { optionChecks } from '../options/check-option.js';
import { journaledTools } from '../tool/reattach.js';
import type { SchemaLike } from '../tool/schema.js';
import { boundHistory } from './bound-history.js';
import { checkCompilerOptions, checkRunOptions, type CheckedRun } from './check-compiler-options.js';
import type { CompilerOptions, RunOptions } from './compiler-options.js';
import type { ConversationMessage } from './conversation-message.js';
import { DefaultRun } from './default-run.js';
import type { RunContext, RunSettings } from './run-context.js';
import { runLoop } from './run-loop.js';
import type { RunResult } from './run-result.js';
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
  /**
   * Continues run `runId` from the compiler's `journal`, in this process, after the process that ran it
   * died (or after it was aborted): the `Run` has the same id. Tasks that settled are not run again (their
   * values are read from the journal); tasks that never started run as planned; a task that was running
   * runs again when its tool is `'none'` or `'idempotent'`, and a running `'unsafe'` one settles with an
   * `EffectUnknownError` (unless its tool can reattach to the call, as remote tools on BullMQ do). A round
   * whose plan was cut off is joined with the tasks read so far; a run whose answer was decided ends with
   * it, calling no model.
   *
   * `options` are the run's options again (a signal, an approval callback, the answer schema), which the
   * journal cannot hold. The compiler must have the same tools as the one that started the run.
   *
   * Like `run()`, it returns at once with the run under way (listeners attached right away see every
   * event): the journal is read first, then its rounds are replayed as events (`run-start` with `resumed:
   * true`, `task-planned` for every task, `task-end` for each restored one, the decided rounds' `join-end`).
   * When the journal has no run `runId`, `result()` rejects with a `RunNotFoundError` (and `run-end` is
   * the only event); a wrong run option rejects it with an `InvalidOptionError`.
   *
   * @throws {InvalidOptionError} when the compiler has no `journal`, or `runId` is not a non-empty string.
   *
   * @example
   * ```ts
   * const compiler = createCompiler({ model, tools, journal });
   * const run = compiler.resume(runId);
   * run.on('task-end', ({ record }) => console.log(record.task.id, record.outcome));
   * const { answer } = await run.result();
   * ```
   */
  resume<T>(runId: string, options: RunOptions & { readonly answer: SchemaLike<T> }): Run<T>;
  resume(runId: string, options?: RunOptions): Run;
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
  const { journal } = settings;
  return {
    run(input: string | readonly ConversationMessage[], runOptions: RunOptions = {}): Run<never> {
      const checked = checkRunOptions(input, runOptions);
      const { run, controller } = createRun(globalThis.crypto.randomUUID());
      const recorder = journal === undefined ? undefined : new JournalRecorder(journal, run.id);
      recorder?.append({ type: 'run-start', input: copyInput(input), structured: checked.answer !== undefined });
      run.setResult(startRun({ settings, run, controller, checked, runOptions, recorder, resumed: undefined }));
      return run as unknown as Run<never>;
    },
    resume(runId: string, runOptions: RunOptions = {}): Run<never> {
      if (journal === undefined) {
        throw new InvalidOptionError({ option: 'journal', owner: '`createCompiler()`', expected: 'a run journal to resume runs from', received: undefined });
      }
      if (typeof runId !== 'string' || runId === '') optionChecks({ owner: '`compiler.resume()`' }).fail('runId', 'a run id, a non-empty string', runId);
      const { run, controller } = createRun(runId);
      const resuming = (async () => {
        let resumed: JournaledRun;
        let checked: CheckedRun;
        try {
          // A microtask first, as a new run begins: listeners attached right after `resume()` see every event.
          await Promise.resolve();
          resumed = readJournal(runId, await journal.read(runId));
          checked = checkRunOptions(resumed.input, runOptions);
        } catch (error) {
          run.emit({ type: 'run-end', status: 'failed', answer: undefined, error });
          throw error;
        }
        return startRun({ settings, run, controller, checked, runOptions, recorder: new JournalRecorder(journal, runId), resumed });
      })();
      run.setResult(resuming);
      return run as unknown as Run<never>;
    },
  };
}

/** A run and its controller, before its loop starts. */
function createRun(runId: string): { run: DefaultRun; controller: AbortController } {
  const controller = new AbortController();
  allowManyListeners(controller.signal);
  return { run: new DefaultRun(runId, controller), controller };
}

/** Runs the loop of a new or resumed run. */
function startRun({
  settings,
  run,
  controller,
  checked,
  runOptions,
  recorder,
  resumed,
}: {
  settings: RunSettings;
  run: DefaultRun;
  controller: AbortController;
  checked: CheckedRun;
  runOptions: RunOptions;
  recorder: JournalRecorder | undefined;
  resumed: JournaledRun | undefined;
}): Promise<RunResult<unknown>> {
  const { question, history, conversation, answer } = checked;
  const { signal } = controller;
  const runId = run.id;
  const interrupted = new Set<number>();
  const scheduler = new Scheduler({
    // With a journal, a tool with side effects is called once its start is written.
    tools: recorder === undefined ? settings.tools : journaledTools(settings.tools, { beforeCall: () => recorder.flush(), interrupted }),
    runId,
    concurrency: settings.concurrency,
    eager: settings.eager,
    signal,
    approve: runOptions.approve ?? settings.approve,
    toolCall: runOptions.instrumentation?.toolCall,
    now: () => run.elapsed(),
    onEvent: (event) => {
      // The two events of every task are built whole; the others are rare.
      if (event.type === 'task-start') {
        run.emitTask('task-start', event.record, event.attempt);
        recorder?.taskStart(event.record, event.attempt);
      } else if (event.type === 'task-end') {
        // The scheduler has just stamped `endedAt` on the run's clock.
        run.emitTask('task-end', event.record, 0, event.record.endedAt);
        recorder?.taskEnd(event.record);
      } else run.emit(event);
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
    journal: recorder,
    resumed,
    interrupted,
  };
  return runLoop(context, controller);
}

/** The run's input as the journal keeps it: the question, or the conversation's messages as plain objects. */
function copyInput(input: string | readonly ConversationMessage[]): string | readonly ConversationMessage[] {
  return typeof input === 'string' ? input : input.map(({ role, content }) => ({ role, content }));
}
