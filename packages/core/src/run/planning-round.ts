import type { PlanError } from '../errors/plan-error.js';
import { isCleanPlanEnd } from '../execute/unsafe-task-gate.js';
import type { FinishReason, ModelRequest, TokenUsage } from '../model/language-model.js';
import { createPlanParser } from '../plan/create-plan-parser.js';
import { END_OF_PLAN } from '../plan/end-of-plan.js';
import type { PlanAnswer, PlanEndReason, PlanEvent } from '../plan/plan-event.js';
import type { PlanWarning } from '../plan/plan-warning.js';
import { createPlannerMessages } from '../planner/create-planner-messages.js';
import { plannerToolDefinitions } from '../planner/planner-tool-definitions.js';
import type { AnyTool } from '../tool/tool.js';
import { readStream } from '../util/abortable.js';
import { heldTaskWarning } from './held-task-warning.js';
import { selectRoundTools } from './select-round-tools.js';
import { unselectedToolWarning } from './unselected-tool-warning.js';
import { observeRound } from './observe-record.js';
import { callModel } from './call-model.js';
import type { RunContext } from './run-context.js';
import type { RoundResult } from './run-result.js';
import { addUsage } from './token-usage.js';

/** A round whose plan has streamed, before the joiner decided on it. */
export type PlannedRound = Omit<RoundResult, 'decision'>;

/**
 * Runs the planning half of round `round`: selects the tools the planner is shown (with `selectTools`),
 * streams the planner's plan (a replan shows it the earlier rounds), hands each task to the scheduler the
 * moment the parser completes it, and ends the plan, which releases the tasks held for a clean end or skips
 * them.
 */
export async function runPlanningRound(context: RunContext, round: number): Promise<PlannedRound> {
  const { settings, run, scheduler } = context;
  const selected = await selectRoundTools(context, round);
  const tools = selected === undefined ? undefined : Object.freeze(selected.map((tool) => tool.name));
  if (tools !== undefined) run.emit({ type: 'tools-selected', round, tools });
  scheduler.startRound(round);
  const model = settings.planner?.model ?? settings.model;
  const request = plannerRequest(context, selected ?? settings.toolList);
  run.emit({ type: 'plan-start', round, model: model.modelId, messages: request.messages });
  // The parser knows every tool: a task calling one the planner was not shown still runs, with a warning.
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

  /** Handles the parser's events; `time` is when the piece of plan they came from arrived, if they came from one. */
  const take = (events: readonly PlanEvent[], time?: number): void => {
    for (const event of events) {
      switch (event.type) {
        case 'task':
          taskIds.push(event.task.id);
          run.emitPlanned(round, event.task, time);
          context.journal?.planned(round, event.task);
          if (selected !== undefined) take(unselectedToolWarning(context, { round, task: event.task, selected }));
          scheduler.add(event.task, time);
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
    await callModel(context, { role: 'planner', round, model: model.modelId, request }, () =>
      readStream(model.stream(request), context.signal, (part) => {
        if (part.type === 'text-delta') {
          // The tasks this piece completes were planned when it arrived: one reading of the clock for all.
          take(parser.push(part.text), run.emitToken('plan-token', round, part.text));
        } else if (part.type === 'tool-call-delta') {
          take(parser.pushToolCall(part));
        } else {
          finishReason = part.reason;
          usage = part.usage;
        }
      }),
    );
  } catch (error) {
    // A plan cut off by an error never runs its tools with side effects.
    take(parser.end());
    context.journal?.planEnd({ round, taskIds, tools, planEnd, finishReason, warnings, errors, thought, planAnswer }, false);
    scheduler.endPlan(false);
    run.emit({ type: 'plan-end', round, reason: planEnd, finishReason, clean: false, usage });
    throw error;
  }
  take(heldTaskWarning(context, taskIds));
  take(parser.end());
  if (usage !== undefined) context.usage.planner = addUsage(context.usage.planner, usage);
  const clean = isCleanPlanEnd(planEnd, finishReason);
  const planned: PlannedRound = { round, taskIds, tools, planEnd, finishReason, warnings, errors, thought, planAnswer };
  // Journaled before the held tasks are released: the start of one of them is never kept without its plan's end.
  context.journal?.planEnd(planned, clean);
  scheduler.endPlan(clean);
  run.emit({ type: 'plan-end', round, reason: planEnd, finishReason, clean, usage });
  return planned;
}

/** The planner's request: the question, the tools it is shown, and on a replan the rounds so far. */
function plannerRequest(context: RunContext, tools: readonly AnyTool[]): ModelRequest {
  const { settings, scheduler, signal } = context;
  const { format, planner } = settings;
  const record = (id: number) => scheduler.record(id)!;
  return {
    messages: createPlannerMessages({
      question: context.question,
      history: context.history,
      tools,
      format,
      rounds: context.rounds.map((done) => observeRound(done, record, settings.maxObservationChars)),
      ...(planner?.examples === undefined ? {} : { examples: planner.examples }),
      ...(planner?.instructions === undefined ? {} : { instructions: planner.instructions }),
      maxTasks: settings.maxTasksPerPlan,
      answerInPlan: context.answerInPlan,
    }),
    temperature: planner?.temperature ?? 0,
    maxTokens: planner?.maxTokens,
    signal,
    ...(format === 'text' ? { stop: [END_OF_PLAN] } : {}),
    ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}),
    ...(format === 'tool-calls' ? { tools: plannerToolDefinitions(tools, { answerInPlan: context.answerInPlan }), toolChoice: 'required' as const } : {}),
  };
}
