import type { PlanError } from '../errors/plan-error.js';
import type { TaskRecord } from '../execute/task-record.js';
import type { Task } from '../graph/task.js';
import type { JoinWarning } from '../joiner/join-warning.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import type { ChatMessage, FinishReason, TokenUsage } from '../model/language-model.js';
import type { PlanEndReason } from '../plan/plan-event.js';
import type { PlanWarning } from '../plan/plan-warning.js';

/**
 * Who made a round's decision: `'joiner'`, or `'plan'` when the plan's `join` stated the answer and the
 * joiner was skipped (see `planner.answerInPlan`).
 */
export type JoinSource = 'joiner' | 'plan';

/** Fields every run event has. */
export interface RunEventBase {
  /** The run's id. */
  readonly runId: string;
  /** Position in the run's event log, from 0, without gaps. */
  readonly sequence: number;
  /** Milliseconds since the run started (the run's clock). */
  readonly time: number;
}

/** The events of a run, in the order they happen; `type` tells them apart. */
export type RunEvent = RunEventBase &
  (
    | {
        readonly type: 'run-start';
        /** The user's latest message (of a conversation, its last). */
        readonly question: string;
        /**
         * The wall-clock time of the run's time 0, in milliseconds since the Unix epoch: an event happened at
         * `timeOrigin + event.time`. A log read later (a trace, spans written after the run) is placed in time
         * with it.
         */
        readonly timeOrigin: number;
        /**
         * `true` when the run resumes one whose process died (`compiler.resume()`): the events that follow
         * first replay its journal.
         */
        readonly resumed?: true;
      }
    /**
     * The tools `selectTools` chose for the planner of this round, in the compiler's order; just before
     * `plan-start`, and only when the compiler has a selector.
     */
    | { readonly type: 'tools-selected'; readonly round: number; readonly tools: readonly string[] }
    | {
        readonly type: 'plan-start';
        readonly round: number;
        /** The `modelId` of the planner's model, which is called now. */
        readonly model: string;
        /**
         * The messages the planner's model is sent: its instructions and tools, the earlier turns, the
         * question and, on a replan, the rounds so far. The very array of the request (events are frozen, the
         * messages never change): having them costs nothing.
         */
        readonly messages: readonly ChatMessage[];
      }
    /** A piece of the planner's text as it streams. */
    | { readonly type: 'plan-token'; readonly round: number; readonly text: string }
    | { readonly type: 'task-planned'; readonly round: number; readonly task: Task }
    | { readonly type: 'plan-warning'; readonly round: number; readonly warning: PlanWarning }
    /** An error of the plan that belongs to no task (e.g. a repeated id). */
    | { readonly type: 'plan-error'; readonly round: number; readonly error: PlanError }
    | {
        readonly type: 'plan-end';
        readonly round: number;
        /** How the plan text ended (`'join'` when complete). */
        readonly reason: PlanEndReason;
        readonly finishReason: FinishReason | undefined;
        /** Whether tools with side effects may run: the plan reached `join()` and the model stopped normally. */
        readonly clean: boolean;
        readonly usage: TokenUsage | undefined;
      }
    | { readonly type: 'task-start'; readonly record: TaskRecord; readonly attempt: number }
    | { readonly type: 'task-retry'; readonly record: TaskRecord; readonly attempt: number; readonly error: unknown; readonly delayMs: number }
    | { readonly type: 'approval-request'; readonly record: TaskRecord; readonly input: unknown }
    | { readonly type: 'approval-response'; readonly record: TaskRecord; readonly approved: boolean }
    | { readonly type: 'task-end'; readonly record: TaskRecord }
    | {
        readonly type: 'join-start';
        readonly round: number;
        /**
         * The `modelId` of the joiner's model; `undefined` with a function joiner. No model is called when the
         * plan stated the answer (then `join-end` has `source: 'plan'`).
         */
        readonly model: string | undefined;
        /**
         * The messages the joiner's model is sent (the question, every task's call and observation); `undefined`
         * when no model is called (a function joiner, or the plan stated the answer). With an answer schema, an
         * answer that does not fit is asked for again with these messages, the joiner's reply and the issues.
         */
        readonly messages: readonly ChatMessage[] | undefined;
      }
    /**
     * The joiner's answer was read with a tolerance (plain prose taken as the answer: `plain-answer`), or did
     * not fit the answer schema and is asked for once more (`invalid-answer`).
     */
    | { readonly type: 'join-warning'; readonly round: number; readonly warning: JoinWarning }
    /**
     * A piece of the final answer, as the joiner writes it: the pieces of a run, in order, add up to its
     * answer exactly. Only a finish streams (never a replan); see `Run.textStream`.
     */
    | { readonly type: 'answer-delta'; readonly round: number; readonly text: string }
    | {
        readonly type: 'join-end';
        readonly round: number;
        readonly decision: JoinerDecision;
        readonly usage: TokenUsage | undefined;
        /**
         * Who decided: `'joiner'` (the model or function joiner), or `'plan'` when the plan stated the answer
         * (`join("... $3 ...")`) and every task it references succeeded, so the joiner was not called.
         */
        readonly source: JoinSource;
      }
    | { readonly type: 'replan'; readonly round: number; readonly feedback: string }
    | {
        readonly type: 'run-end';
        readonly status: 'finished' | 'failed' | 'aborted';
        /** The answer's text; with an answer schema, its JSON text. */
        readonly answer: string | undefined;
        readonly error: unknown;
      }
  );

/** The run event of one type. */
export type RunEventOf<T extends RunEvent['type']> = Extract<RunEvent, { readonly type: T }>;
