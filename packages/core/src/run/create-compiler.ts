import { describeValue } from '../util/describe-value.js';
import { PlanError } from '../errors/plan-error.js';
import { ReplanLimitError } from '../errors/replan-limit-error.js';
import { RunTimeoutError } from '../errors/run-timeout-error.js';
import { allowManyListeners } from '../execute/allow-many-listeners.js';
import { Scheduler } from '../execute/scheduler.js';
import type { TaskRecord } from '../execute/task-record.js';
import { createJoinerMessages } from '../joiner/create-joiner-messages.js';
import { formatObservation } from '../joiner/format-observation.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import { parseJoinerJson } from '../joiner/parse-joiner-json.js';
import { parseJoinerOutput } from '../joiner/parse-joiner-output.js';
import type { FinishReason, LanguageModel, ModelRequest, TokenUsage } from '../model/language-model.js';
import { createPlannerMessages, type PlanRound } from '../planner/create-planner-messages.js';
import { END_OF_PLAN } from '../plan/end-of-plan.js';
import { plannerToolDefinitions } from '../planner/planner-tool-definitions.js';
import type { PlanEndReason, PlanEvent } from '../plan/plan-event.js';
import { createPlanParser } from '../plan/plan-parser.js';
import type { PlanWarning } from '../plan/plan-warning.js';
import { ToolCallPlanParser } from '../plan/tool-call-plan-parser.js';
import { toToolMap } from '../plan/tool-map.js';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import type { AnyTool } from '../tool/tool.js';
import type { CompilerOptions, JoinerFunction, JoinerOptions, PlanFormat, RunOptions } from './compiler-options.js';
import type { RoundResult, RunResult, RunUsage } from './run-result.js';
import { Run } from './run.js';

/** A compiler: tools, models and limits, ready to answer questions. */
export interface Compiler {
  /** Starts a run on `question`; the run is under way when this returns. */
  run(question: string, options?: RunOptions): Run;
}

const ZERO_USAGE: TokenUsage = Object.freeze({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });

/**
 * Creates a compiler: a planner streams a plan of tool calls, each task starts the moment its inputs
 * exist, and a joiner answers or asks for a new plan, which continues from what already ran.
 *
 * @example
 * ```ts
 * const compiler = createCompiler({ model, tools: [search, math] });
 * const run = compiler.run('How much deeper is the Mariana Trench than the Puerto Rico Trench?');
 * run.on('task-end', ({ record }) => console.log(record.task.id, record.outcome));
 * const { answer } = await run.result();
 * ```
 *
 * @throws {TypeError} when an option is out of range, naming it, what was expected and what came.
 */
export function createCompiler(options: CompilerOptions): Compiler {
  const tools = toToolMap(options.tools);
  if (tools.has('join')) throw new ToolDefinitionError('Expected no tool named `join`: the plan grammar reserves it', { tool: 'join' });
  checkModel('model', options.model);
  const maxReplans = checkInteger('maxReplans', options.maxReplans ?? 2, 0);
  const maxTasksPerPlan = checkInteger('maxTasksPerPlan', options.maxTasksPerPlan ?? 100, 1);
  const maxObservationChars = checkInteger('maxObservationChars', options.maxObservationChars ?? 2000, 1);
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0 && Number.isFinite(options.timeoutMs))) {
    throw new TypeError(`Expected \`timeoutMs\` to be a positive number of milliseconds, got ${describeValue(options.timeoutMs)}`);
  }
  const format: PlanFormat = options.planner?.format ?? 'text';
  if (!['text', 'json', 'tool-calls'].includes(format)) {
    throw new TypeError(`Expected \`planner.format\` to be 'text', 'json' or 'tool-calls', got ${describeValue(format)}`);
  }
  const joiner = options.joiner;
  const joinerFormat = typeof joiner === 'function' ? 'text' : (joiner?.format ?? 'text');
  if (joinerFormat !== 'text' && joinerFormat !== 'json') {
    throw new TypeError(`Expected \`joiner.format\` to be 'text' or 'json', got ${describeValue(joinerFormat)}`);
  }
  const settings: Settings = { ...options, tools, toolList: [...tools.values()], maxReplans, maxTasksPerPlan, maxObservationChars, format };

  return {
    run(question, runOptions = {}) {
      if (typeof question !== 'string' || question.trim() === '') {
        throw new TypeError(`Expected the question to be a non-empty string, got ${describeValue(question)}`);
      }
      const controller = new AbortController();
      allowManyListeners(controller.signal);
      const run = new Run(globalThis.crypto.randomUUID(), controller, () => performance.now());
      run.setResult(execute(settings, question, run, controller, runOptions));
      return run;
    },
  };
}

interface Settings extends CompilerOptions {
  readonly tools: ReadonlyMap<string, AnyTool>;
  readonly toolList: readonly AnyTool[];
  readonly maxReplans: number;
  readonly maxTasksPerPlan: number;
  readonly maxObservationChars: number;
  readonly format: PlanFormat;
}

