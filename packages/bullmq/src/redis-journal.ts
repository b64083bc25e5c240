import type { Compiler, JournalEntry, Run, RunJournal, RunOptions, SchemaLike } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import type { Redis, RedisOptions } from 'ioredis';
import { checkConnection, openRedis } from './redis-connection.js';

/** Options of {@link createRedisJournal}. */
export interface RedisJournalOptions {
  /** The Redis server: a `redis://` URL or ioredis options (the queue's, usually). */
  readonly connection: string | RedisOptions;
  /**
   * The prefix of the journal's keys: a run's entries are the list `${prefix}:journal:${runId}`.
   *
   * @default 'llmcompiler'
   */
  readonly prefix?: string | undefined;
  /**
   * How long a run's journal is kept after its last entry, in milliseconds; each append renews it.
   *
   * @default 604_800_000 (a week)
   */
  readonly ttlMs?: number | undefined;
  /**
   * How long one write or read may take before it fails (Redis unreachable): a run whose journal cannot
   * be written ends with the error instead of waiting forever, and never calls an unsafe tool unrecorded.
   *
   * @default 10_000
   */
  readonly timeoutMs?: number | undefined;
}

/** A run journal on Redis, and its connection. */
export interface RedisJournal extends RunJournal, AsyncDisposable {
  delete(runId: string): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

const optionKeys = ['connection', 'prefix', 'ttlMs', 'timeoutMs'];

/**
 * A run journal in Redis, beside the queue: each run's entries are one Redis list of JSON strings, appended
 * with `RPUSH` (a batch and its expiry in one `MULTI`) and read with `LRANGE`. Give it to
 * `createCompiler({ journal })` in the orchestrator; after the orchestrator died, {@link resumeRun} in
 * another process continues the run from it.
 *
 * @example
 * ```ts
 * const journal = createRedisJournal({ connection: 'redis://127.0.0.1:6379' });
 * const compiler = createCompiler({ model, tools: remote.tools, journal });
 * const run = compiler.run('...');
 * // in another process, after this one died:
 * const resumed = resumeRun(runId, { compiler });
 * ```
 *
 * @throws {InvalidOptionError} when an option is wrong.
 */
export function createRedisJournal(options: RedisJournalOptions): RedisJournal {
  const check = optionChecks({ owner: '`createRedisJournal()`' });
  check.object('options', options);
  check.keys('', options as unknown as Record<string, unknown>, optionKeys);
  const connection = checkConnection(check, options.connection);
  const prefix = options.prefix === undefined ? 'llmcompiler' : check.string('prefix', options.prefix, true);
  const ttlMs = options.ttlMs === undefined ? 604_800_000 : check.positive('ttlMs', options.ttlMs);
  const timeoutMs = options.timeoutMs === undefined ? 10_000 : check.positive('timeoutMs', options.timeoutMs);

  let client: Redis | undefined;
  const redis = (): Redis => {
    if (client === undefined) {
      client = openRedis(connection, { commandTimeout: timeoutMs, lazyConnect: false });
      // Failed reconnections are reported per command (each times out); nothing to do with them here.
      client.on('error', () => {});
    }
    return client;
  };
  const key = (runId: string): string => `${prefix}:journal:${runId}`;
  const close = async (): Promise<void> => {
    const open = client;
    client = undefined;
    await open?.quit().catch(() => open.disconnect());
  };
  return {
    async append(runId, entries) {
      if (entries.length === 0) return;
      const results = await redis()
        .multi()
        .rpush(key(runId), ...entries.map((entry) => JSON.stringify(entry)))
        .pexpire(key(runId), ttlMs)
        .exec();
      const failed = results?.find(([error]) => error !== null);
      if (failed !== undefined) throw failed[0];
    },
    async read(runId) {
      const texts = await redis().lrange(key(runId), 0, -1);
      return texts.map((text) => JSON.parse(text) as JournalEntry);
    },
    async delete(runId) {
      await redis().del(key(runId));
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Options of {@link resumeRun}: the compiler to resume with, and the run's options again. */
export interface ResumeRunOptions extends RunOptions {
  /**
   * A compiler with the journal the run was written to (`createCompiler({ journal })`) and the same tools:
   * remote tools on the same queue, so that calls still running on workers are found again.
   */
  readonly compiler: Compiler;
}

/**
 * Continues run `runId`, whose orchestrator died, in this process: `compiler.resume(runId, options)` (see
 * `Compiler.resume` for what runs again and what does not). Returns at once with the run under way. With remote tools, a task whose job was added
 * before the orchestrator died is not run again: its job's result is awaited (or read, when the job has
 * finished); an `'unsafe'` call whose job cannot be found ends with an `EffectUnknownError`.
 *
 * The run's `result()` rejects with a `RunNotFoundError` when the journal has no run `runId`.
 *
 * @throws {InvalidOptionError} when `compiler` is not a compiler with a journal.
 *
 * @example
 * ```ts
 * const journal = createRedisJournal({ connection });
 * const remote = remoteTools(tools, { connection });
 * const compiler = createCompiler({ model, tools: remote.tools, journal });
 * const run = resumeRun(runId, { compiler });
 * const { answer } = await run.result();
 * ```
 */
export function resumeRun<T>(runId: string, options: ResumeRunOptions & { readonly answer: SchemaLike<T> }): Run<T>;
export function resumeRun(runId: string, options: ResumeRunOptions): Run;
export function resumeRun(runId: string, { compiler, ...runOptions }: ResumeRunOptions): Run<unknown> {
  if (compiler === null || typeof compiler !== 'object' || typeof compiler.resume !== 'function') {
    optionChecks({ owner: '`resumeRun()`' }).fail('compiler', 'a compiler from createCompiler({ journal })', compiler);
  }
  return compiler.resume(runId, runOptions);
}
