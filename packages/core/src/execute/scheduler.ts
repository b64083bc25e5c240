import { ApprovalRejectedError } from '../errors/approval-rejected-error.js';
import { DuplicateTaskIdError } from '../errors/duplicate-task-id-error.js';
import { InvalidReferenceError } from '../errors/invalid-reference-error.js';
import { UnknownToolError } from '../errors/unknown-tool-error.js';
import { TaskAbortedError } from '../errors/task-aborted-error.js';
import { TaskSkippedError } from '../errors/task-skipped-error.js';
import { ToolTimeoutError } from '../errors/tool-timeout-error.js';
import { resolveReferences } from '../graph/resolve-references.js';
import type { Task } from '../graph/task.js';
import type { RunInstrumentation } from '../instrument/run-instrumentation.js';
import type { AnyTool, ToolContext } from '../tool/tool.js';
import { ToolInputError } from '../errors/tool-input-error.js';
import { ToolOutputError } from '../errors/tool-output-error.js';
import { validateNow, type SchemaValidationResult } from '../tool/schema.js';
import { isThenable } from '../util/is-thenable.js';
import { allowManyListeners } from './allow-many-listeners.js';
import { sleep } from './sleep.js';
import { waitsForCleanPlanEnd, type EagerMode } from './unsafe-task-gate.js';
import { snapshotRecord, type TaskOutcome, type TaskRecord } from './task-record.js';

export type { EagerMode } from './unsafe-task-gate.js';

/** What an approval callback is asked. */
export interface ApprovalRequest {
  readonly task: Task;
  readonly tool: AnyTool;
  /** The input the tool would be called with: references resolved, validated. */
  readonly input: unknown;
  readonly signal: AbortSignal;
}

/** How a task settled before, for {@link Scheduler.restore}. */
export interface RestoredTask {
  readonly outcome: TaskOutcome;
  readonly value: unknown;
  readonly error: unknown;
  readonly attempts: number;
}

/** What the scheduler reports, in order. */
export type SchedulerEvent =
  | { readonly type: 'task-start'; readonly record: TaskRecord; readonly attempt: number }
  | {
      readonly type: 'task-retry';
      readonly record: TaskRecord;
      /** The attempt that failed. */
      readonly attempt: number;
      readonly error: unknown;
      readonly delayMs: number;
    }
  | { readonly type: 'approval-request'; readonly record: TaskRecord; readonly input: unknown }
  | { readonly type: 'approval-response'; readonly record: TaskRecord; readonly approved: boolean }
  | { readonly type: 'task-end'; readonly record: TaskRecord };

/** Options of a {@link Scheduler}. */
export interface SchedulerOptions {
  /** The tools by name. */
  readonly tools: ReadonlyMap<string, AnyTool>;
  /** The run's id, which every tool call receives (`ToolContext.runId`). @default a random UUID */
  readonly runId?: string | undefined;
  /**
   * How many tool calls may run at once across all tools (each tool's own `concurrency` applies too).
   * @default Infinity
   */
  readonly concurrency?: number | undefined;
  /** @default 'safe' */
  readonly eager?: EagerMode | undefined;
  /** Aborts every running tool and settles every unfinished task as `aborted`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Decides on tools that need approval. Without it, such tasks are rejected (their tools never run).
   */
  readonly approve?: ((request: ApprovalRequest) => boolean | PromiseLike<boolean>) | undefined;
  /** Receives every event; it is called synchronously and must not throw (the run loop guards it). */
  readonly onEvent?: ((event: SchedulerEvent) => void) | undefined;
  /** The clock for timings, in milliseconds. @default performance.now */
  readonly now?: (() => number) | undefined;
  /** Random numbers in [0, 1) for retry jitter. @default Math.random */
  readonly random?: (() => number) | undefined;
  /** Runs around each call of a tool's `execute` (see {@link RunInstrumentation}). */
  readonly toolCall?: RunInstrumentation['toolCall'];
}

