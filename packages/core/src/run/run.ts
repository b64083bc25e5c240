import type { RunEvent, RunEventOf } from './run-event.js';
import type { RunResult } from './run-result.js';

/**
 * A run of the compiler on one question (or the latest question of a conversation), under way from the moment `compiler.run()` returns. Watch it three
 * ways:
 *
 * - `for await (const event of run)`: every event from the first, in order (each loop gets them all);
 * - `run.on('task-end', listener)`: typed listeners, called synchronously as each event happens;
 * - `for await (const text of run.textStream)`: the final answer as the joiner writes it;
 * - `await run.result()`: the answer, every task with its timings and outcome, the rounds, the token usage
 *   and the event log. It rejects with the run's error if the run failed or was aborted.
 *
 * Events never change after they are emitted: each is frozen, and the task records they carry are
 * snapshots taken at that moment.
 *
 * @example
 * ```ts
 * const run = compiler.run('How much deeper is the Mariana Trench than the Puerto Rico Trench?');
 * const off = run.on('task-end', ({ record }) => console.log(record.task.id, record.outcome));
 * const { answer } = await run.result();
 * ```
 *
 * `T` is the answer's type: `string`, or the output of the run's answer schema (`run(input, { answer })`).
 */
export interface Run<T = string> extends AsyncIterable<RunEvent> {
  /** The run's id, also on each of its events. */
  readonly id: string;
  /** The events so far, in order. */
  readonly events: readonly RunEvent[];
  /**
   * Aborts the run: the model call and every running tool get `reason` through their signals, every task not
   * settled settles as `aborted`, `run-end` is emitted and `result()` rejects with `reason`. Nothing that
   * ignores its signal (a model stream, a function joiner, a tool, an approval callback) is waited for.
   */
  abort(reason?: unknown): void;
  /**
   * Calls `listener` for each later event of `type` (or of every type, with `'*'`); returns a function that
   * removes it. A listener never breaks the run: what it throws is swallowed.
   */
  on<T extends RunEvent['type']>(type: T, listener: (event: RunEventOf<T>) => void): () => void;
  on(type: '*', listener: (event: RunEvent) => void): () => void;
  /** The run's result; rejects with the run's error when it failed or was aborted. */
  result(): Promise<RunResult<T>>;
  /**
   * The final answer as it is written: the text of each `answer-delta` event, from the first (each loop gets
   * them all). The pieces add up to `result().answer` exactly (with an answer schema: to the answer's JSON
   * text, in one piece once it is valid). The loop ends when the run ends, and throws
   * the run's error when it failed or was aborted.
   *
   * @example
   * ```ts
   * for await (const text of run.textStream) process.stdout.write(text);
   * ```
   */
  readonly textStream: AsyncIterable<string>;
}
