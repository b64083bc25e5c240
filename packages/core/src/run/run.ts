import type { RunEvent, RunEventOf } from './run-event.js';
import type { RunResult } from './run-result.js';

/** Distributes a run-event type over the union, minus the fields the run adds. */
export type RunEventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'runId' | 'sequence' | 'time'> : never) : never;

type Listener = (event: RunEvent) => void;

/**
 * A run of the compiler on one question. It starts at once; watch it three ways:
 *
 * - `for await (const event of run)`: every event from the first, in order (each loop gets them all);
 * - `run.on('task-end', listener)`: typed listeners, called synchronously; a listener that throws never
 *   breaks the run;
 * - `await run.result()`: the answer, every task with its timings and outcome, the rounds, the token usage
 *   and the event log. It rejects with the run's error if the run failed or was aborted.
 */
export class Run implements AsyncIterable<RunEvent> {
  /** The run's id, also on each of its events. */
  readonly id: string;
  readonly #events: RunEvent[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();
  #wake: (() => void)[] = [];
  #ended = false;
  readonly #controller: AbortController;
  readonly #start: number;
  readonly #now: () => number;
  #result: Promise<RunResult> | undefined;

  /** @internal Created by `Compiler.run`. */
  constructor(id: string, controller: AbortController, now: () => number) {
    this.id = id;
    this.#controller = controller;
    this.#now = now;
    this.#start = now();
  }

  /** The events so far. */
  get events(): readonly RunEvent[] {
    return this.#events;
  }

  /** Aborts the run: the model call and every running tool get the reason through their signals. */
  abort(reason?: unknown): void {
    this.#controller.abort(reason ?? new DOMException('The run was aborted', 'AbortError'));
  }

  /**
   * Calls `listener` for each later event of `type` (or of every type, with `'*'`). Returns a function that
   * removes it. Listener errors are swallowed: observers can never break a run.
   */
  on<T extends RunEvent['type']>(type: T, listener: (event: RunEventOf<T>) => void): () => void;
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

  /** The run's result; rejects with the run's error when it failed or was aborted. */
  result(): Promise<RunResult> {
    return this.#result!;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    let next = 0;
    for (;;) {
      while (next < this.#events.length) yield this.#events[next++]!;
      if (this.#ended) return;
      await new Promise<void>((resolve) => this.#wake.push(resolve));
    }
  }

  /** @internal Sets the promise of the result; a failed run with no one awaiting it is not an unhandled rejection. */
  setResult(result: Promise<RunResult>): void {
    this.#result = result;
    result.catch(() => {});
  }

  /** @internal Stamps and records an event, then tells listeners and waiting iterators. */
  emit(input: RunEventInput): RunEvent {
    const event = { ...input, runId: this.id, sequence: this.#events.length, time: this.#now() - this.#start } as RunEvent;
    this.#events.push(event);
    if (event.type === 'run-end') this.#ended = true;
    this.#notify(this.#listeners.get(event.type), event);
    this.#notify(this.#listeners.get('*'), event);
    if (this.#wake.length > 0) {
      const wake = this.#wake;
      this.#wake = [];
      for (const resolve of wake) resolve();
    }
    return event;
  }

  #notify(listeners: Set<Listener> | undefined, event: RunEvent): void {
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // An observer's bug must not change the run.
      }
    }
  }

  /** @internal Milliseconds since the run started. */
  elapsed(): number {
    return this.#now() - this.#start;
  }
}