/** The signal tools get when the run has none and the tool no timeout: it never aborts. */
const NEVER_ABORTED = new AbortController().signal;
// Every call of a scheduler without a run signal shares it: many listeners are expected, not a leak.
allowManyListeners(NEVER_ABORTED);

/** The scheduler's own, writable view of a record. */
type Entry = { -readonly [K in keyof TaskRecord]: TaskRecord[K] };

interface Slot {
  /**
   * The record, written as the task goes; once settled, its frozen final copy in place of the writable one,
   * which is then garbage (a finished run keeps one record per task, not two). Nothing writes to a settled
   * task's record: every write is guarded by its status.
   */
  entry: Entry;
  readonly tool: AnyTool;
  /** Dependencies not settled yet. */
  remaining: number;
  /** Waiting for the plan to end cleanly. */
  gated: boolean;
  /** Tasks waiting for this one. */
  dependents: Slot[] | undefined;
  /** The validated input, once computed (approval computes it before a slot is taken). */
  input: unknown;
  hasInput: boolean;
  running: boolean;
  /** The dependency whose failure means this task will not run. */
  failedDependency: Slot | undefined;
  /** Arrival order, so ready tasks start first come, first served across tools. */
  readonly sequence: number;
}

/** A first-in, first-out queue of ready tasks of one tool. */
interface ToolQueue {
  readonly tool: AnyTool;
  readonly items: Slot[];
  head: number;
  running: number;
}

/**
 * The task fetching unit and executor: tasks are added as the plan streams; each starts in the same tick
 * in which its last input settles, under a global and per-tool concurrency limit, with per-tool timeouts
 * and retries. Nothing polls: a task's settling counts down its dependents, and a dependent whose count
 * reaches zero is dispatched at once.
 *
 * Every task settles exactly once: `ok`, `error`, `timeout`, `aborted` or `skipped`. The dependents of a
 * task that did not succeed are skipped, never run on missing inputs.
 */
export class Scheduler {
  readonly #tools: ReadonlyMap<string, AnyTool>;
  readonly #runId: string;
  readonly #concurrency: number;
  readonly #eager: EagerMode;
  readonly #signal: AbortSignal | undefined;
  readonly #approve: SchedulerOptions['approve'];
  readonly #onEvent: (event: SchedulerEvent) => void;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #toolCall: RunInstrumentation['toolCall'];

  readonly #slots = new Map<number, Slot>();
  /** What each running tool call does when the run aborts: the run's signal holds one listener, not one per call. */
  readonly #onRunAbort = new Set<() => void>();
  readonly #queues = new Map<string, ToolQueue>();
  /** The same queues in an array: the dispatch loop walks it by index, with no iterator per started task. */
  readonly #queueList: ToolQueue[] = [];
  /** The value of a task by id, for references: one function for every task's input. */
  readonly #valueOf = (id: number): unknown => this.#slots.get(id)?.entry.value;
  /** Tasks held until the current plan ends cleanly. */
  #gated: Slot[] = [];
  #planEnded = false;
  #round = 1;
  #running = 0;
  #unsettled = 0;
  #sequence = 0;
  #idle: (() => void)[] = [];
  /** Whether {@link #pump} is running: a call from a task settled inside it returns at once. */
  #pumping = false;

  constructor(options: SchedulerOptions) {
    this.#tools = options.tools;
    this.#runId = options.runId ?? globalThis.crypto.randomUUID();
    this.#concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
    this.#eager = options.eager ?? 'safe';
    this.#signal = options.signal;
    this.#approve = options.approve;
    this.#onEvent = options.onEvent ?? (() => {});
    this.#now = options.now ?? (() => performance.now());
    this.#random = options.random ?? Math.random;
    this.#toolCall = options.toolCall;
    this.#signal?.addEventListener('abort', () => this.#abortAll(), { once: true });
  }

