import { ToolTimeoutError, type AnyTool } from '@llmcompiler/core';
import { describeError, optionChecks } from '@llmcompiler/core/internal';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { checkConnection, openRedis } from './redis-connection.js';
import { cancelNames, encodeFailure, type ToolJobData, type ToolJobFailure, type ToolJobResult } from './job-payload.js';

/** Options of {@link createToolWorker}. */
export interface ToolWorkerOptions {
  /** The Redis server of the queue: a `redis://` URL or ioredis options. */
  readonly connection: string | RedisOptions;
  /** The tools this worker runs: the real ones, whose declarations the orchestrator's remote tools share. */
  readonly tools: readonly AnyTool[];
  /**
   * The queue to read, the one `remoteTools` writes to.
   *
   * @default 'llmcompiler-tools'
   */
  readonly queueName?: string | undefined;
  /**
   * BullMQ's key prefix.
   *
   * @default 'bull'
   */
  readonly prefix?: string | undefined;
  /**
   * How many calls this worker runs at the same time.
   *
   * @default 1
   */
  readonly concurrency?: number | undefined;
  /**
   * How long a running job's lock lasts without renewal, in milliseconds: a worker that dies is noticed
   * about this long after (BullMQ's `lockDuration`).
   *
   * @default 30_000
   */
  readonly lockDurationMs?: number | undefined;
  /**
   * How often this worker looks for jobs whose worker died, in milliseconds (BullMQ's `stalledInterval`).
   *
   * @default 30_000
   */
  readonly stalledIntervalMs?: number | undefined;
  /**
   * How many times a job whose worker died is taken over before it fails (BullMQ's `maxStalledCount`).
   * A call of an `'unsafe'` tool is never taken over: it fails with "effect unknown".
   *
   * @default 1
   */
  readonly maxStalledCount?: number | undefined;
}

/** A running worker: it takes jobs until closed. */
export interface ToolWorker extends AsyncDisposable {
  /** The BullMQ worker, for its events (`completed`, `failed`, `error`) and metrics. */
  readonly worker: Worker<ToolJobData, ToolJobResult>;
  /**
   * Stops taking jobs and waits for the running ones to finish, then closes the connections. With `force`,
   * running jobs are not waited for (BullMQ takes them over elsewhere once their locks expire).
   */
  close(force?: boolean): Promise<void>;
}

const optionKeys = ['connection', 'tools', 'queueName', 'prefix', 'concurrency', 'lockDurationMs', 'stalledIntervalMs', 'maxStalledCount'];

/**
 * Starts a worker that runs the calls of `remoteTools` on this process's tools. Each job's input is
 * validated against the tool's own schema, the tool gets an `AbortSignal` that aborts when the orchestrator
 * cancels the call (its run was aborted, or its timeout passed) or when the tool's own `timeoutMs` passes,
 * and `runId` and `taskId` in its context (`${runId}:${taskId}` is an idempotency key). A failure goes back
 * as a typed error: invalid input or output, a timeout, an unknown tool, or the message the tool threw.
 *
 * A call of an `'unsafe'` tool whose earlier worker died mid-call is not run again: it fails with "effect
 * unknown", which the orchestrator reports as an `EffectUnknownError`.
 *
 * @example
 * ```ts
 * const worker = createToolWorker({ connection: 'redis://127.0.0.1:6379', tools: [search, sendEmail], concurrency: 8 });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 *
 * @throws {InvalidOptionError} when an option is wrong.
 */
