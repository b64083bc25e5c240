import type { ChatMessage, ModelCallInfo, Run, RunEvent, RunInstrumentation, TaskRecord, ToolCallInfo, TokenUsage } from '@llmcompiler/core';
import { readTrace, type TraceData, type TraceRound } from '@llmcompiler/core/trace';
import { SpanKind, SpanStatusCode, context as contextApi, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { errorType } from './error-type.js';
import { ATTR, OPERATION } from './gen-ai-attributes.js';
import { toJson } from './to-json.js';

/** How a run's spans are written. */
export interface RunSpanOptions {
  /** The tracer the spans are started with. */
  readonly tracer: Tracer;
  /** The context the `invoke_agent` span is a child of. */
  readonly context: Context;
  /** Whether inputs and outputs are recorded (the conventions' opt-in attributes). */
  readonly recordContent: boolean;
  /** `gen_ai.agent.name`. */
  readonly agentName: string;
  /** `gen_ai.provider.name` of the model calls, when known. */
  readonly providerName: string | undefined;
}

/**
 * Writes the spans of one run, with the times the run recorded (never measured again):
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
 * Spans start as the run's events happen (`run-start`, `plan-start`, a task's first `task-start`, a model
 * joiner's `join-start`), at the event's time, so that they exist while their work runs: with the run's
 * {@link RunSpanRecorder.instrumentation}, each tool call and model call runs inside its span's context,
 * and the spans it opens (an HTTP client's, a database driver's, the tool's own) are its children. When the
 * run ends, every span gets its attributes and its end from the run's event log, read by core's
 * `readTrace`; what never started live (a skipped task, a function joiner, anything before the recorder
 * followed the run) is started then, at its recorded time.
 *
 * When the agent span is not recording (a no-op tracer, or sampled out), no other span is made.
 */
export class RunSpanRecorder {
  readonly #options: RunSpanOptions;
  /** The wall-clock time of the run's time 0, from `run-start`. */
  #origin: number | undefined;
  #root: Span | undefined;
  #rootContext: Context | undefined;
  readonly #plans = new Map<number, { readonly plan: Span; readonly chat: Span }>();
  readonly #joiners = new Map<number, Span>();
  readonly #tools = new Map<number, Span>();
  #done = false;

  /**
   * Runs each tool call and model call of the run inside its span's context (then `inner`'s wrapper, when
   * given). Pass it as the run's `instrumentation` option.
   */
  readonly instrumentation: RunInstrumentation;

  constructor(options: RunSpanOptions, inner: RunInstrumentation | undefined = undefined) {
    this.#options = options;
    const innerTool = inner?.toolCall;
    const innerModel = inner?.modelCall;
    this.instrumentation = {
      toolCall: <T>(call: ToolCallInfo, execute: () => T): T => {
        const next = innerTool === undefined ? execute : () => innerTool(call, execute);
        return this.#within(this.#tools.get(call.taskId), next);
      },
      modelCall: <T>(call: ModelCallInfo, stream: () => T): T => {
        const next = innerModel === undefined ? stream : () => innerModel(call, stream);
        const span = call.role === 'planner' ? this.#plans.get(call.round)?.chat : this.#joiners.get(call.round);
        return this.#within(span, next);
      },
    };
  }

  /**
   * Follows `run`: what already happened (its events so far) at once, the rest as it happens. The spans are
   * ended when the run ends: at once for a run that has ended.
   */
  follow(run: Run<unknown>): void {
    for (const event of run.events) this.#take(event, run);
    if (this.#done) return;
    const off = run.on('*', (event) => {
      this.#take(event, run);
      if (this.#done) off();
    });
  }

  #within<T>(span: Span | undefined, call: () => T): T {
    return span === undefined ? call() : contextApi.with(trace.setSpan(this.#options.context, span), call);
  }

  #take(event: RunEvent, run: Run<unknown>): void {
    if (this.#done) return;
    switch (event.type) {
      case 'run-start':
        this.#origin = event.timeOrigin;
        this.#startRoot(event.time, event.runId);
        break;
      case 'plan-start':
        if (this.#recording()) this.#startPlan(event.round, event.model, event.time);
        break;
      case 'task-start':
        if (this.#recording() && !this.#tools.has(event.record.task.id)) this.#tools.set(event.record.task.id, this.#startTool(event.record));
        break;
      case 'join-start':
        // Only a model joiner's call is started now: a plan that stated its answer calls no one.
        if (this.#recording() && event.model !== undefined && event.messages !== undefined) this.#startJoiner(event.round, event.model, event.time);
        break;
      case 'run-end':
        this.#done = true;
        this.#finish(readTrace(run.events));
        break;
      default:
        break;
    }
  }

  #recording(): boolean {
    return this.#root?.isRecording() === true;
  }

  /** Milliseconds since the epoch of a time on the run's clock. */
  #at(time: number): number {
    return (this.#origin ?? performance.timeOrigin + performance.now()) + time;
  }

  #startRoot(time: number, runId: string): void {
    const { tracer, agentName, providerName } = this.#options;
    const attributes: Attributes = { [ATTR.operationName]: OPERATION.invokeAgent, [ATTR.agentName]: agentName, [ATTR.runId]: runId };
    if (providerName !== undefined) attributes[ATTR.providerName] = providerName;
    this.#root = tracer.startSpan(`${OPERATION.invokeAgent} ${agentName}`, { kind: SpanKind.INTERNAL, startTime: this.#at(time), attributes }, this.#options.context);
    this.#rootContext = trace.setSpan(this.#options.context, this.#root);
  }

  #child(name: string, kind: SpanKind, time: number, attributes: Attributes, parent = this.#rootContext): Span {
    return this.#options.tracer.startSpan(name, { kind, startTime: this.#at(time), attributes }, parent);
  }

  #startPlan(round: number, model: string, time: number): { plan: Span; chat: Span } {
    const { agentName } = this.#options;
    const plan = this.#child(`${OPERATION.plan} ${agentName}`, SpanKind.INTERNAL, time, { [ATTR.operationName]: OPERATION.plan, [ATTR.agentName]: agentName, [ATTR.round]: round });
    const chat = this.#child(`${OPERATION.chat} ${model}`, SpanKind.CLIENT, time, this.#chatAttributes(model, round), trace.setSpan(this.#options.context, plan));
    const spans = { plan, chat };
    this.#plans.set(round, spans);
    return spans;
  }

  #startJoiner(round: number, model: string | undefined, time: number): Span {
    const span =
      model === undefined
        ? this.#child('join', SpanKind.INTERNAL, time, { [ATTR.round]: round })
        : this.#child(`${OPERATION.chat} ${model}`, SpanKind.CLIENT, time, this.#chatAttributes(model, round));
    this.#joiners.set(round, span);
    return span;
  }

  /** A task's span, from its first call; a task that never ran is a span of no length where it settled. */
  #startTool(record: TaskRecord): Span {
    const { task } = record;
    const start = record.startedAt ?? record.endedAt ?? record.plannedAt;
    return this.#child(`${OPERATION.executeTool} ${task.tool}`, SpanKind.INTERNAL, start, {
      [ATTR.operationName]: OPERATION.executeTool,
      [ATTR.toolName]: task.tool,
      [ATTR.toolType]: 'function',
      [ATTR.toolCallId]: String(task.id),
      [ATTR.taskId]: task.id,
      [ATTR.round]: record.round,
      [ATTR.taskDependencies]: [...task.dependencies],
    });
  }

  #chatAttributes(model: string, round: number): Attributes {
    const attrs: Attributes = { [ATTR.operationName]: OPERATION.chat, [ATTR.requestModel]: model, [ATTR.round]: round };
    if (this.#options.providerName !== undefined) attrs[ATTR.providerName] = this.#options.providerName;
    return attrs;
  }

  /** The run has ended: every span gets its attributes and its end from the event log. */
  #finish(data: TraceData): void {
    this.#origin ??= data.timeOrigin;
    if (this.#root === undefined) this.#startRoot(0, data.runId);
    const root = this.#root!;
    const end = data.durationMs;
    if (root.isRecording()) {
      for (const round of data.rounds) this.#finishRound(round, data);
      for (const record of data.tasks) this.#finishTool(record, data);
      this.#finishRoot(root, data);
    }
    root.end(this.#at(end));
  }

  #finishRoot(root: Span, data: TraceData): void {
    const { recordContent } = this.#options;
    const { planner, joiner } = data.usage;
    root.setAttributes({
      [ATTR.inputTokens]: planner.promptTokens + joiner.promptTokens,
      [ATTR.outputTokens]: planner.completionTokens + joiner.completionTokens,
      [ATTR.replans]: Math.max(0, data.rounds.length - 1),
    });
    if (recordContent && data.question !== '') root.setAttribute(ATTR.inputMessages, toJson([textMessage('user', data.question)]));
    for (const round of data.rounds) {
      if (round.replan === undefined) continue;
      const attributes: Attributes = { [ATTR.round]: round.round };
      if (recordContent) attributes['llmcompiler.replan.feedback'] = round.replan.feedback;
      root.addEvent('llmcompiler.replan', attributes, this.#at(round.replan.time));
    }
    // A log cut before its end (the run is still going) ends the span at its last event, without a status.
    if (data.status === 'finished') {
      if (recordContent && data.answer !== undefined) root.setAttribute(ATTR.outputMessages, toJson([{ ...textMessage('assistant', data.answer), finish_reason: 'stop' }]));
    } else if (data.status !== 'running') {
      this.#fail(root, data.error);
    }
  }

  #finishRound(round: TraceRound, data: TraceData): void {
    const { recordContent } = this.#options;
    const { planner } = round;
    const { plan, chat } = this.#plans.get(round.round) ?? this.#startPlan(round.round, planner.model, planner.start);
    const endTime = this.#at(planner.end ?? data.durationMs);
    if (recordContent) chat.setAttribute(ATTR.inputMessages, toJson(planner.messages.map(chatMessage)));
    if (planner.end !== undefined) {
      plan.setAttributes({ [ATTR.planEnd]: round.planEnd!, [ATTR.planClean]: round.planClean, [ATTR.planTasks]: countTasks(data, round.round) });
      if (round.planUsage !== undefined) chat.setAttributes(usageAttributes(round.planUsage));
      const finish = planner.finishReason === undefined ? 'error' : finishReason(planner.finishReason);
      if (planner.finishReason !== undefined) chat.setAttribute(ATTR.finishReasons, [finish]);
      if (recordContent) chat.setAttribute(ATTR.outputMessages, toJson([{ ...textMessage('assistant', round.planText), finish_reason: finish }]));
    }
    // A model call that did not finish (it threw, or the run was aborted while it streamed) failed, and
    // with it the plan: the run ended with its error.
    if (planner.end === undefined || planner.finishReason === undefined) {
      const error = data.status !== 'finished' && data.status !== 'running' && round.joiner === undefined ? data.error : undefined;
      this.#fail(chat, error);
      this.#fail(plan, error);
    }
    chat.end(endTime);
    plan.end(endTime);
    this.#finishJoiner(round, data);
  }

  #finishJoiner(round: TraceRound, data: TraceData): void {
    const { joiner } = round;
    // A plan that stated its answer finished the run without the joiner: there was no call to trace.
    if (joiner === undefined || joiner.source === 'plan' || (joiner.model !== undefined && joiner.messages === undefined)) return;
    const { recordContent } = this.#options;
    const span = this.#joiners.get(round.round) ?? this.#startJoiner(round.round, joiner.model, joiner.start);
    const model = joiner.model;
    if (recordContent && joiner.messages !== undefined) span.setAttribute(ATTR.inputMessages, toJson(joiner.messages.map(chatMessage)));
    if (joiner.decision === undefined) {
      this.#fail(span, data.status === 'finished' ? undefined : data.error);
    } else {
      const { action } = joiner.decision;
      span.setAttribute(ATTR.joinDecision, action.type);
      if (model !== undefined && joiner.usage !== undefined) span.setAttributes(usageAttributes(joiner.usage));
      if (model !== undefined) span.setAttribute(ATTR.finishReasons, ['stop']);
      if (recordContent && model !== undefined) {
        const text = action.type === 'finish' ? action.answer : action.feedback;
        span.setAttribute(ATTR.outputMessages, toJson([{ ...textMessage('assistant', text), finish_reason: 'stop' }]));
      }
    }
    span.end(this.#at(joiner.end ?? data.durationMs));
  }

  #finishTool(record: TaskRecord, data: TraceData): void {
    const { recordContent } = this.#options;
    const { task } = record;
    const span = this.#tools.get(task.id) ?? this.#startTool(record);
    const attrs: Attributes = { [ATTR.taskAttempts]: record.attempts };
    if (record.outcome !== undefined) attrs[ATTR.taskOutcome] = record.outcome;
    if (record.readyAt !== undefined) attrs[ATTR.taskWaitMs] = record.readyAt - record.plannedAt;
    if (record.readyAt !== undefined && record.startedAt !== undefined) attrs[ATTR.taskQueueMs] = record.startedAt - record.readyAt;
    if (recordContent) {
      attrs[ATTR.toolCallArguments] = record.input === undefined ? task.source : toJson(record.input);
      if (record.outcome === 'ok') attrs[ATTR.toolCallResult] = toJson(record.value);
    }
    span.setAttributes(attrs);
    for (const retry of data.retries) {
      if (retry.taskId !== task.id) continue;
      span.addEvent('llmcompiler.task.retry', { [ATTR.retryAttempt]: retry.attempt, [ATTR.retryDelayMs]: retry.delayMs, [ATTR.errorType]: errorType(retry.error) }, this.#at(retry.time));
    }
    if (record.outcome !== 'ok') this.#fail(span, record.outcome === undefined ? data.error : record.error);
    span.end(this.#at(record.endedAt ?? data.durationMs));
  }

  /** Marks a span failed: `error.type` and an error status, whose message is the error's only with content on. */
  #fail(span: Span, error: unknown): void {
    const type = errorType(error);
    span.setAttribute(ATTR.errorType, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: this.#options.recordContent ? messageOf(error) : type });
  }
}

function countTasks(data: TraceData, round: number): number {
  let count = 0;
  for (const record of data.tasks) if (record.round === round) count++;
  return count;
}

function usageAttributes(usage: TokenUsage): Attributes {
  return { [ATTR.inputTokens]: usage.promptTokens, [ATTR.outputTokens]: usage.completionTokens };
}

/** A finish reason as the conventions spell them (OpenAI's values). */
function finishReason(reason: string): string {
  return reason === 'tool-calls' ? 'tool_call' : reason.replaceAll('-', '_');
}

/** A message in the conventions' shape: a role and its parts. */
function textMessage(role: string, text: string) {
  return { role, parts: [{ type: 'text', content: text }] };
}

function chatMessage(message: ChatMessage) {
  return textMessage(message.role, message.content);
}

function messageOf(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    return typeof error === 'string' ? error : toJson(error);
  } catch {
    return '(an error that cannot be shown)';
  }
}
