// Remote tools against a worker in this process, on the real Redis: results, typed errors from the worker,
// re-dispatch, BullMQ's retries, and cancellation of a queued job.
import { createCompiler, ToolInputError, ToolOutputError, UnknownToolError, tool, type ToolContext } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createToolWorker, jobIdOf, remoteTools, RemoteToolError, type RemoteTools, type ToolWorker } from '../src/index.js';
import { testTools } from './fixtures/test-tools.js';
import { noRedis, REDIS_URL, redisNote, uniqueName } from './redis.js';
import { deleteKeys, waitFor } from './worker-processes.js';

/** A BullMQ queue on its own connection, to look at the jobs. */
const queueClients = new WeakMap<Queue, Redis>();
function openQueue(name: string, prefix: string): Queue {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection: client, prefix });
  queueClients.set(queue, client);
  return queue;
}

async function closeQueue(queue: Queue): Promise<void> {
  await queue.close();
  queueClients.get(queue)?.disconnect();
}

/** A context as the scheduler makes it, for calling a remote tool's `execute` directly. */
function context(overrides: Partial<ToolContext> = {}): ToolContext {
  return { signal: new AbortController().signal, taskId: 1, attempt: 1, runId: 'run-a', ...overrides };
}

// Skipped without Redis (and failing under CI=true, see ./redis.ts): these talk to a real server.
describe.skipIf(noRedis)(`remote tools with a worker in this process${redisNote}`, () => {
  let prefix: string;
  let redis: Redis;
  let remote: RemoteTools | undefined;
  let worker: ToolWorker | undefined;
  let tools: ReturnType<typeof testTools>;

  beforeEach(() => {
    prefix = uniqueName('inproc');
    redis = new Redis(REDIS_URL);
    tools = testTools(redis, prefix);
  });
  afterEach(async () => {
    await remote?.close();
    await worker?.close(true);
    remote = undefined;
    worker = undefined;
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });

  function start(hosted = Object.values(tools), options: { attempts?: number; concurrency?: number } = {}) {
    worker = createToolWorker({ connection: REDIS_URL, tools: hosted, prefix, queueName: 'tools', concurrency: options.concurrency ?? 4 });
    remote = remoteTools(Object.values(tools), { connection: REDIS_URL, prefix, queueName: 'tools', ...(options.attempts === undefined ? {} : { attempts: options.attempts }) });
    return Object.fromEntries(remote.tools.map((remoteTool) => [remoteTool.name, remoteTool]));
  }

  it('runs a plan whose tools are on the worker, with the same answer and values as in process', async () => {
    const remoteByName = start();
    const model = scriptedModel({ responses: ['1. echo("a")\n2. echo(text="b")\n3. join()', 'Action: Finish(a and b)'] });
    const result = await createCompiler({ model, tools: Object.values(remoteByName) }).run('Echo a and b').result();
    expect(result.answer).toBe('a and b');
    expect(result.tasks.map((record) => [record.outcome, record.value])).toEqual([
      ['ok', { text: 'a', pid: process.pid }],
      ['ok', { text: 'b', pid: process.pid }],
    ]);
    // The planner saw the tools' signatures, output type included.
    expect(model.requests[0]?.messages.map((message) => message.content).join('\n')).toContain('echo(text: string) -> {');
  });

  it('gives the tool its run and task ids, and a dispatch of the same call again runs nothing', async () => {
    const { slow } = start();
    const input = { ms: 1, label: 'once' };
    const [first, second] = await Promise.all([slow!.execute(input, context({ taskId: 7 })), slow!.execute(input, context({ taskId: 7 }))]);
    const third = await slow!.execute(input, context({ taskId: 7 }));
    expect(first).toEqual({ label: 'once', pid: process.pid, key: 'run-a:7' });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    const queue = openQueue('tools', prefix);
    try {
      expect(await queue.getJobCounts('completed')).toEqual({ completed: 1 });
      expect((await queue.getJob(jobIdOf('run-a', 7, 1)))?.returnvalue).toEqual({ value: first });
    } finally {
      await closeQueue(queue);
    }
  });

  it("reports the worker's input validation as a ToolInputError naming the field", async () => {
    // The orchestrator's declaration accepts any text; the worker's tool wants an email address.
    const strict = tool({ name: 'mail', description: 'Mails.', input: z.object({ text: z.email() }), sideEffects: 'none', execute: ({ text }) => text });
    const loose = tool({ name: 'mail', description: 'Mails.', input: z.object({ text: z.string() }), sideEffects: 'none', execute: () => 'unused' });
    worker = createToolWorker({ connection: REDIS_URL, tools: [strict], prefix, queueName: 'tools' });
    remote = remoteTools([loose], { connection: REDIS_URL, prefix, queueName: 'tools' });
    const error = await remote.tools[0]!.execute({ text: 'not an address' }, context()).then(() => undefined, (thrown: unknown) => thrown);
    expect(ToolInputError.isInstance(error)).toBe(true);
    expect((error as ToolInputError).issues.map((issue) => issue.path)).toEqual([['text']]);
    expect((error as Error).message).toMatch(/^Invalid input for tool `mail`: text: Invalid email address/);
  });

  it('reports an invalid output as a ToolOutputError, a thrown error with its message, an unknown tool by name', async () => {
    const liar = tool({ name: 'liar', description: 'Says it returns a number.', input: z.object({}), output: z.number(), sideEffects: 'none', execute: () => 'seven' as unknown as number });
    const thrower = tool({ name: 'thrower', description: 'Throws.', input: z.object({}), sideEffects: 'none', execute: () => { throw new TypeError('no such page'); } });
    const missing = tool({ name: 'missing', description: 'No worker hosts it.', input: z.object({}), sideEffects: 'none', execute: () => 0 });
    worker = createToolWorker({ connection: REDIS_URL, tools: [liar, thrower], prefix, queueName: 'tools' });
    remote = remoteTools([liar, thrower, missing], { connection: REDIS_URL, prefix, queueName: 'tools' });
    const [remoteLiar, remoteThrower, remoteMissing] = remote.tools;
    const failure = (promise: unknown) => Promise.resolve(promise).then(() => undefined, (thrown: unknown) => thrown as Error);

    const output = await failure(remoteLiar!.execute({}, context({ taskId: 1 })));
    expect(ToolOutputError.isInstance(output)).toBe(true);
    expect(output?.message).toMatch(/^Invalid output of tool `liar`: .*expected number, received string/);

    const thrown = await failure(remoteThrower!.execute({}, context({ taskId: 2 })));
    expect(RemoteToolError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ message: 'no such page', remoteName: 'TypeError', tool: 'thrower', taskId: 2, jobId: 'run-a:2:1' });

    const unknown = await failure(remoteMissing!.execute({}, context({ taskId: 3 })));
    expect(UnknownToolError.isInstance(unknown)).toBe(true);
    expect(unknown?.message).toContain('`missing`');
    expect(unknown?.message).toContain('liar, thrower');
  });

  it("retries a tool without side effects with BullMQ's attempts, and never an unsafe one", async () => {
    const { flaky } = start(undefined, { attempts: 3 });
    await expect(flaky!.execute({ failures: 2, label: 'a' }, context({ taskId: 1 }))).resolves.toBe(3);
    const error = await Promise.resolve(flaky!.execute({ failures: 5, label: 'b' }, context({ taskId: 2 }))).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: 'RemoteToolError', remoteName: 'RangeError', message: 'attempt 3 failed' });
    expect(await redis.get(`${prefix}:probe:calls:b`)).toBe('3');

    const unsafeFlaky = { ...tools.flaky, sideEffects: 'unsafe' as const };
    await remote!.close();
    await worker!.close();
    worker = createToolWorker({ connection: REDIS_URL, tools: [unsafeFlaky], prefix, queueName: 'tools2' });
    remote = remoteTools([unsafeFlaky], { connection: REDIS_URL, prefix, queueName: 'tools2', attempts: 3 });
    await expect(remote.tools[0]!.execute({ failures: 1, label: 'c' }, context({ taskId: 3 }))).rejects.toThrow('attempt 1 failed');
    expect(await redis.get(`${prefix}:probe:calls:c`)).toBe('1');
  });

  it('removes a queued job when its call is aborted, so no worker ever runs it', async () => {
    const { slow } = start(undefined, { concurrency: 1 });
    const first = new AbortController();
    const second = new AbortController();
    const running = Promise.resolve(slow!.execute({ ms: 60_000, label: 'first' }, context({ taskId: 1, signal: first.signal })));
    const queued = Promise.resolve(slow!.execute({ ms: 1, label: 'second' }, context({ taskId: 2, signal: second.signal })));
    await waitFor(() => redis.get(`${prefix}:probe:started:first`), 'the first call to start');
    const queue = openQueue('tools', prefix);
    try {
      await waitFor(async () => ((await queue.getJob(jobIdOf('run-a', 2, 1))) === undefined ? undefined : true), 'the second job to be queued');
      second.abort(new Error('not needed'));
      await expect(queued).rejects.toThrow('not needed');
      await waitFor(async () => ((await queue.getJob(jobIdOf('run-a', 2, 1))) === undefined ? true : undefined), 'the second job to be removed');
      first.abort(new Error('stop'));
      await expect(running).rejects.toThrow('stop');
      await waitFor(() => redis.get(`${prefix}:probe:aborted:first`), "the first call's signal to abort on the worker");
      expect(await redis.get(`${prefix}:probe:started:second`)).toBeNull();
    } finally {
      await closeQueue(queue);
    }
  });
});