export function createToolWorker(options: ToolWorkerOptions): ToolWorker {
  const check = optionChecks({ owner: '`createToolWorker()`' });
  check.object('options', options);
  check.keys('', options as unknown as Record<string, unknown>, optionKeys);
  const connection = checkConnection(check, options.connection);
  if (!Array.isArray(options.tools) || options.tools.length === 0) check.fail('tools', 'a non-empty array of tools', options.tools);
  const tools = new Map<string, AnyTool>();
  for (const [index, tool] of options.tools.entries()) {
    if (typeof tool !== 'object' || tool === null || typeof tool.execute !== 'function' || typeof tool.name !== 'string') {
      check.fail(`tools[${index}]`, 'a tool made by `tool()`', tool);
    }
    tools.set(tool.name, tool);
  }
  const queueName = options.queueName === undefined ? 'llmcompiler-tools' : check.string('queueName', options.queueName, true);
  const prefix = options.prefix === undefined ? 'bull' : check.string('prefix', options.prefix, true);
  const concurrency = options.concurrency === undefined ? 1 : check.integer('concurrency', options.concurrency, 1);
  const lockDuration = options.lockDurationMs === undefined ? 30_000 : check.positive('lockDurationMs', options.lockDurationMs);
  const stalledInterval = options.stalledIntervalMs === undefined ? 30_000 : check.positive('stalledIntervalMs', options.stalledIntervalMs);
  const maxStalledCount = options.maxStalledCount === undefined ? 1 : check.integer('maxStalledCount', options.maxStalledCount, 0);

  const client = openRedis(connection, { maxRetriesPerRequest: null });
  const subscriber = client.duplicate();
  client.on('error', () => {});
  subscriber.on('error', () => {});
  const cancel = cancelNames(prefix, queueName);

  const processor = async (job: Job<ToolJobData, ToolJobResult>, _token?: string, signal?: AbortSignal): Promise<ToolJobResult> => {
    const tool = tools.get(job.name);
    if (tool === undefined) {
      const available = [...tools.keys()];
      fail({ kind: 'unknown-tool', message: `This worker has no tool \`${job.name}\`; it has ${available.join(', ')}`, availableTools: available });
    }
    if ((await client.exists(cancel.key(job.id!))) === 1) fail({ kind: 'cancelled', message: 'The call was cancelled before it started' });
    // A start that neither finished nor failed: the worker that made it died (or lost its lock) mid-call.
    const interrupted = job.attemptsStarted > job.attemptsMade + 1 || job.stalledCounter > 0;
    if (interrupted && tool.sideEffects === 'unsafe') {
      fail({ kind: 'effect-unknown', message: `An earlier run of \`${tool.name}\` was interrupted; it has side effects, so it is not run again` });
    }
    const { runId, taskId, attempt } = job.data;
    const parsed = await tool.inputSchema.validate(job.data.input);
    if (!parsed.success) fail({ kind: 'input', message: `Invalid input for tool \`${tool.name}\``, issues: parsed.issues });
    const value = await runTool(tool, parsed.value, { runId, taskId, attempt: attempt + job.attemptsMade, signal });
    if (tool.outputSchema !== undefined) {
      const output = await tool.outputSchema.validate(value);
      if (!output.success) fail({ kind: 'output', message: `Invalid output of tool \`${tool.name}\``, issues: output.issues });
      return { value: output.value };
    }
    return { value };
  };

  const worker = new Worker<ToolJobData, ToolJobResult>(queueName, processor, {
    connection: client,
    prefix,
    concurrency,
    lockDuration,
    stalledInterval,
    maxStalledCount,
  });
  worker.on('error', () => {});
  subscriber.on('message', (_channel: string, jobId: string) => {
    worker.cancelJob(jobId, 'cancelled by the orchestrator');
  });
  void subscriber.subscribe(cancel.channel).catch(() => {});

  let closing: Promise<void> | undefined;
  const close = (force = false): Promise<void> =>
    (closing ??= (async () => {
      await worker.close(force);
      subscriber.disconnect();
      client.disconnect();
    })());
  return { worker, close, [Symbol.asyncDispose]: () => close() };
}

/** Fails the job: not retried, since another attempt would meet the same. */
function fail(failure: ToolJobFailure): never {
  throw new UnrecoverableError(encodeFailure(failure));
}

/**
 * Calls the tool with a signal that aborts on cancellation or at its `timeoutMs`; a tool that ignores the
 * signal is not waited for. A thrown error fails this attempt (BullMQ retries it when the job allows).
 */
async function runTool(tool: AnyTool, input: unknown, context: { runId: string; taskId: number; attempt: number; signal: AbortSignal | undefined }): Promise<unknown> {
  const { runId, taskId, attempt } = context;
  const controller = new AbortController();
  const { signal } = controller;
  const onCancel = (): void => controller.abort(new DOMException('The call was cancelled by the orchestrator', 'AbortError'));
  if (context.signal?.aborted) onCancel();
  context.signal?.addEventListener('abort', onCancel, { once: true });
  const timer =
    tool.timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new ToolTimeoutError({ tool: tool.name, taskId, timeoutMs: tool.timeoutMs! })), tool.timeoutMs);
  try {
    return await new Promise<unknown>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      Promise.resolve()
        .then(() => tool.execute(input, { signal, taskId, attempt, runId }))
        .then(resolve, reject);
    });
  } catch (error) {
    if (context.signal?.aborted) fail({ kind: 'cancelled', message: 'The call was cancelled while it ran' });
    if (ToolTimeoutError.isInstance(error)) {
      throw new Error(encodeFailure({ kind: 'timeout', message: error.message, timeoutMs: error.timeoutMs }));
    }
    throw new Error(encodeFailure({ kind: 'thrown', name: errorName(error), message: describeError(error) }));
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', onCancel);
  }
}

function errorName(error: unknown): string {
  try {
    return error instanceof Error ? String(error.name) : typeof error;
  } catch {
    return 'unknown';
  }
}
