import type { Task } from '../graph/task.js';

/** Where a task is in its life. */
export type TaskStatus =
  /** Waiting for the tasks it depends on, or (for tools with side effects) for the plan to end cleanly. */
  | 'waiting'
  /** Waiting for approval. */
  | 'approval'
  /** Ready, waiting for a free slot under the concurrency limits. */
  | 'queued'
  | 'running'
  | 'settled';

/** How a task settled. */
export type TaskOutcome = 'ok' | 'error' | 'timeout' | 'aborted' | 'skipped';

/**
 * Everything known about one task of a run: the task, how it ended, its value or error, and its timings
 * (milliseconds on the run's clock), enough to draw the run as a Gantt chart.
 */
export interface TaskRecord {
  readonly task: Task;
  /** The planning round the task came from, from 1. */
  readonly round: number;
  readonly status: TaskStatus;
  /** Set once the task has settled. */
  readonly outcome: TaskOutcome | undefined;
  /**
   * The input the tool was called with (references resolved, validated against its input schema), once it
   * was computed: when the task started or asked for approval. `undefined` for a task that never got there
   * (skipped, failed before its input could be resolved).
   */
  readonly input: unknown;
  /** The tool's result (after output validation) when the outcome is `ok`. */
  readonly value: unknown;
  /** Why the task did not succeed: a typed error of this library, or what the tool threw. */
  readonly error: unknown;
  /** How many times the tool was called (0 if it never ran). */
  readonly attempts: number;
  /** When the planner's task arrived. */
  readonly plannedAt: number;
  /** When its inputs were all available and it could start (before any approval or free slot). */
  readonly readyAt: number | undefined;
  /** When its tool was first called. */
  readonly startedAt: number | undefined;
  /** When it settled. */
  readonly endedAt: number | undefined;
}

/** A frozen copy of a record: what events and results carry, so that later changes never reach them. */
export function snapshotRecord(record: TaskRecord): TaskRecord {
  // Every field written out: a literal of one shape copies and freezes several times faster than a spread
  // (measured by the scheduling benchmark), and this runs at least twice per task.
  return Object.freeze({
    task: record.task,
    round: record.round,
    status: record.status,
    outcome: record.outcome,
    input: record.input,
    value: record.value,
    error: record.error,
    attempts: record.attempts,
    plannedAt: record.plannedAt,
    readyAt: record.readyAt,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
  });
}
