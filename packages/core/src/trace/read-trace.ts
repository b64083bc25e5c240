import type { TaskRecord } from '../execute/task-record.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import type { ChatMessage, FinishReason, TokenUsage } from '../model/language-model.js';
import type { PlanEndReason } from '../plan/plan-event.js';
import type { JoinSource, RunEvent, RunEventOf } from '../run/run-event.js';
import type { RunResult } from '../run/run-result.js';

/** One round of a run as a trace shows it: the planner's stream and the joiner's call. */
export interface TraceRound {
  readonly round: number;
  /**
   * The planner's model, when its call started and ended (`undefined`: it never ended), the messages it was
   * sent, and why it stopped writing (`undefined`: its stream did not end normally).
   */
  readonly planner: {
    readonly model: string;
    readonly start: number;
    readonly end: number | undefined;
    readonly messages: readonly ChatMessage[];
    readonly finishReason: FinishReason | undefined;
  };
  readonly planEnd: PlanEndReason | undefined;
  /** Whether the plan ended cleanly (`join()` reached, the model stopped normally); `false` until it ended. */
  readonly planClean: boolean;
  readonly planText: string;
  readonly planUsage: TokenUsage | undefined;
  /** When each task of the round was planned: the moments the stream completed a call. */
  readonly planned: readonly { readonly id: number; readonly time: number }[];
  readonly joiner:
    | {
        readonly model: string | undefined;
        readonly start: number;
        readonly end: number | undefined;
        readonly source: JoinSource | undefined;
        readonly decision: JoinerDecision | undefined;
        readonly usage: TokenUsage | undefined;
        /** The messages a model joiner was sent (`undefined` when no model was called). */
        readonly messages: readonly ChatMessage[] | undefined;
      }
    | undefined;
  /** The joiner asked for a new plan, when, and with what feedback. */
  readonly replan: { readonly time: number; readonly feedback: string } | undefined;
}

/** A failed attempt of a task that was tried again. */
export interface TraceRetry {
  readonly taskId: number;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly error: unknown;
  /** The wait before the next attempt. */
  readonly delayMs: number;
  readonly time: number;
}

/** Everything a trace shows of a run, read from its event log. */
export interface TraceData {
  readonly runId: string;
  readonly question: string;
  /**
   * The wall-clock time of the run's time 0 (`run-start`'s `timeOrigin`), in milliseconds since the Unix
   * epoch; `undefined` for a log without its `run-start`.
   */
  readonly timeOrigin: number | undefined;
  readonly status: 'finished' | 'failed' | 'aborted' | 'running';
  readonly answer: string | undefined;
  readonly error: unknown;
  /** The run's length on its clock: the time of its last event. */
  readonly durationMs: number;
  readonly rounds: readonly TraceRound[];
  /** Every task, in the order planned, with its last known record. */
  readonly tasks: readonly TaskRecord[];
  /** Every retry of a task, in order. */
  readonly retries: readonly TraceRetry[];
  readonly usage: { readonly planner: TokenUsage; readonly joiner: TokenUsage; readonly calls: number };
}

const ZERO: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

/** Reads a trace from a run's result or its event log (a failed or aborted run has no result: its `events`). */
export function readTrace(source: RunResult | readonly RunEvent[]): TraceData {
  const events: readonly RunEvent[] = Array.isArray(source) ? source : (source as RunResult).events;
  type MutableRound = { -readonly [K in keyof TraceRound]: TraceRound[K] } & { planned: { id: number; time: number }[] };
  const rounds = new Map<number, MutableRound>();
  const records = new Map<number, TaskRecord>();
  const retries: TraceRetry[] = [];
  let question = '';
  let timeOrigin: number | undefined;
  let runEnd: RunEventOf<'run-end'> | undefined;
  let planner = ZERO;
  let joiner = ZERO;
  let calls = 0;
  for (const event of events) {
    switch (event.type) {
      case 'run-start':
        question = event.question;
        timeOrigin = event.timeOrigin;
        break;
      case 'plan-start':
        calls++;
        rounds.set(event.round, {
          round: event.round,
          planner: { model: event.model, start: event.time, end: undefined, messages: event.messages, finishReason: undefined },
          planEnd: undefined,
          planClean: false,
          planText: '',
          planUsage: undefined,
          planned: [],
          joiner: undefined,
          replan: undefined,
        });
        break;
      case 'plan-token': {
        const round = rounds.get(event.round);
        if (round !== undefined) round.planText += event.text;
        break;
      }
      case 'task-planned':
        rounds.get(event.round)?.planned.push({ id: event.task.id, time: event.time });
        records.set(event.task.id, plannedRecord(event));
        break;
      case 'plan-end': {
        const round = rounds.get(event.round);
        if (round !== undefined) {
          round.planner = { ...round.planner, end: event.time, finishReason: event.finishReason };
          round.planEnd = event.reason;
          round.planClean = event.clean;
          round.planUsage = event.usage;
        }
        if (event.usage !== undefined) planner = add(planner, event.usage);
        break;
      }
      case 'task-start':
      case 'task-end':
      case 'approval-request':
      case 'approval-response':
        records.set(event.record.task.id, event.record);
        break;
      case 'task-retry':
        retries.push({ taskId: event.record.task.id, attempt: event.attempt, error: event.error, delayMs: event.delayMs, time: event.time });
        break;
      case 'join-start': {
        const round = rounds.get(event.round);
        if (round !== undefined) {
          round.joiner = { model: event.model, start: event.time, end: undefined, source: undefined, decision: undefined, usage: undefined, messages: event.messages };
        }
        break;
      }
      case 'join-end': {
        const round = rounds.get(event.round);
        if (round?.joiner !== undefined) round.joiner = { ...round.joiner, end: event.time, source: event.source, decision: event.decision, usage: event.usage };
        if (event.source === 'joiner' && round?.joiner?.model !== undefined) calls++;
        if (event.usage !== undefined) joiner = add(joiner, event.usage);
        break;
      }
      case 'replan': {
        const round = rounds.get(event.round);
        if (round !== undefined) round.replan = { time: event.time, feedback: event.feedback };
        break;
      }
      case 'run-end':
        runEnd = event;
        break;
      default:
        break;
    }
  }
  return {
    runId: events[0]?.runId ?? '',
    question,
    timeOrigin,
    status: runEnd?.status ?? 'running',
    answer: runEnd?.answer,
    error: runEnd?.error,
    durationMs: events.at(-1)?.time ?? 0,
    rounds: [...rounds.values()],
    tasks: [...records.values()],
    retries,
    usage: { planner, joiner, calls },
  };
}

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

function add(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens, totalTokens: a.totalTokens + b.totalTokens };
}
