// The Redis journal, and runs resumed from it with remote tools on a worker in this process, on the real
// Redis: entries kept in order with an expiry, a decided answer read back, and a resumed run that finds
// the job its dead orchestrator added (or, when the job is gone, reports the unsafe call's effect unknown).
import { createCompiler, EffectUnknownError, InvalidOptionError, RunNotFoundError, type JournalEntry } from '@llmcompiler/core';
import { crashableJournal, scriptedModel } from '@llmcompiler/core/test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisJournal, createToolWorker, jobIdOf, remoteTools, resumeRun, type RedisJournal, type RemoteTools, type ToolWorker } from '../src/index.js';
import { testTools } from './fixtures/test-tools.js';
import { noRedis, REDIS_URL, redisNote, uniqueName } from './redis.js';
import { deleteKeys, waitFor } from './worker-processes.js';

describe('createRedisJournal() options', () => {
  it('refuses a wrong option, naming it', () => {
    expect(() => createRedisJournal({ connection: REDIS_URL, ttlMs: 0 })).toThrow(InvalidOptionError);
    expect(() => createRedisJournal({ connection: REDIS_URL, ttl: 5 } as never)).toThrow(/`ttl`/);
  });
});

// Skipped without Redis (and failing under CI=true, see ./redis.ts): these talk to a real server.
describe.skipIf(noRedis)(`the Redis journal${redisNote}`, () => {
  let prefix: string;
  let redis: Redis;
  let journal: RedisJournal;
  let remote: RemoteTools | undefined;
  let worker: ToolWorker | undefined;

  beforeEach(() => {
    prefix = uniqueName('journal');
    redis = new Redis(REDIS_URL);
    journal = createRedisJournal({ connection: REDIS_URL, prefix, ttlMs: 60_000 });
  });
  afterEach(async () => {
    await remote?.close();
    await worker?.close(true);
    remote = undefined;
    worker = undefined;
    await journal.close();
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });

  it('keeps entries in the order appended, in one list per run with an expiry, and deletes them', async () => {
    const first: JournalEntry[] = [{ type: 'run-start', input: 'Go', structured: false }];
    const second: JournalEntry[] = [
      { type: 'task-start', taskId: 1, attempt: 1 },
      { type: 'task-end', taskId: 1, outcome: 'ok', attempts: 1, value: { rows: [1, 'two', null] } },
    ];
    await journal.append('r1', first);
    await journal.append('r1', second);
    await journal.append('r2', first);
    expect(await journal.read('r1')).toEqual([...first, ...second]);
    expect(await redis.llen(`${prefix}:journal:r1`)).toBe(3);
    const ttl = await redis.pttl(`${prefix}:journal:r1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await journal.delete('r1');
    expect(await journal.read('r1')).toEqual([]);
    expect(await journal.read('r2')).toEqual(first);
  });

  function start(): RemoteTools['tools'] {
    const tools = testTools(redis, prefix);
    worker = createToolWorker({ connection: REDIS_URL, tools: Object.values(tools), prefix, queueName: 'tools', concurrency: 4 });
    remote = remoteTools(Object.values(tools), { connection: REDIS_URL, prefix, queueName: 'tools' });
    return remote.tools;
  }

  /**
   * Starts `plan` and lets the orchestrator "die" once the unsafe call runs on the worker: nothing more is
   * written, and its remote tools close without cancelling their jobs (a dead process cancels nothing).
   */
  async function runUntilCrash(plan: string): Promise<string> {
    const dying = crashableJournal(journal);
    const tools = start();
    const run = createCompiler({ model: scriptedModel({ responses: [plan, 'Action: Finish(never)'] }), tools, journal: dying }).run('Send');
    await waitFor(() => redis.get(`${prefix}:probe:started:u`), 'the unsafe call to start');
    dying.crash();
    await remote!.close();
    run.abort(new Error('killed'));
    await run.result().catch(() => {});
    return run.id;
  }

  it("resumes a run whose orchestrator died: the unsafe call's job is awaited, not added again", async () => {
    const runId = await runUntilCrash('1. echo("a")\n2. send(ms=300, label="u")\n3. join()');
    const compiler = createCompiler({ model: scriptedModel({ responses: ['Action: Finish(sent once)'] }), tools: start(), journal });
    const resumed = resumeRun(runId, { compiler });
    const { answer, tasks } = await resumed.result();
    expect(answer).toBe('sent once');
    expect(tasks.map((record) => [record.outcome, record.value])).toEqual([
      ['ok', expect.objectContaining({ text: 'a' })],
      ['ok', 'sent'],
    ]);
    expect(await redis.get(`${prefix}:probe:runs:u`)).toBe('1');
    expect(await redis.get(`${prefix}:probe:runs:echo:a`)).toBe('1');
  });

  it("reports an unsafe call's effect unknown when its job is gone by the time the run resumes", async () => {
    const runId = await runUntilCrash('1. send(ms=300, label="u")\n2. join()');
    // The job finished, then went (kept jobs expire): whether the call happened cannot be told.
    const queue = new Queue('tools', { connection: { url: REDIS_URL }, prefix });
    try {
      const jobId = jobIdOf(runId, 1, 1);
      await waitFor(async () => ((await queue.getJobState(jobId)) === 'completed' ? true : undefined), 'the job to complete');
      await queue.remove(jobId);
    } finally {
      await queue.close();
    }
    const compiler = createCompiler({ model: scriptedModel({ responses: ['Action: Finish(unknown)'] }), tools: start(), journal });
    const { tasks } = await resumeRun(runId, { compiler }).result();
    const error = tasks[0]!.error as EffectUnknownError;
    expect(EffectUnknownError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'run-interrupted', jobId: jobIdOf(runId, 1, 1) });
    expect(await redis.get(`${prefix}:probe:runs:u`)).toBe('1');
  });

  it('gives a finished run its answer again, calling no model, and names an unknown run', async () => {
    const tools = start();
    const done = await createCompiler({ model: scriptedModel({ responses: ['1. echo("a")\n2. join()', 'Action: Finish(it is a)'] }), tools, journal }).run('Go').result();
    const none = scriptedModel({ responses: [] });
    const compiler = createCompiler({ model: none, tools, journal });
    expect((await resumeRun(done.runId, { compiler }).result()).answer).toBe('it is a');
    expect(none.requests).toHaveLength(0);
    await expect(resumeRun('nope', { compiler }).result()).rejects.toSatisfy(RunNotFoundError.isInstance);
  });
});