  /** Every task added so far, by id. */
  get records(): ReadonlyMap<number, TaskRecord> {
    const records = new Map<number, TaskRecord>();
    for (const [id, slot] of this.#slots) records.set(id, recordOf(slot));
    return records;
  }

  /** The ids of every task added so far, in the order added. */
  taskIds(): IterableIterator<number> {
    return this.#slots.keys();
  }

  /** The record of one task as it is now: a frozen snapshot, which later changes do not reach. */
  record(id: number): TaskRecord | undefined {
    const slot = this.#slots.get(id);
    return slot === undefined ? undefined : recordOf(slot);
  }

  /**
   * Begins planning round `round` (the first is 1, begun by the constructor): the tasks added next belong
   * to it, and tasks with side effects wait again for this round's plan to end.
   */
  startRound(round: number): void {
    this.#round = round;
    this.#planEnded = false;
  }

  /**
   * Adds a task of the current round. It starts as soon as its inputs exist (and, if gated, the plan ended).
   * `plannedAt` is when it was planned, on the scheduler's clock (`now`), when the caller has just read it.
   */
  add(task: Task, plannedAt?: number): void {
    const now = plannedAt ?? this.#now();
    const slot = this.#slot(task, now);
    const { tool } = slot;
    if (this.#signal?.aborted) return this.#settle(slot, 'aborted', undefined, new TaskAbortedError({ taskId: task.id, reason: this.#signal.reason }));
    if (task.error !== undefined) return this.#settle(slot, 'error', undefined, task.error);
    if (tool === undefined) {
      const error = new UnknownToolError({ tool: task.tool, availableTools: [...this.#tools.keys()], taskId: task.id, line: task.line });
      return this.#settle(slot, 'error', undefined, error);
    }
    for (const id of task.dependencies) {
      const dependency = this.#slots.get(id);
      if (dependency === undefined) {
        const error = new InvalidReferenceError({
          taskId: task.id,
          reference: `$${id}`,
          referencedId: id,
          reason: 'unknown',
          existingIds: [...this.#slots.keys()].filter((known) => known !== task.id),
          line: task.line,
        });
        return this.#settle(slot, 'error', undefined, error);
      }
      if (dependency.entry.status === 'settled') {
        if (dependency.entry.outcome !== 'ok') return this.#skipForDependency(slot, dependency);
        continue;
      }
      slot.remaining++;
      (dependency.dependents ??= []).push(slot);
    }
    if (!this.#planEnded && waitsForCleanPlanEnd(this.#eager, slot.tool.sideEffects)) {
      slot.gated = true;
      this.#gated.push(slot);
    }
    if (slot.remaining === 0 && !slot.gated) this.#ready(slot, now);
  }

  /**
   * Adds a task of the current round that settled before: a resumed run reads it from the run's journal. It
   * is not run; its end is reported, and the tasks that reference it read its value.
   */
  restore(task: Task, { outcome, value, error, attempts }: RestoredTask): void {
    const slot = this.#slot(task, this.#now());
    slot.entry.attempts = attempts;
    this.#settle(slot, outcome, value, error);
  }

  /** A new, unsettled slot for `task`, counted; its tool is `undefined` when none has the task's name. */
  #slot(task: Task, now: number): Slot {
    const taken = this.#slots.get(task.id);
    if (taken !== undefined) {
      throw new DuplicateTaskIdError({ id: task.id, source: task.source, earlierSource: taken.entry.task.source, taskId: task.id, line: task.line });
    }
    const entry: Entry = {
      task,
      round: this.#round,
      status: 'waiting',
      outcome: undefined,
      input: undefined,
      value: undefined,
      error: undefined,
      attempts: 0,
      plannedAt: now,
      readyAt: undefined,
      startedAt: undefined,
      endedAt: undefined,
    };
    const slot: Slot = {
      entry,
      tool: this.#tools.get(task.tool) as AnyTool,
      remaining: 0,
      gated: false,
      dependents: undefined,
      input: undefined,
      hasInput: false,
      running: false,
      failedDependency: undefined,
      sequence: this.#sequence++,
    };
    this.#slots.set(task.id, slot);
    this.#unsettled++;
    return slot;
  }

  /**
   * Ends the current round's plan. When it ended cleanly (`join()` reached, the model stopped normally),
   * tasks held for it may start; otherwise they are skipped: a tool with side effects never runs on a plan
   * that may be cut off.
   */
  endPlan(clean: boolean): void {
    this.#planEnded = true;
    const gated = this.#gated;
    this.#gated = [];
    for (const slot of gated) {
      slot.gated = false;
      if (slot.entry.status === 'settled') continue;
      if (!clean) {
        this.#settle(slot, 'skipped', undefined, new TaskSkippedError({ taskId: slot.entry.task.id, reason: 'plan-incomplete', tool: slot.tool.name }));
      } else if (slot.remaining === 0) {
        this.#ready(slot);
      }
    }
  }

  /** Resolves once every task added so far has settled. */
  idle(): Promise<void> {
    if (this.#unsettled === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Inputs exist (since `now`, when known): ask for approval if the tool needs it, then queue. */
  #ready(slot: Slot, now = this.#now()): void {
    slot.entry.readyAt = now;
    if (slot.tool.needsApproval === false) {
      this.#enqueue(slot);
    } else {
      slot.entry.status = 'approval';
      void this.#askApproval(slot);
    }
  }

  #enqueue(slot: Slot): void {
    slot.entry.status = 'queued';
    let queue = this.#queues.get(slot.tool.name);
    if (queue === undefined) {
      queue = { tool: slot.tool, items: [], head: 0, running: 0 };
      this.#queues.set(slot.tool.name, queue);
      this.#queueList.push(queue);
    }
    queue.items.push(slot);
    this.#pump();
  }

  /**
   * Starts queued tasks while the limits allow, oldest first. A task whose tool answers at once settles
   * inside this loop, and its dependents are queued for the same loop: a call made while the loop runs
   * returns at once, so a long chain of such tasks never deepens the stack.
   */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      this.#startQueued();
    } finally {
      this.#pumping = false;
    }
  }

  #startQueued(): void {
    while (this.#running < this.#concurrency) {
      let best: ToolQueue | undefined;
      const queues = this.#queueList;
      for (let i = 0; i < queues.length; i++) {
        const queue = queues[i]!;
        if (queue.head === queue.items.length || queue.running >= queue.tool.concurrency) continue;
        if (best === undefined || queue.items[queue.head]!.sequence < best.items[best.head]!.sequence) best = queue;
      }
      if (best === undefined) return;
      const slot = best.items[best.head]!;
      best.items[best.head] = undefined as unknown as Slot;
      best.head++;
      if (best.head === best.items.length) {
        best.items.length = 0;
        best.head = 0;
      }
      if (slot.entry.status !== 'queued') continue;
      best.running++;
      this.#running++;
      slot.running = true;
      slot.entry.status = 'running';
      this.#run(slot);
    }
  }

  async #askApproval(slot: Slot): Promise<void> {
    const { task } = slot.entry;
    try {
      slot.input = await this.#input(slot);
      slot.hasInput = true;
      // An abort may have settled the task while its input was computed: a settled record is frozen.
      if (slot.entry.status !== 'settled') slot.entry.input = slot.input;
      const needs = slot.tool.needsApproval;
      const approvalSignal = this.#signal ?? NEVER_ABORTED;
      const required = needs === true || (typeof needs === 'function' && (await needs(slot.input, { signal: approvalSignal, taskId: task.id })));
      if (!required) {
        if (slot.entry.status === 'approval') this.#enqueue(slot);
        return;
      }
      this.#onEvent({ type: 'approval-request', record: snapshotRecord(slot.entry), input: slot.input });
      const approved = this.#approve === undefined ? false : await this.#approve({ task, tool: slot.tool, input: slot.input, signal: approvalSignal });
      if (slot.entry.status !== 'approval') return;
      this.#onEvent({ type: 'approval-response', record: snapshotRecord(slot.entry), approved: approved === true });
      if (approved === true) this.#enqueue(slot);
      else {
        const reason = this.#approve === undefined ? 'no approval callback was given' : undefined;
        this.#settle(slot, 'error', undefined, new ApprovalRejectedError({ tool: slot.tool.name, taskId: task.id, reason }));
      }
    } catch (error) {
      if (slot.entry.status === 'approval') this.#settle(slot, 'error', undefined, error);
    }
  }

  /**
   * The task's input: references resolved, then validated against the tool's input schema. At once when
   * the schema validates synchronously, else a promise.
   *
   * @throws what resolving or validating throws, when it happens at once.
   */
  #input(slot: Slot): unknown {
    if (slot.hasInput) return slot.input;
    const { tool } = slot;
    const { task } = slot.entry;
    const resolved = resolveReferences(task.args, this.#valueOf, task.id);
    const result = validateNow(tool.inputSchema, resolved);
    if (!isThenable(result)) return inputOf(tool, result, task.id);
    return Promise.resolve(result).then((settled) => inputOf(tool, settled, task.id));
  }

  /** The tool's output validated against its output schema, if it has one: at once when it can be. */
  #output(slot: Slot, output: unknown): unknown {
    const { tool } = slot;
    if (tool.outputSchema === undefined) return output;
    const taskId = slot.entry.task.id;
    const result = validateNow(tool.outputSchema, output);
    if (!isThenable(result)) return outputOf(tool, result, taskId);
    return Promise.resolve(result).then((settled) => outputOf(tool, settled, taskId));
  }

