import { RunNotFoundError } from '../errors/run-not-found-error.js';
import type { TaskOutcome } from '../execute/task-record.js';
import type { Task } from '../graph/task.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import { decodeTask } from '../journal/journal-encoding.js';
import type { JournalEntry, JournalError, JournalValue } from '../journal/run-journal.js';
import type { ConversationMessage } from './conversation-message.js';
import type { JoinSource } from './run-event.js';

/** One round as its journal tells it. */
export interface JournaledRound {
  readonly round: number;
  /** Its tasks, in the order planned. */
  readonly tasks: Task[];
  /** How its plan ended; `undefined` when the process died while the plan streamed. */
  planEnd: Extract<JournalEntry, { type: 'plan-end' }> | undefined;
  /** What the joiner decided; `undefined` when it had not. */
  decision: { readonly decision: JoinerDecision; readonly source: JoinSource } | undefined;
}

/** What the journal says of one task. */
export interface JournaledTask {
  /** The last attempt that began, 0 if none did. */
  attempt: number;
  /** How it settled, if it did. */
  end: { readonly outcome: TaskOutcome; readonly attempts: number; readonly value?: JournalValue; readonly error?: JournalError } | undefined;
}

/** A run as its journal tells it. */
export interface JournaledRun {
  readonly runId: string;
  readonly input: string | readonly ConversationMessage[];
  /** Whether it was started with an answer schema. */
  readonly structured: boolean;
  readonly rounds: readonly JournaledRound[];
  readonly tasks: ReadonlyMap<number, JournaledTask>;
}

/**
 * Folds a run's journal into its rounds and tasks. A fact written twice (a resumed run writes the ends of
 * the tasks it ran) counts once, the later one winning.
 *
 * @throws {RunNotFoundError} when the journal is empty or does not begin with `run-start`.
 */
export function readJournal(runId: string, entries: readonly JournalEntry[]): JournaledRun {
  const first = entries[0];
  if (first?.type !== 'run-start') {
    throw new RunNotFoundError({ runId, detail: first === undefined ? 'no entries' : `\`${String(first.type)}\`` });
  }
  const rounds = new Map<number, JournaledRound>();
  const tasks = new Map<number, JournaledTask>();
  const roundOf = (round: number): JournaledRound => {
    let found = rounds.get(round);
    if (found === undefined) rounds.set(round, (found = { round, tasks: [], planEnd: undefined, decision: undefined }));
    return found;
  };
  for (const entry of entries) {
    switch (entry.type) {
      case 'task-planned': {
        const task = decodeTask(entry.task);
        if (tasks.has(task.id)) break;
        roundOf(entry.round).tasks.push(task);
        tasks.set(task.id, { attempt: 0, end: undefined });
        break;
      }
      case 'plan-end':
        roundOf(entry.round).planEnd = entry;
        break;
      case 'task-start': {
        const task = tasks.get(entry.taskId);
        if (task !== undefined) task.attempt = entry.attempt;
        break;
      }
      case 'task-end': {
        const task = tasks.get(entry.taskId);
        if (task !== undefined) task.end = entry;
        break;
      }
      case 'join-end':
        roundOf(entry.round).decision = { decision: entry.decision, source: entry.source };
        break;
    }
  }
  return { runId, input: first.input, structured: first.structured, rounds: [...rounds.values()].sort((a, b) => a.round - b.round), tasks };
}
