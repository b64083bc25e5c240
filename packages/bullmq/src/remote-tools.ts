import { InvalidOptionError, tool, type AnyTool, type JsonSchema, type ToolContext, type ToolOptions } from '@llmcompiler/core';
import { optionChecks, withReattach } from '@llmcompiler/core/internal';
import type { RedisOptions } from 'ioredis';
import { checkConnection } from './redis-connection.js';
import { JobDispatcher, type DispatchBackoff } from './job-dispatcher.js';

/**
 * A tool described without its `execute`, for an orchestrator that does not load the tools' code: the same
 * name, description, schemas and side effects as the tool the workers host.
 */
export type RemoteToolDescriptor = Omit<ToolOptions<any, any>, 'execute'>;

/** Options of {@link remoteTools}. */
export interface RemoteToolsOptions {
  /**
   * The Redis server of the queue: a `redis://` URL or ioredis options.
   *
   * @example
   * ```ts
   * connection: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
   * ```
   */
  readonly connection: string | RedisOptions;
  /**
   * The BullMQ queue the calls go to; the workers of {@link createToolWorker} read the same one.
   *
   * @default 'llmcompiler-tools'
   */
  readonly queueName?: string | undefined;
  /**
   * BullMQ's key prefix, the same as the workers'.
   *
   * @default 'bull'
   */
  readonly prefix?: string | undefined;
  /**
   * How many times BullMQ runs a failed call of a tool declared `'none'` or `'idempotent'`, in total (a
   * call of an `'unsafe'` tool is made once). This is the one place retries happen for remote tools: a tool
   * that also sets its own `retry` is refused.
   *
   * @default 1
   */
  readonly attempts?: number | undefined;
  /**
   * The wait before each BullMQ retry: a fixed number of milliseconds, or BullMQ's
   * `{ type: 'exponential' | 'fixed', delay }`.
   *
   * @default 0
   */
  readonly backoff?: number | DispatchBackoff | undefined;
  /**
   * How long finished jobs stay in Redis, in milliseconds. While a job is kept, dispatching its call again
   * (same run, task and attempt) returns its result instead of running the tool again.
   *
   * @default 86_400_000 (a day)
   */
  readonly keepJobsMs?: number | undefined;
  /**
   * How long calls wait while Redis is unreachable before they fail with a `QueueUnavailableError`.
   *
   * @default 10_000
   */
  readonly unavailableTimeoutMs?: number | undefined;
}

/** Tools whose calls run as BullMQ jobs, and the connections they hold. */
export interface RemoteTools extends AsyncDisposable {
  /** One tool per tool given, in order, for `createCompiler({ tools })`. */
  readonly tools: readonly AnyTool[];
  /** The queue's name. */
  readonly queueName: string;
  /** Closes the connections; calls still waiting fail with a `QueueUnavailableError`. */
  close(): Promise<void>;
}

const optionKeys = ['connection', 'queueName', 'prefix', 'attempts', 'backoff', 'keepJobsMs', 'unavailableTimeoutMs'];

/**
 * Tools that run on worker processes: each call becomes a BullMQ job, which a worker made by
 * {@link createToolWorker} runs, and the call returns the job's result. The scheduler treats them as any
 * other tool, so a remote call starts the moment its inputs exist, under the run's and the tool's limits
 * and timeouts, its failure is the task's observation, and an abort removes its job from the queue or, when
 * it runs, aborts the `signal` its tool gets on the worker.
 *
 * Each tool has the name, description, side effects, limits and approval of the tool given; its input is
 * checked against the tool's JSON Schema here and against its own schema on the worker, which runs the
 * real tool. A job's id is `runId:taskId:attempt`: dispatching the same call again adds nothing.
 *
 * @example
 * ```ts
 * const remote = remoteTools([search, sendEmail], { connection: 'redis://127.0.0.1:6379' });
 * const compiler = createCompiler({ model, tools: remote.tools });
 * const { answer } = await compiler.run('...').result();
 * await remote.close();
 * ```
 *
 * @throws {InvalidOptionError} when an option is wrong, or a tool sets its own `retry` while `attempts` is
 * above 1 (retries happen in one place).
 * @throws {ToolDefinitionError} when a descriptor is not a valid tool definition.
 */
