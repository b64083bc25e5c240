import { EffectUnknownError, ToolInputError, ToolOutputError, ToolTimeoutError, UnknownToolError, type SideEffects, type ToolContext } from '@llmcompiler/core';
import { describeError } from '@llmcompiler/core/internal';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import { openRedis } from './redis-connection.js';
import { QueueUnavailableError } from './errors/queue-unavailable-error.js';
import { RemoteToolError } from './errors/remote-tool-error.js';
import { cancelNames, decodeFailure, jobIdOf, type ToolJobData, type ToolJobResult } from './job-payload.js';

/** BullMQ's back-off between attempts. */
export interface DispatchBackoff {
  readonly type: 'exponential' | 'fixed';
  readonly delay: number;
}

/** The checked options of a {@link JobDispatcher}. */
export interface JobDispatcherOptions {
  readonly connection: string | RedisOptions;
  readonly queueName: string;
  readonly prefix: string;
  readonly attempts: number;
  readonly backoff: number | DispatchBackoff;
  readonly keepJobsMs: number;
  readonly unavailableTimeoutMs: number;
}

/** One call waiting for its job. */
interface Pending {
  readonly jobId: string;
  readonly tool: string;
  readonly taskId: number;
  readonly sideEffects: SideEffects;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** The connections, opened on the first call. */
interface Open {
  readonly queue: Queue;
  readonly events: QueueEvents;
}

/**
 * Turns calls into jobs and jobs' ends into results. One QueueEvents stream serves every call; a call is
 * also checked against the job's state once it is added (it may have finished before, when dispatched
 * again) and after each reconnection (Redis may have lost it). While Redis is unreachable, waiting calls
 * fail after `unavailableTimeoutMs`: nothing waits forever.
 */
export class JobDispatcher {
  readonly #options: JobDispatcherOptions;
  readonly #cancel: ReturnType<typeof cancelNames>;
  /** Calls by job id; the same call dispatched twice in one process waits on the same job. */
  readonly #pending = new Map<string, Pending[]>();
  #client: Redis | undefined;
  #open: Promise<Open> | undefined;
  /** The queue and events stream as soon as they exist. */
  #parts: Open | undefined;
  #closed = false;
  /** Set while the connection is down and calls wait: fails them when it fires. */
  #outage: ReturnType<typeof setTimeout> | undefined;
  /** Whether the connection is down: until it is first made, and from each loss until it is made again. */
  #down = true;

  constructor(options: JobDispatcherOptions) {
    this.#options = options;
    this.#cancel = cancelNames(options.prefix, options.queueName);
  }

