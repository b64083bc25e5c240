import type { Run, RunEvent, TaskOutcome, TaskRecord } from '@llmcompiler/core';
import { describeError } from '@llmcompiler/core/internal';
import { createUIMessageStreamResponse, type UIMessage, type UIMessageChunk } from 'ai';

/** One task of a plan, as a `data-plan` part lists it. */
export interface PlanTaskData {
  /** The task's id in the plan (`3` for `$3`). */
  readonly id: number;
  readonly tool: string;
  /** The call as the plan wrote it, e.g. `search("Mariana Trench")`. */
  readonly call: string;
  /** The `Thought:` written before the task, if any. */
  readonly thought?: string;
}

/** The data of a `data-plan` part (id `plan-<round>`): one planning round, updated in place as it streams. */
export interface PlanData {
  /** The round, from 1. */
  readonly round: number;
  /** `'planning'` while the plan streams, then `'planned'`; `'replanned'` once the joiner asked for another round. */
  readonly status: 'planning' | 'planned' | 'replanned';
  /** The tasks planned so far, in order. */
  readonly tasks: readonly PlanTaskData[];
  /** The joiner's feedback, when it asked for a new plan. */
  readonly feedback?: string;
}

/** Where a task is, as a `data-task` part shows it. */
export type TaskState = 'planned' | 'running' | TaskOutcome;

/** The data of a `data-task` part (id `task-<id>`): one task, updated in place from planned to its outcome. */
export interface TaskData {
  readonly id: number;
  /** The planning round it came from. */
  readonly round: number;
  readonly tool: string;
  /** The call as the plan wrote it. */
  readonly call: string;
  readonly state: TaskState;
  /** The tool's result (as JSON allows), once the task succeeded. */
  readonly result?: unknown;
  /** Why it failed, was skipped or aborted. */
  readonly error?: string;
  /** Milliseconds on the run's clock. */
  readonly startedAt?: number;
  readonly endedAt?: number;
}

/** The data parts of a run's UI message stream, by name, for `UIMessage<METADATA, DATA>`. */
export type LLMCompilerDataTypes = {
  plan: PlanData;
  task: TaskData;
};

/**
 * The UI message of a run's stream, for `useChat<LLMCompilerUIMessage>()`: text parts (the answer) and
 * `data-plan` / `data-task` parts.
 */
export type LLMCompilerUIMessage = UIMessage<unknown, LLMCompilerDataTypes>;

/** A chunk of a run's UI message stream. */
export type LLMCompilerUIMessageChunk = UIMessageChunk<unknown, LLMCompilerDataTypes>;

/** Options of {@link toUIMessageStream}. */
export interface ToUIMessageStreamOptions {
  /**
   * The id of the assistant message, sent in the `start` chunk.
   *
   * @default none (the client generates one)
   */
  readonly messageId?: string | undefined;
  /**
   * The text of the `error` chunk when the run fails. The default is the error's message, which may show
   * details of tools and providers to the browser; return something generic for public apps.
   *
   * @default the error's message
   */
  readonly onError?: ((error: unknown) => string) | undefined;
  /**
   * Whether cancelling the stream (the browser went away) aborts the run.
   *
   * @default true
   */
  readonly abortOnCancel?: boolean | undefined;
}

const ANSWER_ID = 'answer';

/**
 * A run as an AI SDK UI message stream, the stream `useChat` reads: the plan and each task's state as data
 * parts that update in place, and the answer as a streamed text part.
 *
 * - `start`, then for each planning round a `data-plan` part with id `plan-<round>` (its tasks as they
 *   stream; `planned` at its end, `replanned` when the joiner asks for another round with its feedback);
 * - for each task a `data-task` part with id `task-<id>`: `planned`, `running`, then its outcome (`ok` with
 *   its result, `error`, `timeout`, `aborted` or `skipped` with the reason);
 * - the answer as `text-start` / `text-delta` / `text-end` (id `answer`), each delta as the joiner writes it;
 * - `finish` when the run finishes; an `error` chunk (the error's message, or `onError`'s) when it fails,
 *   `abort` when it is aborted.
 *
 * Each step is its own chunk, so a client sees the plan and the tasks move while the run is under way.
 *
 * @example
 * ```ts
 * // app/api/chat/route.ts (Next.js)
 * export async function POST(request: Request) {
 *   const { messages } = await request.json();
 *   const run = compiler.run(lastUserText(messages), { signal: request.signal });
 *   return createUIMessageStreamResponse({ stream: toUIMessageStream(run) });
 * }
 * ```
 */
export function toUIMessageStream(run: Run, options: ToUIMessageStreamOptions = {}): ReadableStream<LLMCompilerUIMessageChunk> {
  const { messageId, onError, abortOnCancel = true } = options;
  const events = run[Symbol.asyncIterator]();
  const state = new StreamState();
  let started = false;
  return new ReadableStream<LLMCompilerUIMessageChunk>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(messageId === undefined ? { type: 'start' } : { type: 'start', messageId });
      }
      // One event per pull at most: the consumer's reads set the pace, and nothing is buffered ahead of it.
      for (;;) {
        const next = await events.next();
        if (next.done === true) {
          controller.close();
          return;
        }
        const chunks = state.read(next.value, onError);
        for (const chunk of chunks) controller.enqueue(chunk);
        if (next.value.type === 'run-end') {
          controller.close();
          return;
        }
        if (chunks.length > 0) return;
      }
    },
    async cancel(reason) {
      if (abortOnCancel) run.abort(reason);
      await events.return?.();
    },
  });
}

