// The orchestrator killed with SIGKILL mid-run, and the run resumed by another process: real orchestrator
// and worker processes, the Redis journal, the real Redis. Each tool counts its executions in Redis.
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisJournal, type RedisJournal } from '../src/index.js';
import { noRedis, REDIS_URL, redisNote, uniqueName } from './redis.js';
import { deleteKeys, kill9, killAllWorkers, startOrchestrator, startWorkers, waitFor } from './worker-processes.js';

// Skipped without Redis (and failing under CI=true, see ./redis.ts). Processes take a second or more to
// start on a loaded machine; every wait below ends on an event or a bounded deadline.
describe.skipIf(noRedis)(`a run whose orchestrator is killed, resumed by another process${redisNote}`, { timeout: 90_000 }, () => {
  let prefix: string;
  let redis: Redis;
  let journal: RedisJournal;

  beforeEach(() => {
    prefix = uniqueName('resume');
    redis = new Redis(REDIS_URL);
    journal = createRedisJournal({ connection: REDIS_URL, prefix });
  });
  afterEach(async () => {
    await killAllWorkers();
    await journal.close();
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });

  const runs = async (name: string): Promise<number> => Number(await redis.get(`${prefix}:probe:runs:${name}`));

  it('answers after kill -9, every tool having run once: finished tasks are read, running jobs are awaited', async () => {
    const options = { url: REDIS_URL, queueName: 'tools', prefix };
    await startWorkers(1, { ...options, concurrency: 4 });
    const orchestrator = await startOrchestrator(['run'], options);
    const { runId } = await orchestrator.next('started');
    // Killed once both quick tasks ended, while the slow and the unsafe call run on the worker.
    await waitFor(async () => {
      const entries = await journal.read(runId);
      const ended = new Set(entries.flatMap((entry) => (entry.type === 'task-end' ? [entry.taskId] : [])));
      const started = new Set(entries.flatMap((entry) => (entry.type === 'task-start' ? [entry.taskId] : [])));
      return ended.has(1) && ended.has(4) && started.has(2) && started.has(3) ? true : undefined;
    }, 'tasks 1 and 4 to end and 2 and 3 to start, in the journal');
    await waitFor(() => redis.get(`${prefix}:probe:started:u`), 'the unsafe call to start on the worker');
    await kill9(orchestrator);
    expect((await journal.read(runId)).some((entry) => entry.type === 'join-end')).toBe(false);

    const resumer = await startOrchestrator(['resume', runId], options);
    expect(await resumer.next('started')).toEqual({ type: 'started', runId });
    const { answer, planned } = await resumer.next('result');
    // The resumed process planned nothing: its model has no answers to give.
    expect(planned).toBe(0);
    expect(answer).toMatch(/^1:ok:\{"text":"a","pid":\d+\} 2:ok:\{"label":"s","pid":\d+,"key":"[^"]+:2"\} 3:ok:"sent" 4:ok:\{"text":"after a","pid":\d+\}$/);
    expect(await runs('echo:a')).toBe(1);
    expect(await runs('echo:after a')).toBe(1);
    expect(await runs('s')).toBe(1);
    expect(await runs('u')).toBe(1);
    const ends = (await journal.read(runId)).filter((entry) => entry.type === 'run-end');
    expect(ends).toEqual([{ type: 'run-end', status: 'finished', answer }]);
  });
});
