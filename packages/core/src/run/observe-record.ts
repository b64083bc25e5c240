import type { TaskRecord } from '../execute/task-record.js';
import { formatObservation } from '../joiner/format-observation.js';
import type { ObservedTask } from '../joiner/observed-task.js';
import type { PlanRound } from '../planner/plan-round.js';
import { describeError } from '../util/describe-error.js';
import type { RoundResult } from './run-result.js';

/** A settled task as the joiner and a replanning planner see it: its call and its (truncated) observation. */
export function observeRecord(record: TaskRecord, maxChars: number): ObservedTask {
  const { task } = record;
  const observation = formatObservation(record.outcome === 'ok' ? record.value : describeError(record.error), maxChars);
  return {
    id: task.id,
    tool: task.tool,
    source: task.source,
    ...(task.thought === undefined ? {} : { thought: task.thought }),
    observation,
    failed: record.outcome !== 'ok' && record.outcome !== 'skipped',
    skipped: record.outcome === 'skipped',
  };
}

/** A joined round as a replanning planner is shown it: its tasks, its last thought, the joiner's feedback. */
export function observeRound(round: RoundResult, record: (id: number) => TaskRecord, maxChars: number): PlanRound {
  return {
    tasks: round.taskIds.map((id) => observeRecord(record(id), maxChars)),
    ...(round.decision?.action.type === 'replan' ? { feedback: round.decision.action.feedback } : {}),
    ...(round.thought === undefined ? {} : { thought: round.thought }),
  };
}
