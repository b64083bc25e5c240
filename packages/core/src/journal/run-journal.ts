import type { PlanErrorCode } from '../errors/plan-error.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import type { FinishReason } from '../model/language-model.js';
import type { PlanEndReason } from '../plan/plan-event.js';
import type { TaskOutcome } from '../execute/task-record.js';

/**
 * Where a run's history is kept, so that another process can resume the run after its own died: entries
 * are appended per run id, in order, and read back whole. Entries are plain JSON values; a store keeps them
 * as they are (a Redis list, a table, a file) and returns them in the order appended.
 *
 * Core ships {@link createMemoryJournal} (for tests, and for resuming within one process);
 * `@llmcompiler/bullmq` has a Redis journal beside its queue.
 *
 * @example
 * ```ts
 * const journal = createMemoryJournal();
 * const compiler = createCompiler({ model, tools, journal });
 * const run = compiler.run('How deep is the Mariana Trench?');
 * // ... the process that ran it died; in another one, with the same journal store:
 * const resumed = await compiler.resume(run.id);
 * const { answer } = await resumed.result();
 * ```
 */
export interface RunJournal {
  /**
   * Appends `entries` to the run's journal, after those appended before. The run calls it once at a time
   * per run (the next call waits for this one), so a store need not order concurrent calls of one run.
   */
  append(runId: string, entries: readonly JournalEntry[]): Promise<void>;
  /** Every entry of the run, in the order appended; an empty list when the store has none. */
  read(runId: string): Promise<readonly JournalEntry[]>;
  /** Forgets the run's entries. */
  delete?(runId: string): Promise<void>;
}

/** A value as the journal keeps it: JSON. */
export type JournalValue = null | boolean | number | string | readonly JournalValue[] | { readonly [key: string]: JournalValue };

/** An error as the journal keeps it: its name and message (a resumed run's observation reads the same). */
export interface JournalError {
  readonly name: string;
  readonly message: string;
}

/**
 * One fact of a run, in the order it happened. Values are JSON: a task's value is kept as `JSON.stringify`
 * writes it (a `Date` becomes its ISO string, a `Map` an empty object, `undefined` is left out), and a value
 * JSON cannot hold at all (a `bigint`, a cycle) is kept as the text the joiner was shown.
 */
export type JournalEntry =
  /** The run began: its input (a question, or a conversation) and whether it had an answer schema. */
  | { readonly type: 'run-start'; readonly input: string | readonly { readonly role: 'user' | 'assistant'; readonly content: string }[]; readonly structured: boolean }
  /** A task of a round's plan, with its arguments (references included) in the journal's encoding. */
  | { readonly type: 'task-planned'; readonly round: number; readonly task: JournalValue }
  /** A round's plan ended; tasks with side effects run only when it ended cleanly. */
  | {
      readonly type: 'plan-end';
      readonly round: number;
      readonly clean: boolean;
      readonly reason: PlanEndReason;
      readonly finishReason: FinishReason | undefined;
      readonly thought: string | undefined;
      readonly tools: readonly string[] | undefined;
      /** The answer the plan stated, in the journal's encoding, if it stated one. */
      readonly planAnswer: JournalValue | undefined;
      /** Plan errors that belong to no task. */
      readonly errors: readonly (JournalError & { readonly code: PlanErrorCode })[];
    }
  /** A call of a task's tool began (for a tool with side effects, written before the call is made). */
  | { readonly type: 'task-start'; readonly taskId: number; readonly attempt: number }
  /** A task settled. `value` is absent when the value was `undefined` (or the task did not succeed). */
  | {
      readonly type: 'task-end';
      readonly taskId: number;
      readonly outcome: TaskOutcome;
      readonly attempts: number;
      readonly value?: JournalValue;
      readonly error?: JournalError;
    }
  /** The joiner decided on a round: finish with an answer (its text), or replan with feedback. */
  | { readonly type: 'join-end'; readonly round: number; readonly decision: JoinerDecision; readonly source: 'joiner' | 'plan' }
  /** The run ended. A run that failed or was aborted may still be resumed. */
  | { readonly type: 'run-end'; readonly status: 'finished' | 'failed' | 'aborted'; readonly answer: string | undefined; readonly error: JournalError | undefined };