export function remoteTools(tools: readonly (AnyTool | RemoteToolDescriptor)[], options: RemoteToolsOptions): RemoteTools {
  const check = optionChecks({ owner: '`remoteTools()`' });
  check.object('options', options);
  check.keys('', options as unknown as Record<string, unknown>, optionKeys);
  if (!Array.isArray(tools)) check.fail('tools', 'an array of tools or tool descriptors', tools);
  const connection = checkConnection(check, options.connection);
  const queueName = options.queueName === undefined ? 'llmcompiler-tools' : check.string('queueName', options.queueName, true);
  const prefix = options.prefix === undefined ? 'bull' : check.string('prefix', options.prefix, true);
  const attempts = options.attempts === undefined ? 1 : check.integer('attempts', options.attempts, 1);
  const backoff = checkBackoff(options.backoff, check);
  const keepJobsMs = options.keepJobsMs === undefined ? 86_400_000 : check.positive('keepJobsMs', options.keepJobsMs);
  const unavailableTimeoutMs = options.unavailableTimeoutMs === undefined ? 10_000 : check.positive('unavailableTimeoutMs', options.unavailableTimeoutMs);

  const sources = tools.map((source) => (isBuiltTool(source) ? source : tool({ ...source, execute: notHere })));
  for (const source of sources) {
    if (source.retry.attempts > 1 && attempts > 1) {
      throw new InvalidOptionError({
        option: 'attempts',
        owner: '`remoteTools()`',
        expected: `1 while tool \`${source.name}\` sets its own \`retry\` (retries happen in one place: BullMQ's \`attempts\` or the tool's \`retry\`, not both)`,
        received: attempts,
      });
    }
  }
  const dispatcher = new JobDispatcher({ connection, queueName, prefix, attempts, backoff, keepJobsMs, unavailableTimeoutMs });
  const remote = sources.map((source) => toRemoteTool(source, dispatcher));
  return {
    tools: remote,
    queueName,
    close: () => dispatcher.close(),
    [Symbol.asyncDispose]: () => dispatcher.close(),
  };
}

/**
 * The remote twin of `source`: the same declaration, with an `execute` that runs a job. A resumed run
 * reattaches to a call its dead orchestrator made: the job of the same id is awaited, or its result read.
 */
function toRemoteTool(source: AnyTool, dispatcher: JobDispatcher): AnyTool {
  const { name, sideEffects } = source;
  const remote = tool({
    name,
    description: source.description,
    // Checked here as JSON (no transforms, so the worker's own schema sees the values as planned).
    input: source.inputSchema.jsonSchema(),
    ...(source.outputSchema === undefined ? {} : outputOf(source)),
    ...(source.sideEffectsDeclared ? { sideEffects } : {}),
    timeoutMs: source.timeoutMs,
    ...(source.retry.attempts > 1 ? { retry: source.retry } : {}),
    concurrency: source.concurrency,
    needsApproval: source.needsApproval,
    execute: (input: unknown, context: ToolContext) => dispatcher.call({ tool: name, sideEffects, input, context }),
  });
  return withReattach(remote, (input, context) => dispatcher.call({ tool: name, sideEffects, input, context, reattach: true }));
}

/** The output's JSON Schema, so the planner sees the result type; none when it cannot be expressed. */
function outputOf(source: AnyTool): { output?: JsonSchema } {
  try {
    return { output: source.outputSchema!.jsonSchema() };
  } catch {
    return {};
  }
}

function isBuiltTool(value: AnyTool | RemoteToolDescriptor): value is AnyTool {
  return typeof value === 'object' && value !== null && 'inputSchema' in value && typeof (value as AnyTool).execute === 'function';
}

function notHere(): never {
  throw new Error('A remote tool descriptor runs on a worker, not here');
}

function checkBackoff(backoff: unknown, check: ReturnType<typeof optionChecks>): number | DispatchBackoff {
  if (backoff === undefined) return 0;
  if (typeof backoff === 'number') return check.nonNegative('backoff', backoff, 'a number of milliseconds from 0');
  const shape = check.object('backoff', backoff, "milliseconds, or `{ type: 'exponential' | 'fixed', delay }`");
  check.keys('backoff', shape, ['type', 'delay']);
  return { type: check.oneOf('backoff.type', shape.type, ['exponential', 'fixed']), delay: check.nonNegative('backoff.delay', shape.delay) };
}
