import type { TaskRecord } from '../execute/task-record.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import type { TokenUsage } from '../model/language-model.js';
import type { PlanEndReason } from '../plan/plan-event.js';
import type { JoinSource, RunEvent, RunEventOf } from '../run/run-event.js';
import type { RunResult } from '../run/run-result.js';

/** One round of a run as a trace shows it: the planner's stream and the joiner's call. */
export interface TraceRound {
  readonly round: number;
  /** The planner's model, and when its call started and ended (`undefined`: it never ended). */
  readonly planner: { readonly model: string; readonly start: number; readonly end: number | undefined };
  readonly planEnd: PlanEndReason | undefined;
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
      }
    | undefined;
}

/** Everything a trace shows of a run, read from its event log. */
export interface TraceData {
  readonly runId: string;
  readonly question: string;
  readonly status: 'finished' | 'failed' | 'aborted' | 'running';
  readonly answer: string | undefined;
  readonly error: unknown;
  /** The run's length on its clock: the time of its last event. */
  readonly durationMs: number;
  readonly rounds: readonly TraceRound[];
  /** Every task, in the order planned, with its last known record. */
  readonly tasks: readonly TaskRecord[];
  readonly usage: { readonly planner: TokenUsage; readonly joiner: TokenUsage; readonly calls: number };
}

const ZERO: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

/** Reads a trace from a run's result or its event log (a failed or aborted run has no result: its `events`). */
export function readTrace(source: RunResult | readonly RunEvent[]): TraceData {
  const events: readonly RunEvent[] = Array.isArray(source) ? source : (source as RunResult).events;
  type MutableRound = { -readonly [K in keyof TraceRound]: TraceRound[K] } & { planned: { id: number; time: number }[] };
  const rounds = new Map<number, MutableRound>();
  const records = new Map<number, TaskRecord>();
  let question = '';
  let runEnd: RunEventOf<'run-end'> | undefined;
  let planner = ZERO;
  let joiner = ZERO;
  let calls = 0;
  for (const event of events) {
    switch (event.type) {
      case 'run-start':
        question = event.question;
        break;
      case 'plan-start':
        calls++;
        rounds.set(event.round, {
          round: event.round,
          planner: { model: event.model, start: event.time, end: undefined },
          planEnd: undefined,
          planText: '',
          planUsage: undefined,
          planned: [],
          joiner: undefined,
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
          round.planner = { ...round.planner, end: event.time };
          round.planEnd = event.reason;
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
      case 'join-start': {
        const round = rounds.get(event.round);
        if (round !== undefined) round.joiner = { model: event.model, start: event.time, end: undefined, source: undefined, decision: undefined, usage: undefined };
        break;
      }
      case 'join-end': {
        const round = rounds.get(event.round);
        if (round?.joiner !== undefined) round.joiner = { ...round.joiner, end: event.time, source: event.source, decision: event.decision, usage: event.usage };
        if (event.source === 'joiner' && round?.joiner?.model !== undefined) calls++;
        if (event.usage !== undefined) joiner = add(joiner, event.usage);
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
    status: runEnd?.status ?? 'running',
    answer: runEnd?.answer,
    error: runEnd?.error,
    durationMs: events.at(-1)?.time ?? 0,
    rounds: [...rounds.values()],
    tasks: [...records.values()],
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