  /**
   * Runs one call as a job and resolves with its value, or rejects with a typed error. With `reattach`, the
   * call is one a dead orchestrator made: its job is awaited as any other, but an `'unsafe'` call whose job
   * is not in Redis is not added again (it may have run, and its job expired): it fails with an
   * `EffectUnknownError`.
   */
  call({ tool, sideEffects, input, context, reattach = false }: { tool: string; sideEffects: SideEffects; input: unknown; context: ToolContext; reattach?: boolean }): Promise<unknown> {
    const { signal, runId, taskId, attempt } = context;
    signal.throwIfAborted();
    const jobId = jobIdOf(runId, taskId, attempt);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#remove(pending)) {
          reject(signal.reason);
          this.#cancelJob(jobId);
        }
      };
      const pending: Pending = {
        jobId,
        tool,
        taskId,
        sideEffects,
        resolve: (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const waiting = this.#pending.get(jobId);
      if (waiting !== undefined) {
        waiting.push(pending);
        return;
      }
      this.#pending.set(jobId, [pending]);
      if (this.#closed) return this.#fail(jobId, (p) => this.#unavailable(p, 'the remote tools were closed'));
      if (this.#down) this.#startOutage();
      const data: ToolJobData = { runId, taskId, attempt, input, sideEffects };
      this.#dispatch(tool, jobId, data, sideEffects, reattach && sideEffects === 'unsafe').catch((error: unknown) => {
        this.#fail(jobId, (p) => this.#unavailable(p, `adding the job failed: ${describeError(error)}`, error));
      });
    });
  }

  /** Closes the connections; waiting calls fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const jobId of [...this.#pending.keys()]) this.#fail(jobId, (p) => this.#unavailable(p, 'the remote tools were closed'));
    clearTimeout(this.#outage);
    const parts = this.#parts;
    if (parts !== undefined) {
      // They were made once Redis answered, so BullMQ can close them even while it is unreachable now.
      await Promise.allSettled([parts.events.close(), parts.queue.close()]);
    }
    this.#client?.disconnect();
  }

  async #dispatch(tool: string, jobId: string, data: ToolJobData, sideEffects: SideEffects, onlyExisting: boolean): Promise<void> {
    const { queue } = await this.#connect();
    if (onlyExisting && (await queue.getJobState(jobId)) === 'unknown') {
      this.#fail(jobId, ({ taskId }) => new EffectUnknownError({ tool, taskId, jobId, reason: 'run-interrupted' }));
      return;
    }
    const { attempts, backoff, keepJobsMs } = this.#options;
    const retries = sideEffects !== 'unsafe' && attempts > 1;
    await queue.add(tool, data, {
      jobId,
      attempts: retries ? attempts : 1,
      ...(retries ? { backoff: typeof backoff === 'number' ? { type: 'fixed', delay: backoff } : { ...backoff } } : {}),
      removeOnComplete: { age: Math.ceil(keepJobsMs / 1000) },
      removeOnFail: { age: Math.ceil(keepJobsMs / 1000) },
    });
    // The job may have ended before the events stream was read: dispatched again, or very fast.
    if (this.#pending.has(jobId)) await this.#check(jobId);
  }

  /** Opens the client, the queue and the events stream once; the events are read before any job is added. */
  #connect(): Promise<Open> {
    this.#open ??= (async () => {
      const { connection, queueName, prefix } = this.#options;
      const client = openRedis(connection, { maxRetriesPerRequest: null });
      this.#client = client;
      // ioredis reports each failed reconnection as an error; the outage timer decides what to do about it.
      client.on('error', () => {});
      client.on('close', () => {
        this.#down = true;
        if (this.#pending.size > 0) this.#startOutage();
      });
      client.on('ready', () => {
        const wasDown = this.#down;
        this.#down = false;
        clearTimeout(this.#outage);
        this.#outage = undefined;
        if (wasDown) this.#recheck();
      });
      // BullMQ's objects are made once Redis answers: closing one that never connected would wait forever.
      await new Promise<void>((resolve, reject) => {
        const onEnd = (): void => reject(new Error('the connection was closed before it was made'));
        client.once('end', onEnd);
        client.once('ready', () => {
          client.off('end', onEnd);
          resolve();
        });
      });
      const queue = new Queue(queueName, { connection: client, prefix });
      queue.on('error', () => {});
      const events = new QueueEvents(queueName, { connection: client, prefix });
      events.on('error', () => {});
      this.#parts = { queue, events };
      events.on('completed', ({ jobId, returnvalue }) => this.#settle(jobId, (p) => p.resolve((returnvalue as unknown as ToolJobResult | null)?.value)));
      events.on('failed', ({ jobId, failedReason }) => this.#settle(jobId, (p) => p.reject(this.#errorOf(p, failedReason))));
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      return { queue, events };
    })();
    return this.#open;
  }

  /** Settles the calls of a job that ended, from its state in Redis; fails them when the job is gone. */
  async #check(jobId: string): Promise<void> {
    const { queue } = await this.#connect();
    // The state first: a job read before it ended would have no result yet.
    const state = await queue.getJobState(jobId);
    if (state === 'unknown') {
      this.#fail(jobId, (p) => this.#lost(p));
      return;
    }
    if (state !== 'completed' && state !== 'failed') return;
    const job = await Job.fromId<ToolJobData, ToolJobResult>(queue, jobId);
    if (job === undefined) this.#fail(jobId, (p) => this.#lost(p));
    else if (state === 'completed') this.#settle(jobId, (p) => p.resolve(job.returnvalue?.value));
    else this.#settle(jobId, (p) => p.reject(this.#errorOf(p, job.failedReason)));
  }

  /** After a reconnection: every waiting call's job is looked up again (Redis may have restarted empty). */
  #recheck(): void {
    for (const jobId of [...this.#pending.keys()]) {
      this.#check(jobId).catch((error: unknown) => this.#fail(jobId, (p) => this.#unavailable(p, `checking the job failed: ${describeError(error)}`, error)));
    }
  }

  #startOutage(): void {
    if (this.#outage !== undefined) return;
    const { unavailableTimeoutMs } = this.#options;
    this.#outage = setTimeout(() => {
      this.#outage = undefined;
      for (const jobId of [...this.#pending.keys()]) {
        this.#fail(jobId, (p) => this.#unavailable(p, `Redis was unreachable for ${unavailableTimeoutMs} ms`));
        // Queued behind the job's addition on the same connection: if the addition still happens, the job
        // is cancelled before any worker starts it.
        this.#cancelJob(jobId);
      }
    }, unavailableTimeoutMs);
  }

  #settle(jobId: string, settle: (pending: Pending) => void): void {
    const waiting = this.#pending.get(jobId);
    if (waiting === undefined) return;
    this.#pending.delete(jobId);
    for (const pending of waiting) settle(pending);
  }

  #fail(jobId: string, errorOf: (pending: Pending) => unknown): void {
    this.#settle(jobId, (pending) => pending.reject(errorOf(pending)));
  }

  /** Stops waiting for one call; returns whether it was waiting. */
  #remove(pending: Pending): boolean {
    const waiting = this.#pending.get(pending.jobId);
    const index = waiting?.indexOf(pending) ?? -1;
    if (index === -1) return false;
    waiting!.splice(index, 1);
    if (waiting!.length === 0) this.#pending.delete(pending.jobId);
    return true;
  }

  /**
   * Cancels a job, best effort: a mark that a worker checks before it starts the tool, a message to the
   * worker running it (which aborts the tool's signal), and the job's removal if it still waits.
   */
  #cancelJob(jobId: string): void {
    // Another call in this process may still wait for the same job.
    if (this.#pending.has(jobId) || this.#closed) return;
    void this.#connect()
      .then(async ({ queue }) => {
        await this.#client!.multi().set(this.#cancel.key(jobId), '1', 'PX', this.#options.keepJobsMs).publish(this.#cancel.channel, jobId).exec();
        await queue.remove(jobId);
      })
      .catch(() => {
        // Redis is gone: the job, if it was added, is lost with it, or marked once the addition goes through.
      });
  }

  /** The typed error of a failed job. */
  #errorOf(pending: Pending, reason: string | undefined): Error {
    const { tool, taskId, jobId, sideEffects } = pending;
    const failure = decodeFailure(reason);
    if (failure === undefined) {
      // BullMQ's own reason: the job stalled more often than allowed, its lock was lost, ...
      if (sideEffects === 'unsafe') return new EffectUnknownError({ tool, taskId, jobId, reason: 'worker-lost' });
      return new RemoteToolError({ tool, taskId, jobId, remoteName: 'Error', message: reason ?? 'the job failed without a reason' });
    }
    switch (failure.kind) {
      case 'input':
        return new ToolInputError({ tool, issues: failure.issues, taskId });
      case 'output':
        return new ToolOutputError({ tool, issues: failure.issues, taskId });
      case 'timeout':
        return new ToolTimeoutError({ tool, taskId, timeoutMs: failure.timeoutMs });
      case 'unknown-tool':
        return new UnknownToolError({ tool, availableTools: failure.availableTools, taskId });
      case 'effect-unknown':
        return new EffectUnknownError({ tool, taskId, jobId, reason: 'worker-lost' });
      case 'cancelled':
        return new RemoteToolError({ tool, taskId, jobId, remoteName: 'AbortError', message: failure.message });
      case 'thrown':
        return new RemoteToolError({ tool, taskId, jobId, remoteName: failure.name, message: failure.message });
    }
  }

  #lost(pending: Pending): Error {
    const { tool, taskId, jobId, sideEffects } = pending;
    if (sideEffects === 'unsafe') return new EffectUnknownError({ tool, taskId, jobId, reason: 'job-lost' });
    return this.#unavailable(pending, 'the job vanished from Redis (Redis restarted without persistence, or the job was removed)');
  }

  #unavailable(pending: Pending, detail: string, cause?: unknown): Error {
    const { tool, taskId, jobId } = pending;
    return new QueueUnavailableError({ tool, taskId, jobId, queueName: this.#options.queueName, detail, cause });
  }
}