/**
 * {@link toUIMessageStream} as an HTTP `Response` (server-sent events with the AI SDK's headers), for a route
 * handler that `useChat` posts to. `init` sets the status and extra headers.
 *
 * @example
 * ```ts
 * export async function POST(request: Request) {
 *   const { messages } = await request.json();
 *   return toUIMessageStreamResponse(compiler.run(lastUserText(messages), { signal: request.signal }));
 * }
 * ```
 */
export function toUIMessageStreamResponse(
  run: Run,
  options: ToUIMessageStreamOptions & { readonly status?: number; readonly headers?: Record<string, string> } = {},
): Response {
  const { status, headers, ...streamOptions } = options;
  return createUIMessageStreamResponse({
    stream: toUIMessageStream(run, streamOptions) as ReadableStream<UIMessageChunk>,
    ...(status === undefined ? {} : { status }),
    ...(headers === undefined ? {} : { headers }),
  });
}

/** What the stream has shown so far: each round's plan, and whether the answer's text part is open. */
class StreamState {
  readonly #plans = new Map<number, { status: PlanData['status']; tasks: PlanTaskData[]; feedback?: string }>();
  #answerOpen = false;

  read(event: RunEvent, onError: ((error: unknown) => string) | undefined): LLMCompilerUIMessageChunk[] {
    switch (event.type) {
      case 'plan-start':
        this.#plans.set(event.round, { status: 'planning', tasks: [] });
        return [this.#plan(event.round)];
      case 'task-planned': {
        const { task } = event;
        this.#plans.get(event.round)?.tasks.push({
          id: task.id,
          tool: task.tool,
          call: task.source,
          ...(task.thought === undefined ? {} : { thought: task.thought }),
        });
        return [this.#plan(event.round), taskChunk({ id: task.id, round: event.round, tool: task.tool, call: task.source, state: 'planned' })];
      }
      case 'plan-end': {
        const plan = this.#plans.get(event.round);
        if (plan !== undefined) plan.status = 'planned';
        return [this.#plan(event.round)];
      }
      case 'replan': {
        const plan = this.#plans.get(event.round);
        if (plan !== undefined) {
          plan.status = 'replanned';
          plan.feedback = event.feedback;
        }
        return [this.#plan(event.round)];
      }
      case 'task-start':
        return [taskChunk(taskData(event.record, 'running'))];
      case 'task-end':
        return [taskChunk(taskData(event.record, event.record.outcome ?? 'error'))];
      case 'answer-delta': {
        const chunks: LLMCompilerUIMessageChunk[] = [];
        if (!this.#answerOpen) {
          this.#answerOpen = true;
          chunks.push({ type: 'text-start', id: ANSWER_ID });
        }
        if (event.text !== '') chunks.push({ type: 'text-delta', id: ANSWER_ID, delta: event.text });
        return chunks;
      }
      case 'run-end': {
        const chunks: LLMCompilerUIMessageChunk[] = [];
        if (this.#answerOpen) chunks.push({ type: 'text-end', id: ANSWER_ID });
        if (event.status === 'finished') chunks.push({ type: 'finish' });
        else if (event.status === 'aborted') chunks.push({ type: 'abort' });
        else chunks.push({ type: 'error', errorText: errorText(event.error, onError) });
        return chunks;
      }
      default:
        return [];
    }
  }

  #plan(round: number): LLMCompilerUIMessageChunk {
    const plan = this.#plans.get(round) ?? { status: 'planning' as const, tasks: [] };
    const data: PlanData = {
      round,
      status: plan.status,
      tasks: [...plan.tasks],
      ...(plan.feedback === undefined ? {} : { feedback: plan.feedback }),
    };
    return { type: 'data-plan', id: `plan-${round}`, data };
  }
}

function taskChunk(data: TaskData): LLMCompilerUIMessageChunk {
  return { type: 'data-task', id: `task-${data.id}`, data };
}

function taskData(record: TaskRecord, state: TaskState): TaskData {
  const { task } = record;
  return {
    id: task.id,
    round: record.round,
    tool: task.tool,
    call: task.source,
    state,
    ...(state === 'ok' ? { result: toJsonValue(record.value) } : {}),
    ...(record.outcome !== undefined && record.outcome !== 'ok' ? { error: describeError(record.error) } : {}),
    ...(record.startedAt === undefined ? {} : { startedAt: record.startedAt }),
    ...(record.endedAt === undefined ? {} : { endedAt: record.endedAt }),
  };
}

function errorText(error: unknown, onError: ((error: unknown) => string) | undefined): string {
  if (onError !== undefined) {
    try {
      return onError(error);
    } catch {
      // An error handler that throws must not break the stream; the plain message stands in.
    }
  }
  return describeError(error);
}

/** The value as JSON carries it (what the browser will receive), or its string form when JSON cannot. */
function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch {
    return String(value);
  }
}