interface Usage {
  planner: TokenUsage;
  joiner: TokenUsage;
  calls: number;
}

async function execute(
  settings: Settings,
  question: string,
  run: Run,
  controller: AbortController,
  runOptions: RunOptions,
): Promise<RunResult> {
  // Begin on the next microtask, so listeners attached right after `run()` returns see every event.
  await Promise.resolve();
  const { signal } = controller;
  const outer = runOptions.signal;
  const onOuterAbort = (): void => controller.abort(outer!.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer =
    settings.timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new RunTimeoutError(settings.timeoutMs!)), settings.timeoutMs);

  const scheduler = new Scheduler({
    tools: settings.tools,
    concurrency: settings.concurrency,
    eager: settings.eager,
    signal,
    approve: runOptions.approve ?? settings.approve,
    now: () => run.elapsed(),
    onEvent: (event) => run.emit(event),
  });
  const usage: Usage = { planner: ZERO_USAGE, joiner: ZERO_USAGE, calls: 0 };
  const rounds: RoundResult[] = [];
  const order: number[] = [];
  run.emit({ type: 'run-start', question });
  try {
    for (let round = 1; ; round++) {
      const planned = await plan(settings, question, run, scheduler, rounds, round, usage, signal);
      order.push(...planned.taskIds);
      await scheduler.idle();
      signal.throwIfAborted();
      const mustFinish = round > settings.maxReplans;
      run.emit({ type: 'join-start', round });
      const tasks = order.map((id) => scheduler.record(id)!);
      const { decision, usage: joinUsage } = await join(settings, question, tasks, planned, round, mustFinish, usage, signal);
      run.emit({ type: 'join-end', round, decision, usage: joinUsage });
      rounds.push({ ...planned, decision });
      if (decision.action.type === 'finish') {
        const answer = decision.action.answer;
        run.emit({ type: 'run-end', status: 'finished', answer, error: undefined });
        return {
          runId: run.id,
          answer,
          tasks,
          rounds,
          usage: totalUsage(usage),
          events: run.events,
          durationMs: run.elapsed(),
        };
      }
      if (mustFinish) throw new ReplanLimitError(settings.maxReplans, decision.action.feedback);
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
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

type PlannedRound = Omit<RoundResult, 'decision'>;

/** Streams one plan, handing each task to the scheduler the moment the parser completes it. */
async function plan(
  settings: Settings,
  question: string,
  run: Run,
  scheduler: Scheduler,
  earlier: readonly RoundResult[],
  round: number,
  usage: Usage,
  signal: AbortSignal,
): Promise<PlannedRound> {
  scheduler.startRound();
  run.emit({ type: 'plan-start', round });
  const existingIds = [...scheduler.records.keys()];
  const format = settings.format;
  // Text and JSON plans arrive as text; a plan of native tool calls has its own parser.
  const calls = format === 'tool-calls' ? new ToolCallPlanParser({ tools: settings.tools, existingIds }) : undefined;
  const parser = format === 'tool-calls' ? undefined : createPlanParser({ tools: settings.tools, existingIds, format });
  const taskIds: number[] = [];
  const warnings: PlanWarning[] = [];
  const errors: PlanError[] = [];
  let planEnd = 'eof' as PlanEndReason;
  let thought: string | undefined;

  const take = (events: readonly PlanEvent[]): void => {
    for (const event of events) {
      switch (event.type) {
        case 'task':
          if (taskIds.length >= settings.maxTasksPerPlan) {
            const error = new PlanError(
              'TooManyTasksError',
              'too-many-tasks',
              `Task ${event.task.id} was not run: a plan may hold at most ${settings.maxTasksPerPlan} tasks (maxTasksPerPlan)`,
              { taskId: event.task.id, line: event.task.line },
            );
            errors.push(error);
            run.emit({ type: 'plan-error', round, error });
            break;
          }
          taskIds.push(event.task.id);
          run.emit({ type: 'task-planned', round, task: event.task });
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
          break;
      }
    }
  };

  const model = settings.planner?.model ?? settings.model;
  const request: ModelRequest = {
    messages: createPlannerMessages({
      question,
      tools: settings.toolList,
      format,
      rounds: earlier.map((done) => toPlanRound(done, scheduler, settings.maxObservationChars)),
      ...(settings.planner?.examples === undefined ? {} : { examples: settings.planner.examples }),
      ...(settings.planner?.instructions === undefined ? {} : { instructions: settings.planner.instructions }),
      maxTasks: settings.maxTasksPerPlan,
    }),
    temperature: settings.planner?.temperature ?? 0,
    maxTokens: settings.planner?.maxTokens,
    signal,
    ...(format === 'text' ? { stop: [END_OF_PLAN] } : {}),
    ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}),
    ...(format === 'tool-calls' ? { tools: plannerToolDefinitions(settings.toolList), toolChoice: 'required' as const } : {}),
  };
  let finishReason: FinishReason | undefined;
  let callUsage: TokenUsage | undefined;
  usage.calls++;
  try {
    for await (const part of model.stream(request)) {
      if (part.type === 'text-delta') {
        run.emit({ type: 'plan-token', round, text: part.text });
        take(calls === undefined ? parser!.push(part.text) : calls.pushText(part.text));
      } else if (part.type === 'tool-call-delta') {
        if (calls !== undefined) take(calls.pushToolCall(part));
      } else {
        finishReason = part.reason;
        callUsage = part.usage;
      }
    }
  } catch (error) {
    // A plan cut off by an error never runs its tools with side effects.
    take((calls ?? parser)!.end());
    scheduler.endPlan(false);
    run.emit({ type: 'plan-end', round, reason: planEnd, finishReason, clean: false, usage: callUsage });
    throw error;
  }
  take((calls ?? parser)!.end());
  if (callUsage !== undefined) usage.planner = addUsage(usage.planner, callUsage);
  const clean = planEnd === 'join' && (finishReason === 'stop' || finishReason === 'tool-calls');
  scheduler.endPlan(clean);
  run.emit({ type: 'plan-end', round, reason: planEnd, finishReason, clean, usage: callUsage });
  return { round, taskIds, planEnd, finishReason, warnings, errors, thought };
}

