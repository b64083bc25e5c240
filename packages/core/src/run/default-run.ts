import type { TaskRecord } from '../execute/task-record.js';
import type { Task } from '../graph/task.js';
import type { RunEvent, RunEventBase } from './run-event.js';
import type { RunResult } from './run-result.js';
import { isThenable } from '../util/is-thenable.js';
import type { Run } from './run.js';

/** A run event as the loop writes it: the run adds `runId`, `sequence` and `time`. */
export type RunEventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'runId' | 'sequence' | 'time'> : never) : never;

type Listener = (event: RunEvent) => void;

/**
 * The {@link Run} the compiler hands out, with what only the run loop may call: `emit` and `setResult`.
 * Not exported from the package: users hold the `Run` interface.
 */
export class DefaultRun implements Run<unknown> {
  readonly id: string;
  readonly #events: RunEvent[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();
  #wake: (() => void)[] = [];
  #ended = false;
  readonly #controller: AbortController;
  readonly #start: number;
  #result: Promise<RunResult<unknown>> | undefined;
  #firstAnswerAt: number | undefined;

  constructor(id: string, controller: AbortController) {
    this.id = id;
    this.#controller = controller;
    this.#start = performance.now();
  }

  get events(): readonly RunEvent[] {
    return this.#events;
  }

  abort(reason?: unknown): void {
    this.#controller.abort(reason ?? new DOMException('The run was aborted', 'AbortError'));
  }

  on<T extends RunEvent['type']>(type: T, listener: (event: Extract<RunEvent, { readonly type: T }>) => void): () => void;
  on(type: '*', listener: (event: RunEvent) => void): () => void;
  on(type: string, listener: (event: never) => void): () => void {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    const added = listener as Listener;
    set.add(added);
    return () => set.delete(added);
  }

  result(): Promise<RunResult<unknown>> {
    return this.#result!;
  }

  get textStream(): AsyncIterable<string> {
    return { [Symbol.asyncIterator]: () => this.#texts() };
  }

  /** The time of the first `answer-delta` event, if one was emitted. */
  get firstAnswerAt(): number | undefined {
    return this.#firstAnswerAt;
  }

  async *#texts(): AsyncGenerator<string, void, undefined> {
    for await (const event of this) {
      if (event.type === 'answer-delta') yield event.text;
      else if (event.type === 'run-end' && event.status !== 'finished') throw event.error;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    let next = 0;
    for (;;) {
      while (next < this.#events.length) yield this.#events[next++]!;
      if (this.#ended) return;
      await new Promise<void>((resolve) => this.#wake.push(resolve));
    }
  }

  /** Sets the promise of the result; a failed run with no one awaiting it is not an unhandled rejection. */
  setResult(result: Promise<RunResult<unknown>>): void {
    this.#result = result;
    result.catch(() => {});
  }

  /**
   * Stamps, freezes and records an event, then tells listeners and waiting iterators. The event is `input`
   * itself, stamped and frozen: callers pass a fresh object literal and keep no reference to it. (Copying
   * it with a spread costs several times more: inputs of many shapes make the copy megamorphic.) The events
   * a run emits per task or per streamed piece are built whole by {@link emitToken} and {@link emitTask}.
   */
  emit(input: RunEventInput): RunEvent {
    const stamped = input as { -readonly [K in keyof RunEventBase]: RunEventBase[K] } & RunEventInput;
    stamped.runId = this.id;
    stamped.sequence = this.#events.length;
    stamped.time = this.elapsed();
    return this.#record(stamped as RunEvent);
  }

  /**
   * Emits a `plan-token` event (the planner's text) or an `answer-delta` event (the answer's).
   *
   * @returns The event's time, for the tasks the piece completes (see {@link emitPlanned}).
   */
  emitToken(type: 'plan-token' | 'answer-delta', round: number, text: string): number {
    const time = this.elapsed();
    this.#record({ type, round, text, runId: this.id, sequence: this.#events.length, time });
    return time;
  }

  /**
   * Emits a `task-start` event (with its `attempt`) or a `task-end` event. `time` is the record's own time
   * when it was taken on the run's clock just before, with nothing emitted since (a `task-end` event's
   * `endedAt`): reading the clock again would only cost time.
   */
  emitTask(type: 'task-start' | 'task-end', record: TaskRecord, attempt: number, time = this.elapsed()): void {
    const { id } = this;
    const sequence = this.#events.length;
    this.#record(type === 'task-start' ? { type, record, attempt, runId: id, sequence, time } : { type, record, runId: id, sequence, time });
  }

  /**
   * Emits a `task-planned` event. `time` is the time of the plan's piece that completed the task, when the
   * task came from one: the task was planned when that piece arrived.
   */
  emitPlanned(round: number, task: Task, time = this.elapsed()): void {
    this.#record({ type: 'task-planned', round, task, runId: this.id, sequence: this.#events.length, time });
  }

  #record(stamped: RunEvent): RunEvent {
    const event = Object.freeze(stamped);
    this.#events.push(event);
    if (event.type === 'answer-delta') this.#firstAnswerAt ??= event.time;
    else if (event.type === 'run-end') this.#ended = true;
    if (this.#listeners.size > 0) {
      this.#notify(this.#listeners.get(event.type), event);
      this.#notify(this.#listeners.get('*'), event);
    }
    if (this.#wake.length > 0) {
      const wake = this.#wake;
      this.#wake = [];
      for (const resolve of wake) resolve();
    }
    return event;
  }

  /** The wall-clock time of the run's time 0, in milliseconds since the Unix epoch. */
  get timeOrigin(): number {
    return performance.timeOrigin + this.#start;
  }

  /** Milliseconds since the run started. */
  elapsed(): number {
    return performance.now() - this.#start;
  }

  #notify(listeners: Set<Listener> | undefined, event: RunEvent): void {
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        const returned: unknown = listener(event);
        // An async listener's rejection is swallowed too, never an unhandled rejection.
        if (isThenable(returned)) returned.then(undefined, ignore);
      } catch {
        // An observer's bug must not change the run.
      }
    }
  }
}

function ignore(): void {}
