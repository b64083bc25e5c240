import type { PlanError } from '../errors/plan-error.js';
import { isCleanPlanEnd } from '../execute/unsafe-task-gate.js';
import type { FinishReason, ModelRequest, TokenUsage } from '../model/language-model.js';
import { createPlanParser } from '../plan/create-plan-parser.js';
import { END_OF_PLAN } from '../plan/end-of-plan.js';
import type { PlanAnswer, PlanEndReason, PlanEvent } from '../plan/plan-event.js';
import type { PlanWarning } from '../plan/plan-warning.js';
import { createPlannerMessages } from '../planner/create-planner-messages.js';
import { plannerToolDefinitions } from '../planner/planner-tool-definitions.js';
import { readStream } from '../util/abortable.js';
import { heldTaskWarning } from './held-task-warning.js';
import { observeRound } from './observe-record.js';
import type { RunContext } from './run-context.js';
import type { RoundResult } from './run-result.js';
import { addUsage } from './token-usage.js';

/** A round whose plan has streamed, before the joiner decided on it. */
export type PlannedRound = Omit<RoundResult, 'decision'>;

/**
 * Runs the planning half of round `round`: streams the planner's plan (a replan shows it the earlier
 * rounds), hands each task to the scheduler the moment the parser completes it, and ends the plan, which
 * releases the tasks held for a clean end or skips them.
 */
export async function runPlanningRound(context: RunContext, round: number): Promise<PlannedRound> {
  const { settings, run, scheduler } = context;
  scheduler.startRound(round);
  const model = settings.planner?.model ?? settings.model;
  run.emit({ type: 'plan-start', round, model: model.modelId });
  const parser = createPlanParser({
    tools: settings.tools,
    existingIds: scheduler.taskIds(),
    format: settings.format,
    maxTasks: settings.maxTasksPerPlan,
  });
  const taskIds: number[] = [];
  const warnings: PlanWarning[] = [];
  const errors: PlanError[] = [];
  let planEnd: PlanEndReason = 'eof';
  let thought: string | undefined;
  let planAnswer: PlanAnswer | undefined;

  const take = (events: readonly PlanEvent[]): void => {
    for (const event of events) {
      switch (event.type) {
        case 'task':
          taskIds.push(event.task.id);
          run.emitPlanned(round, event.task);
          scheduler.add(event.task);
          break;
        case 'warning':
          warnings.push(event.warning);
          run.emit({ type: 'plan-warning', round, warning: event.warning });
          break;
        case 'error':
          errors.push(event.error);
          run.emit({ type: 'plan-error', round, error: event.error });
          break;
        case 'end':
          planEnd = event.reason;
          thought = event.thought;
          planAnswer = event.answer;
          break;
      }
    }
  };

  let finishReason: FinishReason | undefined;
  let usage: TokenUsage | undefined;
  context.usage.calls++;
  try {
    // An abort ends the wait at once, even for a model that ignores its signal.
    await readStream(model.stream(plannerRequest(context)), context.signal, (part) => {
      if (part.type === 'text-delta') {
        run.emitToken('plan-token', round, part.text);
        take(parser.push(part.text));
      } else if (part.type === 'tool-call-delta') {
        take(parser.pushToolCall(part));
      } else {
        finishReason = part.reason;
        usage = part.usage;
      }
    });
  } catch (error) {
    // A plan cut off by an error never runs its tools with side effects.
    take(parser.end());
    scheduler.endPlan(false);
    run.emit({ type: 'plan-end', round, reason: planEnd, finishReason, clean: false, usage });
    throw error;
  }
  take(heldTaskWarning(context, taskIds));
  take(parser.end());
  if (usage !== undefined) context.usage.planner = addUsage(context.usage.planner, usage);
  const clean = isCleanPlanEnd(planEnd, finishReason);
  scheduler.endPlan(clean);
  run.emit({ type: 'plan-end', round, reason: planEnd, finishReason, clean, usage });
  return { round, taskIds, planEnd, finishReason, warnings, errors, thought, planAnswer };
}

/** The planner's request: the question, the tools, and on a replan the rounds so far. */
function plannerRequest(context: RunContext): ModelRequest {
  const { settings, scheduler, signal } = context;
  const { format, planner } = settings;
  const record = (id: number) => scheduler.record(id)!;
  return {
    messages: createPlannerMessages({
      question: context.question,
      tools: settings.toolList,
      format,
      rounds: context.rounds.map((done) => observeRound(done, record, settings.maxObservationChars)),
      ...(planner?.examples === undefined ? {} : { examples: planner.examples }),
      ...(planner?.instructions === undefined ? {} : { instructions: planner.instructions }),
      maxTasks: settings.maxTasksPerPlan,
      answerInPlan: settings.answerInPlan,
    }),
    temperature: planner?.temperature ?? 0,
    maxTokens: planner?.maxTokens,
    signal,
    ...(format === 'text' ? { stop: [END_OF_PLAN] } : {}),
    ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}),
    ...(format === 'tool-calls' ? { tools: plannerToolDefinitions(settings.toolList, { answerInPlan: settings.answerInPlan }), toolChoice: 'required' as const } : {}),
  };
}
