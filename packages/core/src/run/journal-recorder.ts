import type { TaskRecord } from '../execute/task-record.js';
import type { Task } from '../graph/task.js';
import { encodeError, encodePlanAnswer, encodeTask, encodeValue } from '../journal/journal-encoding.js';
import type { JournalEntry, RunJournal } from '../journal/run-journal.js';
import type { RoundResult } from './run-result.js';

/**
 * Writes one run's entries to its journal, in order, off the run's path: entries are queued and written
 * in batches, one write at a time; a task's value and a planned task are encoded when their batch is
 * written, not as they happen (a value a tool changes after it returned is kept as it is then). {@link flush} waits for everything queued so far; the run calls it
 * before a tool with side effects is called (its `task-start` must be kept first) and before it ends.
 *
 * A failed write is not retried: every later flush rejects with its error, so an unsafe tool is never
 * called without its start on record, and the run ends with the error.
 */
export class JournalRecorder {
  readonly #journal: RunJournal;
  readonly #runId: string;
  /** Entries, or what builds one when it is written: encoding values and tasks waits for the write. */
  #queued: (JournalEntry | (() => JournalEntry))[] = [];
  /** How many entries were queued, and how many of them written, since the run began. */
  #appended = 0;
  #written = 0;
  /** Whether a write is under way (or about to start): the next batch waits for it. */
  #writing = false;
  /** Flushes waiting for the entries up to `target` to be written. */
  #waiting: { readonly target: number; readonly resolve: () => void; readonly reject: (error: unknown) => void }[] = [];
  #failure: { readonly error: unknown } | undefined;
  /** A task whose end is not written again: it was restored from the journal. */
  #restoring: number | undefined;

  constructor(journal: RunJournal, runId: string) {
    this.#journal = journal;
    this.#runId = runId;
  }

  /** Queues an entry (or a function that builds it); it is written soon, after those queued before it. */
  append(entry: JournalEntry | (() => JournalEntry)): void {
    if (this.#failure !== undefined) return;
    this.#queued.push(entry);
    this.#appended++;
    if (this.#writing) return;
    this.#writing = true;
    // Entries queued in the same tick go in one write.
    void Promise.resolve().then(() => this.#drain());
  }

  /**
   * Resolves once every entry queued so far is written (not those queued later: a busy run does not hold
   * it up); rejects with the error of a failed write.
   */
  flush(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (this.#written === this.#appended) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiting.push({ target: this.#appended, resolve, reject }));
  }

  /** Queues a `task-planned` entry. */
  planned(round: number, task: Task): void {
    this.append(() => ({ type: 'task-planned', round, task: encodeTask(task) }));
  }

  /** Queues a `plan-end` entry; before the scheduler releases the tasks held for the plan's end. */
  planEnd(planned: Omit<RoundResult, 'decision'>, clean: boolean): void {
    const { round, planEnd, finishReason, thought, tools, planAnswer, errors } = planned;
    this.append({
      type: 'plan-end',
      round,
      clean,
      reason: planEnd,
      finishReason,
      thought,
      tools,
      planAnswer: planAnswer === undefined ? undefined : encodePlanAnswer(planAnswer),
      errors: errors.map((error) => ({ name: error.name, code: error.code, message: error.message })),
    });
  }

  /** Queues a `task-start` entry. */
  taskStart(record: TaskRecord, attempt: number): void {
    this.append({ type: 'task-start', taskId: record.task.id, attempt });
  }

  /** Queues a `task-end` entry, unless the task is being restored from the journal. */
  taskEnd(record: TaskRecord): void {
    const { task, outcome, attempts, value, error } = record;
    if (task.id === this.#restoring) return;
    this.append(() => {
      const kept = outcome === 'ok' ? encodeValue(value) : undefined;
      return {
        type: 'task-end',
        taskId: task.id,
        outcome: outcome!,
        attempts,
        ...(kept === undefined ? {} : { value: kept }),
        ...(outcome === 'ok' ? {} : { error: encodeError(error) }),
      };
    });
  }

  /** Runs `restore` (which settles task `taskId` from the journal) without writing its end again. */
  restoring(taskId: number, restore: () => void): void {
    this.#restoring = taskId;
    try {
      restore();
    } finally {
      this.#restoring = undefined;
    }
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queued.length > 0) {
        const batch = this.#queued.map((entry) => (typeof entry === 'function' ? entry() : entry));
        this.#queued = [];
        await this.#journal.append(this.#runId, batch);
        this.#written += batch.length;
        if (this.#waiting.length > 0) this.#wake();
      }
    } catch (error) {
      this.#failure = { error };
      this.#queued = [];
      for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    } finally {
      this.#writing = false;
    }
  }

  #wake(): void {
    const written = this.#written;
    this.#waiting = this.#waiting.filter((waiter) => {
      if (waiter.target > written) return true;
      waiter.resolve();
      return false;
    });
  }
}
