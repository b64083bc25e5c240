import { ReplanLimitError } from '../errors/replan-limit-error.js';
import { RunTimeoutError } from '../errors/run-timeout-error.js';
import { followSignal } from '../execute/follow-signal.js';
import type { TaskRecord } from '../execute/task-record.js';
import { emitAnswer, emitJoinStart, runJoiningRound, type JoinedRound } from './joining-round.js';
import { runPlanningRound } from './planning-round.js';
import { resolvePlanAnswer } from './resolve-plan-answer.js';
import type { ConversationMessage } from './conversation-message.js';
import type { RunContext } from './run-context.js';
import type { RunResult } from './run-result.js';
import { totalUsage } from './token-usage.js';

/**
 * The run loop: plan a round, wait until its tasks have settled, join; answer, or plan again with what
 * already ran, until the joiner finishes or `maxReplans` is spent. A plan that stated its answer, whose
 * tasks succeeded, finishes without the joiner (`planner.answerInPlan`, never with an answer schema). The
 * result's `messages` continue the conversation: the answer, after the question when the input was one.
 * Whatever ends the run (an answer, an error, an abort, the run's timeout), every running tool is stopped and
 * waited for, and `run-end` is the last event.
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

  const order: number[] = [];
  run.emit({ type: 'run-start', question: context.question, timeOrigin: run.timeOrigin });
  try {
    for (let round = 1; ; round++) {
      const planned = await runPlanningRound(context, round);
      order.push(...planned.taskIds);
      await scheduler.idle();
      signal.throwIfAborted();
      const mustFinish = round > settings.maxReplans;
      const tasks: TaskRecord[] = order.map((id) => scheduler.record(id)!);
      // The plan's own answer, when it stated one and its tasks succeeded, saves the joiner's round trip.
      const stated = context.answerInPlan ? resolvePlanAnswer(planned, scheduler) : undefined;
      let joined: JoinedRound;
      if (stated === undefined) {
        joined = await runJoiningRound(context, { planned, tasks, mustFinish });
      } else {
        emitJoinStart(context, round, undefined);
        emitAnswer(context, round, stated);
        joined = { decision: { thought: undefined, action: { type: 'finish', answer: stated } }, usage: undefined, value: stated };
      }
      const { decision, usage } = joined;
      const joinEnd = run.emit({ type: 'join-end', round, decision, usage, source: stated === undefined ? 'joiner' : 'plan' });
      context.rounds.push({ ...planned, decision });
      if (decision.action.type === 'finish') {
        // With an answer schema, `answer` is the JSON text and `joined.value` the schema's output.
        const { answer } = decision.action;
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
      if (mustFinish) throw new ReplanLimitError({ maxReplans: settings.maxReplans, feedback: decision.action.feedback });
      run.emit({ type: 'replan', round, feedback: decision.action.feedback });
    }
  } catch (error) {
    // Whatever still runs is aborted and waited for: nothing outlives the run.
    const aborted = signal.aborted;
    const reason: unknown = aborted ? signal.reason : error;
    if (!aborted) controller.abort(error);
    await scheduler.idle();
    run.emit({ type: 'run-end', status: aborted ? 'aborted' : 'failed', answer: undefined, error: reason });
    throw reason;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    unfollow?.();
  }
}
