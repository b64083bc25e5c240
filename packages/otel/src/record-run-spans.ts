import type { RunEvent, RunEventOf, TaskRecord, TokenUsage } from '@llmcompiler/core';
import { SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { errorType } from './error-type.js';
import { ATTR, OPERATION } from './gen-ai-attributes.js';
import { toJson } from './to-json.js';

/** How a run's spans are written. */
export interface RunSpanOptions {
  /** The tracer the spans are started with. */
  readonly tracer: Tracer;
  /** When the run's clock read 0 (its events' `time`), in milliseconds since the Unix epoch. */
  readonly startTime: number;
  /** The context the `invoke_agent` span is a child of. */
  readonly context: Context;
  /** Whether inputs and outputs are recorded (the conventions' opt-in attributes). */
  readonly recordContent: boolean;
  /** `gen_ai.agent.name`. */
  readonly agentName: string;
  /** `gen_ai.provider.name` of the model calls, when known. */
  readonly providerName: string | undefined;
}

/** One round of the run, as the event log tells it. */
interface RoundLog {
  start: RunEventOf<'plan-start'> | undefined;
  end: RunEventOf<'plan-end'> | undefined;
  planText: string;
  joinStart: RunEventOf<'join-start'> | undefined;
  joinEnd: RunEventOf<'join-end'> | undefined;
  replan: RunEventOf<'replan'> | undefined;
}

/**
 * Writes the spans of one run from its event log, with the times the run recorded (never measured again):
 *
 * ```
 * invoke_agent {agent}                 the run
 * ├── plan {agent}                     a round's plan, as it streamed
 * │   └── chat {planner model}         the planner's model call
 * ├── execute_tool {tool}              one per task, beside the plan (the conventions: "the tool or task spans
 * ├── execute_tool {tool}              produced from the plan are typically sibling operations under the
 * │                                    same invoke_agent span"), overlapping when the tasks did
 * ├── chat {joiner model}              the joiner's model call (a span `join` for a function joiner)
 * └── plan {agent} ...                 a replan: the next round
 * ```
 *
 * Returns the `invoke_agent` span (ended). When it is not recording (a no-op tracer, or sampled out), no
 * other span is made.
 */
export function recordRunSpans(events: readonly RunEvent[], options: RunSpanOptions): Span | undefined {
  const first = events[0];
  if (first === undefined) return undefined;
  const { tracer, startTime, recordContent, agentName } = options;
  const at = (time: number) => startTime + time;
  const runEnd = events.findLast((event): event is RunEventOf<'run-end'> => event.type === 'run-end');
  const lastTime = runEnd?.time ?? events.at(-1)!.time;
  const runStart = events.find((event): event is RunEventOf<'run-start'> => event.type === 'run-start');

  const rounds = new Map<number, RoundLog>();
  const roundOf = (round: number): RoundLog => {
    let log = rounds.get(round);
    if (log === undefined) {
      log = { start: undefined, end: undefined, planText: '', joinStart: undefined, joinEnd: undefined, replan: undefined };
      rounds.set(round, log);
    }
    return log;
  };
  const records = new Map<number, TaskRecord>();
  const retries = new Map<number, RunEventOf<'task-retry'>[]>();
  let usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  for (const event of events) {
    switch (event.type) {
      case 'plan-start':
        roundOf(event.round).start = event;
        break;
      case 'plan-token':
        if (recordContent) roundOf(event.round).planText += event.text;
        break;
      case 'plan-end':
        roundOf(event.round).end = event;
        if (event.usage !== undefined) usage = add(usage, event.usage);
        break;
      case 'task-planned':
        records.set(event.task.id, plannedRecord(event));
        break;
      case 'task-start':
      case 'task-end':
        records.set(event.record.task.id, event.record);
        break;
      case 'task-retry': {
        const list = retries.get(event.record.task.id) ?? [];
        list.push(event);
        retries.set(event.record.task.id, list);
        break;
      }
      case 'join-start':
        roundOf(event.round).joinStart = event;
        break;
      case 'join-end':
        roundOf(event.round).joinEnd = event;
        if (event.usage !== undefined) usage = add(usage, event.usage);
        break;
      case 'replan':
        roundOf(event.round).replan = event;
        break;
      default:
        break;
    }
  }

  const attributes: Attributes = {
    [ATTR.operationName]: OPERATION.invokeAgent,
    [ATTR.agentName]: agentName,
    [ATTR.runId]: first.runId,
  };
  if (options.providerName !== undefined) attributes[ATTR.providerName] = options.providerName;
  if (recordContent && runStart !== undefined) attributes[ATTR.inputMessages] = toJson([userMessage(runStart.question)]);
  const root = tracer.startSpan(`${OPERATION.invokeAgent} ${agentName}`, { kind: SpanKind.INTERNAL, startTime: at(first.time), attributes }, options.context);
  if (!root.isRecording()) {
    root.end(at(lastTime));
    return root;
  }
  const parent = trace.setSpan(options.context, root);
  const child = (name: string, kind: SpanKind, start: number, attrs: Attributes, context = parent) =>
    tracer.startSpan(name, { kind, startTime: at(start), attributes: attrs }, context);

  for (const [round, log] of rounds) {
    if (log.start !== undefined) recordPlan(round, log);
    if (log.joinStart !== undefined) recordJoin(round, log);
    if (log.replan !== undefined) root.addEvent('llmcompiler.replan', { [ATTR.round]: round, ...(recordContent ? { 'llmcompiler.replan.feedback': log.replan.feedback } : {}) }, at(log.replan.time));
  }
  for (const record of records.values()) recordTask(record);

  root.setAttributes({ [ATTR.inputTokens]: usage.promptTokens, [ATTR.outputTokens]: usage.completionTokens, [ATTR.replans]: Math.max(0, rounds.size - 1) });
  if (runEnd === undefined) {
    // A log cut before its end (the run is still going): the span ends at the last event.
  } else if (runEnd.status === 'finished') {
    if (recordContent && runEnd.answer !== undefined) root.setAttribute(ATTR.outputMessages, toJson([assistantMessage(runEnd.answer, 'stop')]));
  } else {
    fail(root, runEnd.error);
  }
  root.end(at(lastTime));
  return root;

  function recordPlan(round: number, log: RoundLog): void {
    const start = log.start!;
    const end = log.end;
    const endTime = end?.time ?? lastTime;
    const plan = child(`${OPERATION.plan} ${agentName}`, SpanKind.INTERNAL, start.time, {
      [ATTR.operationName]: OPERATION.plan,
      [ATTR.agentName]: agentName,
      [ATTR.round]: round,
    });
    const chat = child(`${OPERATION.chat} ${start.model}`, SpanKind.CLIENT, start.time, chatAttributes(start.model, round), trace.setSpan(options.context, plan));
    if (end !== undefined) {
      plan.setAttributes({ [ATTR.planEnd]: end.reason, [ATTR.planClean]: end.clean, [ATTR.planTasks]: countTasks(round) });
      if (end.usage !== undefined) chat.setAttributes(usageAttributes(end.usage));
      if (end.finishReason !== undefined) chat.setAttribute(ATTR.finishReasons, [finishReason(end.finishReason)]);
      if (recordContent) chat.setAttribute(ATTR.outputMessages, toJson([assistantMessage(log.planText, end.finishReason === undefined ? 'error' : finishReason(end.finishReason))]));
    }
    // A model call that did not finish (it threw, or the run was aborted while it streamed) failed, and
    // with it the plan: the run ended with its error.
    if (end === undefined || end.finishReason === undefined) {
      const error = runEnd !== undefined && runEnd.status !== 'finished' && log.joinStart === undefined ? runEnd.error : undefined;
      fail(chat, error);
      fail(plan, error);
    }
    chat.end(at(endTime));
    plan.end(at(endTime));
  }

  function recordJoin(round: number, log: RoundLog): void {
    const start = log.joinStart!;
    const end = log.joinEnd;
    // A plan that stated its answer finished the run without the joiner: there was no call to trace.
    if (end?.source === 'plan') return;
    const model = start.model;
    const span =
      model === undefined
        ? child('join', SpanKind.INTERNAL, start.time, { [ATTR.round]: round })
        : child(`${OPERATION.chat} ${model}`, SpanKind.CLIENT, start.time, chatAttributes(model, round));
    if (end === undefined) {
      fail(span, runEnd?.status === 'finished' ? undefined : runEnd?.error);
    } else {
      const { action } = end.decision;
      span.setAttribute(ATTR.joinDecision, action.type);
      if (model !== undefined && end.usage !== undefined) span.setAttributes(usageAttributes(end.usage));
      if (model !== undefined) span.setAttribute(ATTR.finishReasons, ['stop']);
      if (recordContent && model !== undefined) {
        span.setAttribute(ATTR.outputMessages, toJson([assistantMessage(action.type === 'finish' ? action.answer : action.feedback, 'stop')]));
      }
    }
    span.end(at(end?.time ?? lastTime));
  }

  function recordTask(record: TaskRecord): void {
    const { task } = record;
    // A task that never ran (skipped, failed before its call, or still waiting when the log ends) is a span
    // of no length where it settled.
    const end = record.endedAt ?? lastTime;
    const start = record.startedAt ?? end;
    const attrs: Attributes = {
      [ATTR.operationName]: OPERATION.executeTool,
      [ATTR.toolName]: task.tool,
      [ATTR.toolType]: 'function',
      [ATTR.toolCallId]: String(task.id),
      [ATTR.taskId]: task.id,
      [ATTR.round]: record.round,
      [ATTR.taskAttempts]: record.attempts,
      [ATTR.taskDependencies]: [...task.dependencies],
    };
    if (record.outcome !== undefined) attrs[ATTR.taskOutcome] = record.outcome;
    if (record.readyAt !== undefined) attrs[ATTR.taskWaitMs] = record.readyAt - record.plannedAt;
    if (record.readyAt !== undefined && record.startedAt !== undefined) attrs[ATTR.taskQueueMs] = record.startedAt - record.readyAt;
    if (recordContent) {
      attrs[ATTR.toolCallArguments] = record.input === undefined ? task.source : toJson(record.input);
      if (record.outcome === 'ok') attrs[ATTR.toolCallResult] = toJson(record.value);
    }
    const span = child(`${OPERATION.executeTool} ${task.tool}`, SpanKind.INTERNAL, start, attrs);
    for (const retry of retries.get(task.id) ?? []) {
      span.addEvent('llmcompiler.task.retry', { [ATTR.retryAttempt]: retry.attempt, [ATTR.retryDelayMs]: retry.delayMs, [ATTR.errorType]: errorType(retry.error) }, at(retry.time));
    }
    if (record.outcome !== 'ok') fail(span, record.outcome === undefined ? runEnd?.error : record.error);
    span.end(at(end));
  }

  function countTasks(round: number): number {
    let count = 0;
    for (const record of records.values()) if (record.round === round) count++;
    return count;
  }

  function chatAttributes(model: string, round: number): Attributes {
    const attrs: Attributes = { [ATTR.operationName]: OPERATION.chat, [ATTR.requestModel]: model, [ATTR.round]: round };
    if (options.providerName !== undefined) attrs[ATTR.providerName] = options.providerName;
    return attrs;
  }

  /** Marks a span failed: `error.type` and an error status, whose message is the error's only with content on. */
  function fail(span: Span, error: unknown): void {
    const type = errorType(error);
    span.setAttribute(ATTR.errorType, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: recordContent ? messageOf(error) : type });
  }
}

/** A record of a task that was planned and not heard of again in the log. */
function plannedRecord(event: RunEventOf<'task-planned'>): TaskRecord {
  return {
    task: event.task,
    round: event.round,
    status: 'waiting',
    outcome: undefined,
    input: undefined,
    value: undefined,
    error: undefined,
    attempts: 0,
    plannedAt: event.time,
    readyAt: undefined,
    startedAt: undefined,
    endedAt: undefined,
  };
}

function usageAttributes(usage: TokenUsage): Attributes {
  return { [ATTR.inputTokens]: usage.promptTokens, [ATTR.outputTokens]: usage.completionTokens };
}

function add(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens, totalTokens: a.totalTokens + b.totalTokens };
}

/** A finish reason as the conventions spell them (OpenAI's values). */
function finishReason(reason: string): string {
  return reason === 'tool-calls' ? 'tool_call' : reason.replaceAll('-', '_');
}

function userMessage(text: string) {
  return { role: 'user', parts: [{ type: 'text', content: text }] };
}

function assistantMessage(text: string, finish: string) {
  return { role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: finish };
}

function messageOf(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    return typeof error === 'string' ? error : toJson(error);
  } catch {
    return '(an error that cannot be shown)';
  }
}
