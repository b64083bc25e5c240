import { EffectUnknownError } from '../errors/effect-unknown-error.js';
import { PlanError } from '../errors/plan-error.js';
import { decodeError, decodePlanAnswer } from '../journal/journal-encoding.js';
import type { JournaledRound, JournaledRun } from './read-journal.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import { canReattach } from '../tool/reattach.js';
import type { PlannedRound } from './planning-round.js';
import type { RunContext } from './run-context.js';
import type { JoinSource } from './run-event.js';

/** Where a resumed run goes on from. */
export interface RestoredRun {
  /** Every journaled task id, in the order planned. */
  readonly order: number[];
  /** The round to plan next, or the round to join when `pending` is set. */
  readonly next: number;
  /** A round whose plan was journaled but not joined: it is joined next, once its tasks settle. */
  readonly pending: PlannedRound | undefined;
  /** A finish the joiner had already decided: the run ends with it, calling no model. */
  readonly finished: { readonly round: number; readonly decision: JoinerDecision; readonly source: JoinSource } | undefined;
}

/**
 * Rebuilds a run from its journal, round by round, in the run's scheduler: every task is planned again
 * (`task-planned`); one that settled is restored with its value or error, not run; one that never started
 * is added and runs as planned; one that was running when the process died runs again when its tool is
 * `'none'` or `'idempotent'` or can reattach to its call (a remote tool's job), and otherwise settles with
 * an {@link EffectUnknownError}. A task that was aborted or skipped is added again (it runs or is skipped
 * anew). Rounds that replanned emit their `join-end` and `replan`; the run goes on after the last. The ids
 * of interrupted tasks whose tools reattach are added to `interrupted`.
 */
export function restoreRounds(context: RunContext, journaled: JournaledRun, interrupted: Set<number>): RestoredRun {
  const { run, scheduler, settings } = context;
  const journal = context.journal!;
  const order: number[] = [];
  let next = 1;
  for (const round of journaled.rounds) {
    scheduler.startRound(round.round);
    for (const task of round.tasks) {
      order.push(task.id);
      run.emitPlanned(round.round, task);
      const state = journaled.tasks.get(task.id)!;
      const { end } = state;
      if (end !== undefined && (end.outcome === 'ok' || end.outcome === 'error' || end.outcome === 'timeout')) {
        const restored = { outcome: end.outcome, value: end.value, error: end.error === undefined ? undefined : decodeError(end.error), attempts: end.attempts };
        journal.restoring(task.id, () => scheduler.restore(task, restored));
        continue;
      }
      const tool = settings.tools.get(task.tool);
      if (state.attempt > 0 && tool?.sideEffects === 'unsafe') {
        if (!canReattach(tool)) {
          const error = new EffectUnknownError({ tool: tool.name, taskId: task.id, reason: 'run-interrupted' });
          scheduler.restore(task, { outcome: 'error', value: undefined, error, attempts: state.attempt });
          continue;
        }
        interrupted.add(task.id);
      }
      scheduler.add(task);
    }
    scheduler.endPlan(round.planEnd?.clean ?? false);
    const planned = plannedRound(round);
    if (round.decision === undefined) return { order, next: round.round, pending: planned, finished: undefined };
    const { decision, source } = round.decision;
    context.rounds.push({ ...planned, decision });
    // The loop emits the finishing round's `join-end`, after its answer.
    if (decision.action.type === 'finish') return { order, next: round.round, pending: undefined, finished: { round: round.round, decision, source } };
    run.emit({ type: 'join-end', round: round.round, decision, usage: undefined, source });
    run.emit({ type: 'replan', round: round.round, feedback: decision.action.feedback });
    next = round.round + 1;
  }
  return { order, next, pending: undefined, finished: undefined };
}

/** A journaled round as the loop's planning half returns it; a plan cut mid-way ended at `eof`. */
function plannedRound(round: JournaledRound): PlannedRound {
  const end = round.planEnd;
  return {
    round: round.round,
    taskIds: round.tasks.map((task) => task.id),
    tools: end?.tools,
    planEnd: end?.reason ?? 'eof',
    finishReason: end?.finishReason,
    warnings: [],
    errors: (end?.errors ?? []).map((error) => new PlanError(error.name, error.code, error.message)),
    thought: end?.thought,
    planAnswer: end?.planAnswer === undefined ? undefined : decodePlanAnswer(end.planAnswer),
  };
}