/** Asks the joiner to answer or replan. */
async function join(
  settings: Settings,
  question: string,
  tasks: readonly TaskRecord[],
  planned: PlannedRound,
  round: number,
  mustFinish: boolean,
  usage: Usage,
  signal: AbortSignal,
): Promise<{ decision: JoinerDecision; usage: TokenUsage | undefined }> {
  const joiner = settings.joiner;
  if (typeof joiner === 'function') {
    const decided = await (joiner as JoinerFunction)({ question, round, tasks, mustFinish, signal });
    const decision: JoinerDecision = typeof decided === 'string' ? { thought: undefined, action: { type: 'finish', answer: decided } } : decided;
    return { decision, usage: undefined };
  }
  const options: JoinerOptions = joiner ?? {};
  const model: LanguageModel = options.model ?? settings.model;
  const format = options.format ?? 'text';
  // Plan errors that belong to no task (a repeated id, too many tasks) are shown too: nothing is dropped.
  const planErrors = planned.errors.length === 0 ? undefined : `The plan also had these errors:\n${planned.errors.map((error) => `- ${error.message}`).join('\n')}`;
  const instructions = [planErrors, options.instructions].filter((part) => part !== undefined).join('\n\n') || undefined;
  const messages = createJoinerMessages({
    question,
    tasks: tasks.map((record) => describeRecord(record, settings.maxObservationChars)),
    ...(planned.thought === undefined ? {} : { plannerThought: planned.thought }),
    mustFinish,
    format,
    ...(instructions === undefined ? {} : { instructions }),
  });
  let text = '';
  let callUsage: TokenUsage | undefined;
  usage.calls++;
  for await (const part of model.stream({
    messages,
    temperature: options.temperature ?? 0,
    maxTokens: options.maxTokens,
    signal,
    ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}),
  })) {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'finish') callUsage = part.usage;
  }
  if (callUsage !== undefined) usage.joiner = addUsage(usage.joiner, callUsage);
  return { decision: format === 'json' ? parseJoinerJson(text) : parseJoinerOutput(text), usage: callUsage };
}

/** A settled task as the joiner and a replanning planner see it: its call and its (truncated) observation. */
function describeRecord(record: TaskRecord, maxChars: number) {
  const { task } = record;
  const observation = formatObservation(record.outcome === 'ok' ? record.value : errorMessage(record.error), maxChars);
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

function toPlanRound(done: RoundResult, scheduler: Scheduler, maxChars: number): PlanRound {
  const tasks = done.taskIds.map((id) => describeRecord(scheduler.record(id)!, maxChars));
  return {
    tasks,
    ...(done.decision?.action.type === 'replan' ? { feedback: done.decision.action.feedback } : {}),
    ...(done.thought === undefined ? {} : { thought: done.thought }),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

function totalUsage(usage: Usage): RunUsage {
  return { planner: usage.planner, joiner: usage.joiner, total: addUsage(usage.planner, usage.joiner), calls: usage.calls };
}

function checkInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`Expected \`${name}\` to be an integer from ${min} and up, got ${describeValue(value)}`);
  }
  return value;
}

function checkModel(name: string, model: unknown): void {
  if (model === null || typeof model !== 'object' || typeof (model as LanguageModel).stream !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a LanguageModel (an object with a \`stream\` method), got ${describeValue(model)}`);
  }
}

