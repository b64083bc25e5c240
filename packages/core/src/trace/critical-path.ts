import type { TaskRecord } from '../execute/task-record.js';
import type { TraceData, TraceRound } from './read-trace.js';

/** One step of a run's critical path: a stretch of the planner's stream, a task, or a joiner call. */
export type CriticalStep =
  | { readonly kind: 'planner'; readonly round: number; readonly start: number; readonly end: number }
  | { readonly kind: 'task'; readonly id: number; readonly start: number; readonly end: number }
  | { readonly kind: 'joiner'; readonly round: number; readonly start: number; readonly end: number };

/**
 * The chain of steps that the run's end waited on, first to last: walking back from the last joiner call
 * (or the run's end), each step is what the next one waited for. A joiner waited for its plan's end or for
 * the last task to settle, whichever came later; a task waited for its last input (the dependency that ended
 * last), or else for the planner to write it (or, held for a clean plan end, for the plan to end); a
 * planner of a later round waited for the joiner that asked for it. A planner step runs from its call to the
 * moment the step after it was released: only that much of the stream was on the path.
 */
export function criticalPath(trace: TraceData): CriticalStep[] {
  const records = new Map<number, TaskRecord>(trace.tasks.map((record) => [record.task.id, record]));
  const rounds = new Map<number, TraceRound>(trace.rounds.map((round) => [round.round, round]));
  const steps: CriticalStep[] = [];
  const last = trace.rounds.at(-1);
  if (last === undefined) return steps;

  // What settled last before `time`, among the tasks planned so far: the step a joiner waited on.
  const lastSettledBefore = (time: number, round: number): TaskRecord | undefined => {
    let found: TaskRecord | undefined;
    for (const record of records.values()) {
      if (record.round > round || record.endedAt === undefined || record.endedAt > time) continue;
      if (found === undefined || record.endedAt > found.endedAt!) found = record;
    }
    return found;
  };

  type Next = { kind: 'joiner'; round: TraceRound } | { kind: 'task'; record: TaskRecord } | { kind: 'planner'; round: TraceRound; until: number };
  let next: Next | undefined = last.joiner === undefined ? plannerOrTask(last, trace.durationMs) : { kind: 'joiner', round: last };
  // Each step moves strictly back in the plan's order (a task to an earlier id or its planner, a planner to
  // an earlier round's joiner), so the walk ends; the guard only bounds a malformed log.
  for (let guard = records.size * 2 + rounds.size * 3 + 3; next !== undefined && guard > 0; guard--) {
    if (next.kind === 'joiner') {
      const joiner = next.round.joiner!;
      steps.push({ kind: 'joiner', round: next.round.round, start: joiner.start, end: joiner.end ?? trace.durationMs });
      next = plannerOrTask(next.round, joiner.start);
    } else if (next.kind === 'task') {
      const record = next.record;
      const start = record.startedAt ?? record.endedAt ?? record.plannedAt;
      steps.push({ kind: 'task', id: record.task.id, start, end: record.endedAt ?? trace.durationMs });
      next = waitedOn(record);
    } else {
      const { round, until } = next;
      steps.push({ kind: 'planner', round: round.round, start: round.planner.start, end: until });
      const previous = rounds.get(round.round - 1);
      next = previous?.joiner === undefined ? undefined : { kind: 'joiner', round: previous };
    }
  }
  return steps.reverse();

  /** What a joiner starting at `time` (or the run's end) waited on: the plan's end or the last task to settle. */
  function plannerOrTask(round: TraceRound, time: number): Next {
    const planEnd = round.planner.end ?? time;
    const task = lastSettledBefore(time, round.round);
    if (task !== undefined && task.endedAt! > planEnd) return { kind: 'task', record: task };
    return { kind: 'planner', round, until: planEnd };
  }

  /** What a task waited on before it could start. */
  function waitedOn(record: TaskRecord): Next | undefined {
    let latest: TaskRecord | undefined;
    for (const id of record.task.dependencies) {
      const dependency = records.get(id);
      if (dependency?.endedAt === undefined) continue;
      if (latest === undefined || dependency.endedAt > latest.endedAt!) latest = dependency;
    }
    const round = rounds.get(record.round);
    const ready = record.readyAt ?? record.endedAt ?? record.plannedAt;
    if (latest !== undefined && latest.endedAt! >= record.plannedAt) return { kind: 'task', record: latest };
    if (round === undefined) return undefined;
    // Released by the plan's end (a tool with side effects waits for a clean end), or by being written.
    const planEnd = round.planner.end;
    const until = planEnd !== undefined && ready >= planEnd && planEnd > record.plannedAt ? planEnd : record.plannedAt;
    return { kind: 'planner', round, until };
  }
}