  /**
   * Runs a started task to its end, and never throws. A tool that answers at once, with schemas that
   * validate at once, settles in this same tick: no promise is made for it.
   */
  #run(slot: Slot): void {
    slot.entry.startedAt = this.#now();
    let input: unknown;
    try {
      input = this.#input(slot);
    } catch (error) {
      this.#fail(slot, error);
      return;
    }
    if (!isThenable(input)) {
      // Validation may have aborted the run (a refinement calling `run.abort()`): the task has settled then.
      if (slot.entry.status === 'running') this.#call(slot, input, 1);
      return;
    }
    input.then(
      (value) => {
        if (slot.entry.status === 'running') this.#call(slot, value, 1);
      },
      (error: unknown) => this.#fail(slot, error),
    );
  }

  /** Attempt `attempt` of the tool, then its settling, a retry or its failure. */
  #call(slot: Slot, input: unknown, attempt: number): void {
    const { entry } = slot;
    entry.attempts = attempt;
    entry.input = input;
    this.#onEvent({ type: 'task-start', record: snapshotRecord(entry), attempt });
    let result: unknown;
    try {
      const output = this.#attempt(slot, input, attempt);
      result = isThenable(output) ? Promise.resolve(output).then((value) => this.#output(slot, value)) : this.#output(slot, output);
    } catch (error) {
      this.#retryOrFail(slot, input, attempt, error);
      return;
    }
    if (!isThenable(result)) {
      this.#settle(slot, 'ok', result, undefined);
      return;
    }
    result.then(
      (value) => this.#settle(slot, 'ok', value, undefined),
      (error: unknown) => this.#retryOrFail(slot, input, attempt, error),
    );
  }

  /** After a failed attempt: another attempt after a back-off, when the tool's `retry` allows, or the failure. */
  #retryOrFail(slot: Slot, input: unknown, attempt: number, error: unknown): void {
    if (slot.entry.status !== 'running') return;
    const { tool } = slot;
    let retry: boolean;
    try {
      retry = this.#signal?.aborted !== true && attempt < tool.retry.attempts && tool.retry.retryOn(error);
    } catch (thrown) {
      // A `retryOn` that throws fails the task with what it threw, like the tool's error.
      this.#fail(slot, thrown);
      return;
    }
    if (!retry) {
      this.#fail(slot, error);
      return;
    }
    const delayMs = this.#backoff(tool, attempt);
    this.#onEvent({ type: 'task-retry', record: snapshotRecord(slot.entry), attempt, error, delayMs });
    sleep(delayMs, this.#signal).then(
      () => {
        if (slot.entry.status === 'running') this.#call(slot, input, attempt + 1);
      },
      (reason: unknown) => this.#fail(slot, reason),
    );
  }

  /** Settles a task that did not succeed: `aborted` when the run was aborted, else `timeout` or `error`. */
  #fail(slot: Slot, error: unknown): void {
    const taskId = slot.entry.task.id;
    if (this.#signal?.aborted) this.#settle(slot, 'aborted', undefined, new TaskAbortedError({ taskId, reason: this.#signal.reason }));
    else this.#settle(slot, ToolTimeoutError.isInstance(error) ? 'timeout' : 'error', undefined, error);
  }

  /**
   * One call of the tool. Without a timeout, what the tool returns at once is returned as it is, and a
   * promise is raced against the run's abort signal; with a timeout, the call is raced against both.
   *
   * @throws what the tool throws at once, when it has no timeout.
   */
  #attempt(slot: Slot, input: unknown, attempt: number): unknown {
    const { tool } = slot;
    const taskId = slot.entry.task.id;
    const runSignal = this.#signal;
    if (tool.timeoutMs === undefined) {
      // Without a timeout the tool can share the run's signal: no controller to create per call.
      const result = this.#execute(tool, input, { signal: runSignal ?? NEVER_ABORTED, taskId, attempt, runId: this.#runId });
      return runSignal === undefined || !isThenable(result) ? result : this.#raceRunAbort(result, runSignal);
    }
    const controller = new AbortController();
    const { signal } = controller;
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (onRunAbort !== undefined) this.#onRunAbort.delete(onRunAbort);
        return true;
      };
      const onAbort = (): void => {
        if (finish()) reject(signal.reason);
      };
      const onRunAbort = runSignal === undefined ? undefined : (): void => controller.abort(runSignal.reason);
      if (onRunAbort !== undefined) this.#onRunAbort.add(onRunAbort);
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => controller.abort(new ToolTimeoutError({ tool: tool.name, taskId, timeoutMs: tool.timeoutMs! })), tool.timeoutMs);
      let result: unknown;
      try {
        result = this.#execute(tool, input, { signal, taskId, attempt, runId: this.#runId });
      } catch (error) {
        if (finish()) reject(error);
        return;
      }
      // A tool that settles after its timeout or an abort is ignored, and its rejection handled.
      Promise.resolve(result).then(
        (value) => {
          if (finish()) resolve(value);
        },
        (error: unknown) => {
          if (finish()) reject(error);
        },
      );
    });
  }

  /** Calls the tool, inside the `toolCall` wrapper when there is one. */
  #execute(tool: AnyTool, input: unknown, context: ToolContext): unknown {
    const around = this.#toolCall;
    if (around === undefined) return tool.execute(input, context);
    const { taskId, attempt, runId } = context;
    return around({ runId, taskId, tool: tool.name, attempt, input }, () => tool.execute(input, context));
  }

  /** A tool's promise, rejected with the run's abort reason if the run aborts first. */
  #raceRunAbort(result: PromiseLike<unknown>, runSignal: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onRunAbort = (): void => {
        this.#onRunAbort.delete(onRunAbort);
        reject(runSignal.reason);
      };
      this.#onRunAbort.add(onRunAbort);
      // A tool that settles after an abort is ignored, and its rejection handled.
      Promise.resolve(result).then(
        (value) => {
          this.#onRunAbort.delete(onRunAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.#onRunAbort.delete(onRunAbort);
          reject(error);
        },
      );
    });
  }

  #backoff(tool: AnyTool, attempt: number): number {
    const { initialDelayMs, maxDelayMs, factor, jitter } = tool.retry;
    const delay = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1));
    return jitter ? Math.floor(this.#random() * delay) : delay;
  }

  #skipForDependency(slot: Slot, dependency: Slot): void {
    slot.failedDependency = dependency;
    this.#settle(slot, 'skipped', undefined, this.#skipReason(slot));
  }

  /** Settles a task once and hands its result to the tasks waiting for it, in the same tick. */
  #settle(slot: Slot, outcome: TaskOutcome, value: unknown, error: unknown): void {
    // Skips cascade through a worklist (a long chain must not deepen the stack); it is allocated only then.
    let skips: Slot[] | undefined;
    let next: Slot | undefined = slot;
    let result = outcome;
    let resultValue = value;
    let resultError = error;
    while (next !== undefined) {
      const current: Slot = next;
      if (current.entry.status !== 'settled') skips = this.#record(current, result, resultValue, resultError, skips);
      next = skips?.pop();
      if (next !== undefined) {
        // A skipped dependent names the task it waited for: the one whose failure reached it.
        result = 'skipped';
        resultValue = undefined;
        resultError = this.#skipReason(next);
      }
    }
    this.#pump();
    if (this.#unsettled === 0 && this.#idle.length > 0) {
      const idle = this.#idle;
      this.#idle = [];
      for (const resolve of idle) resolve();
    }
  }

  /**
   * Records the outcome of one task and updates its dependents. Those that can no longer run are added to
   * `skips` (created on the first one) and the list is returned.
   */
  #record(slot: Slot, outcome: TaskOutcome, value: unknown, error: unknown, skips: Slot[] | undefined): Slot[] | undefined {
    const { entry } = slot;
    entry.status = 'settled';
    entry.outcome = outcome;
    entry.value = value;
    entry.error = error;
    entry.endedAt = this.#now();
    if (slot.running) {
      slot.running = false;
      this.#running--;
      this.#queues.get(slot.tool.name)!.running--;
    }
    this.#unsettled--;
    // The settled record never changes again: one frozen copy serves the event, `record()` and the result.
    const final = snapshotRecord(entry);
    slot.entry = final as Entry;
    this.#onEvent({ type: 'task-end', record: final });
    const dependents = slot.dependents;
    slot.dependents = undefined;
    if (dependents === undefined) return skips;
    for (const dependent of dependents) {
      if (dependent.entry.status === 'settled') continue;
      if (outcome !== 'ok') {
        dependent.failedDependency = slot;
        (skips ??= []).push(dependent);
      } else if (--dependent.remaining === 0 && !dependent.gated) {
        this.#ready(dependent);
      }
    }
    return skips;
  }

  #skipReason(slot: Slot): TaskSkippedError {
    const { id } = slot.entry.task;
    const failed = slot.failedDependency!.entry;
    return new TaskSkippedError({ taskId: id, reason: 'dependency-failed', dependencyId: failed.task.id, dependencyOutcome: failed.outcome! });
  }

  /**
   * The run was aborted: running calls reject with its reason, and every task not settled settles now,
   * running ones too. A running task may be waiting on something that ignores the signal (an async input or
   * output schema that never settles): it must not keep the run from ending. Whatever it does later is
   * ignored, since a task settles once.
   */
  #abortAll(): void {
    for (const onAbort of [...this.#onRunAbort]) onAbort();
    const reason = this.#signal!.reason;
    // Waiting tasks first: settled after a running task they depend on, they would be skipped, not aborted.
    for (const running of [false, true]) {
      for (const slot of this.#slots.values()) {
        if (slot.entry.status === 'settled' || slot.running !== running) continue;
        this.#settle(slot, 'aborted', undefined, new TaskAbortedError({ taskId: slot.entry.task.id, reason }));
      }
    }
  }
}

/** A slot's record as it is now: its frozen final record once settled, else a frozen snapshot. */
function recordOf(slot: Slot): TaskRecord {
  return slot.entry.status === 'settled' ? slot.entry : snapshotRecord(slot.entry);
}

/** The parsed input, or a {@link ToolInputError} listing every issue. */
function inputOf(tool: AnyTool, result: SchemaValidationResult<unknown>, taskId: number): unknown {
  if (!result.success) throw new ToolInputError({ tool: tool.name, issues: result.issues, taskId });
  return result.value;
}

/** The parsed output, or a {@link ToolOutputError} listing every issue. */
function outputOf(tool: AnyTool, result: SchemaValidationResult<unknown>, taskId: number): unknown {
  if (!result.success) throw new ToolOutputError({ tool: tool.name, issues: result.issues, taskId });
  return result.value;
}
