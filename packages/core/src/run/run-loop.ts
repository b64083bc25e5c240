import { AnswerValidationError } from '../errors/answer-validation-error.js';
import { ReplanLimitError } from '../errors/replan-limit-error.js';
import { RunTimeoutError } from '../errors/run-timeout-error.js';
import { followSignal } from '../execute/follow-signal.js';
import type { TaskRecord } from '../execute/task-record.js';
import { encodeError } from '../journal/journal-encoding.js';
import { emitAnswer, emitJoinStart, runJoiningRound, type JoinedRound } from './joining-round.js';
import { runPlanningRound, type PlannedRound } from './planning-round.js';
import { restoreRounds } from './restore-rounds.js';
import { readStructuredAnswer } from './read-structured-answer.js';
import { resolvePlanAnswer } from './resolve-plan-answer.js';
import type { ConversationMessage } from './conversation-message.js';
import type { RunContext } from './run-context.js';
import type { JoinSource } from './run-event.js';
import type { RunResult } from './run-result.js';
import { totalUsage } from './token-usage.js';

/**
 * The run loop: plan a round, wait until its tasks have settled, join; answer, or plan again with what
 * already ran, until the joiner finishes or `maxReplans` is spent. A plan that stated its answer, whose
 * tasks succeeded, finishes without the joiner (`planner.answerInPlan`, never with an answer schema). The
 * result's `messages` continue the conversation: the answer, after the question when the input was one.
 * Whatever ends the run (an answer, an error, an abort, the run's timeout), every running tool is stopped and
 * waited for, and `run-end` is the last event.
 *
 * A resumed run first rebuilds its rounds from the journal (see {@link restoreRounds}): it ends at once with
 * an answer already decided, joins a round whose plan was journaled but not joined, or plans the next round.
 * With a journal, every entry is written before `run-end`.
 */
export async function runLoop(context: RunContext, controller: AbortController): Promise<RunResult<unknown>> {
  // Begin on the next microtask, so listeners attached right after `run()` returns see every event.
  await Promise.resolve();
  const { settings, run, scheduler, signal } = context;
  const outer = context.runOptions.signal;
  // Every run that follows one caller signal shares one listener on it.
  const unfollow = outer === undefined ? undefined : followSignal(outer, (reason) => controller.abort(reason));
  const { timeoutMs } = settings;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new RunTimeoutError({ timeoutMs })), timeoutMs);

  const { journal } = context;
  const start = { type: 'run-start', question: context.question, timeOrigin: run.timeOrigin } as const;
  run.emit(context.resumed === undefined ? start : { ...start, resumed: true });
  try {
    const restored = context.resumed === undefined ? undefined : restoreRounds(context, context.resumed, context.interrupted);
    const order = restored?.order ?? [];
    for (let round = restored?.next ?? 1; ; round++) {
      const resuming = restored !== undefined && round === restored.next;
      let decided: DecidedRound;
      if (resuming && restored.finished !== undefined) {
        // The journal holds the answer (its round is in `context.rounds` already): no model is called.
        const { decision, source } = restored.finished;
        const answer = decision.action.type === 'finish' ? decision.action.answer : '';
        const value = await answerValue(context, answer);
        emitAnswer(context, round, answer);
        decided = { joined: { decision, usage: undefined, value }, source, tasks: order.map((id) => scheduler.record(id)!) };
      } else {
        const planned = resuming && restored.pending !== undefined ? restored.pending : await runPlanningRound(context, round);
        if (planned !== restored?.pending) order.push(...planned.taskIds);
        decided = await joinRound(context, planned, order);
        context.rounds.push({ ...planned, decision: decided.joined.decision });
        journal?.append({ type: 'join-end', round, decision: decided.joined.decision, source: decided.source });
      }
      const { joined, source, tasks } = decided;
      const { decision, usage } = joined;
      const joinEnd = run.emit({ type: 'join-end', round, decision, usage, source });
      if (decision.action.type === 'finish') {
        // With an answer schema, `answer` is the JSON text and `joined.value` the schema's output.
        const { answer } = decision.action;
        if (journal !== undefined) {
          journal.append({ type: 'run-end', status: 'finished', answer, error: undefined });
          await journal.flush();
        }
        run.emit({ type: 'run-end', status: 'finished', answer, error: undefined });
        const reply: ConversationMessage = { role: 'assistant', content: answer };
        return {
          runId: run.id,
          answer: joined.value,
          messages: context.conversation ? [reply] : [{ role: 'user', content: context.question }, reply],
          tasks,
          rounds: context.rounds,
          usage: totalUsage(context.usage),
          events: run.events,
          durationMs: run.elapsed(),
          firstAnswerAt: run.firstAnswerAt ?? joinEnd.time,
        };
      }
      if (round > settings.maxReplans) throw new ReplanLimitError({ maxReplans: settings.maxReplans, feedback: decision.action.feedback });
      run.emit({ type: 'replan', round, feedback: decision.action.feedback });
    }
  } catch (error) {
    // Whatever still runs is aborted and waited for: nothing outlives the run.
    const aborted = signal.aborted;
    const reason: unknown = aborted ? signal.reason : error;
    if (!aborted) controller.abort(error);
    await scheduler.idle();
    const status = aborted ? 'aborted' : 'failed';
    if (journal !== undefined) {
      journal.append({ type: 'run-end', status, answer: undefined, error: encodeError(reason) });
      // The run fails with its own error; a journal that cannot be written says so on the next resume.
      await journal.flush().catch(() => {});
    }
    run.emit({ type: 'run-end', status, answer: undefined, error: reason });
    throw reason;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    unfollow?.();
  }
}

/** A round the joiner (or the plan's stated answer, or the journal) decided. */
interface DecidedRound {
  readonly joined: JoinedRound;
  readonly source: JoinSource;
  /** Every task so far, settled, in the order planned. */
  readonly tasks: TaskRecord[];
}

/** Waits for the round's tasks to settle, then has the joiner decide, or takes the answer the plan stated. */
async function joinRound(context: RunContext, planned: PlannedRound, order: readonly number[]): Promise<DecidedRound> {
  const { settings, run, scheduler, signal } = context;
  const { round } = planned;
  await scheduler.idle();
  signal.throwIfAborted();
  const tasks: TaskRecord[] = order.map((id) => scheduler.record(id)!);
  // The plan's own answer, when it stated one and its tasks succeeded, saves the joiner's round trip.
  const stated = context.answerInPlan ? resolvePlanAnswer(planned, scheduler) : undefined;
  if (stated === undefined) {
    return { joined: await runJoiningRound(context, { planned, tasks, mustFinish: round > settings.maxReplans }), source: 'joiner', tasks };
  }
  emitJoinStart(context, round, undefined);
  emitAnswer(context, round, stated);
  return { joined: { decision: { thought: undefined, action: { type: 'finish', answer: stated } }, usage: undefined, value: stated }, source: 'plan', tasks };
}

/**
 * A journaled answer as the run gives it: the text, or with an answer schema (given again to `resume()`)
 * the schema's output for its JSON text, which was valid when it was written.
 *
 * @throws {AnswerValidationError} when the answer does not fit the schema given now.
 */
async function answerValue(context: RunContext, answer: string): Promise<unknown> {
  if (context.answerSchema === undefined) return answer;
  const read = await readStructuredAnswer(answer, context.answerSchema);
  if (!read.success) throw new AnswerValidationError({ issues: read.issues, text: answer, attempts: 1 });
  return read.value;
}
