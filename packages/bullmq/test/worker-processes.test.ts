// Remote tools on real worker processes (forked Node processes, killed with SIGKILL where a test says so),
// on the real Redis: parallel tasks over two workers, limits, timeouts and aborts reaching the worker's tool,
// a worker killed mid-call, and Redis itself gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createCompiler, ToolTimeoutError, type AnyTool } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EffectUnknownError, QueueUnavailableError, remoteTools, type RemoteTools } from '../src/index.js';
import { testTools } from './fixtures/test-tools.js';
import { noRedis, REDIS_URL, redisNote, uniqueName } from './redis.js';
import { deleteKeys, kill9, killAllWorkers, startWorkers, waitFor, within } from './worker-processes.js';

/** The tools as the orchestrator declares them (their code never runs here). */
function declarations(): Record<string, AnyTool> {
  const unused = new Redis(REDIS_URL, { lazyConnect: true });
  return testTools(unused, 'unused');
}

// Skipped without Redis (and failing under CI=true, see ./redis.ts): these talk to a real server.
// A worker process takes a second or more to start on a loaded machine.
describe.skipIf(noRedis)(`remote tools on worker processes${redisNote}`, { timeout: 60_000 }, () => {
  let prefix: string;
  let redis: Redis;
  let remote: RemoteTools | undefined;

  beforeEach(() => {
    prefix = uniqueName('procs');
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await killAllWorkers();
    await remote?.close();
    remote = undefined;
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });


  const probe = (name: string): Promise<string | null> => redis.get(`${prefix}:probe:${name}`);

  function connect(options: { unavailableTimeoutMs?: number; url?: string } = {}): Record<string, AnyTool> {
    remote = remoteTools(Object.values(declarations()), { connection: options.url ?? REDIS_URL, prefix, queueName: 'tools', ...(options.unavailableTimeoutMs === undefined ? {} : { unavailableTimeoutMs: options.unavailableTimeoutMs }) });
    return Object.fromEntries(remote.tools.map((tool) => [tool.name, tool]));
  }

  it('runs the tasks of a plan at the same time on two worker processes', async () => {
    const workers = await startWorkers(2, { url: REDIS_URL, queueName: 'tools', prefix });
    const tools = connect();
    // Each rendezvous call returns only once both have arrived: they cannot run one after the other.
    const model = scriptedModel({ responses: ['1. rendezvous("r", 2)\n2. rendezvous("r", 2)\n3. echo("done")\n4. join()', 'Action: Finish(both met)'] });
    const result = await createCompiler({ model, tools: Object.values(tools) }).run('Meet').result();
    expect(result.answer).toBe('both met');
    const pids = result.tasks.slice(0, 2).map((record) => record.value);
    expect(new Set(pids)).toEqual(new Set(workers.map((worker) => worker.pid)));
    expect(result.tasks[2]).toMatchObject({ outcome: 'ok', value: { text: 'done' } });
  });

  it("keeps the tool's concurrency limit and the run's across workers", async () => {
    await startWorkers(2, { url: REDIS_URL, queueName: 'tools', prefix, concurrency: 4 });
    const tools = connect();
    const plan = ['1. gauge(ms=50)', '2. gauge(ms=50)', '3. gauge(ms=50)', '4. gauge(ms=50)', '5. join()'].join('\n');
    const run = (concurrency: number | undefined, gauge: AnyTool) =>
      createCompiler({ model: scriptedModel({ responses: [plan, 'Action: Finish(ok)'] }), tools: [gauge], ...(concurrency === undefined ? {} : { concurrency }) }).run('Gauge').result();

    // `gauge` declares concurrency 1.
    await run(undefined, tools.gauge!);
    expect(await probe('gauge:max')).toBe('1');

    await redis.del(`${prefix}:probe:gauge:max`);
    const unlimited = { ...tools.gauge!, concurrency: Infinity };
    await run(2, unlimited);
    expect(await probe('gauge:max')).toBe('2');
  });

  it("times a call out: the task ends with a ToolTimeoutError and the worker's tool is aborted", async () => {
    await startWorkers(1, { url: REDIS_URL, queueName: 'tools', prefix });
    const tools = connect();
    const slow = { ...tools.slow!, timeoutMs: 1_000 };
    const model = scriptedModel({ responses: ['1. slow(ms=60000, label="t")\n2. join()', 'Action: Finish(too slow)'] });
    const result = await createCompiler({ model, tools: [slow] }).run('Wait').result();
    expect(result.tasks[0]?.outcome).toBe('timeout');
    expect(ToolTimeoutError.isInstance(result.tasks[0]?.error)).toBe(true);
    expect(await waitFor(() => probe('aborted:t'), "the worker's tool to be aborted")).toBe('The call was cancelled by the orchestrator');
  });

  it("aborts a run: the worker's running tool gets the abort", async () => {
    await startWorkers(1, { url: REDIS_URL, queueName: 'tools', prefix });
    const tools = connect();
    const model = scriptedModel({ responses: ['1. slow(ms=60000, label="a")\n2. join()', 'Action: Finish(never)'] });
    const run = createCompiler({ model, tools: Object.values(tools) }).run('Wait');
    await waitFor(() => probe('started:a'), 'the tool to start on the worker');
    run.abort(new Error('the user left'));
    await expect(run.result()).rejects.toThrow('the user left');
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted' });
    expect(await waitFor(() => probe('aborted:a'), "the worker's tool to be aborted")).toBe('The call was cancelled by the orchestrator');
  });

  describe('a worker killed with SIGKILL mid-call', () => {
    // Short locks, so that the other worker notices the dead one's job within a second or two.
    const fast = { lockDurationMs: 1_000, stalledIntervalMs: 500 };

    it('has its call of a tool without side effects taken over by another worker, and the run answers', async () => {
      const workers = await startWorkers(1, { url: REDIS_URL, queueName: 'tools', prefix, ...fast });
      const tools = connect();
      const model = scriptedModel({ responses: ['1. slow(ms=1500, label="k")\n2. join()', 'Action: Finish(survived)'] });
      const run = createCompiler({ model, tools: Object.values(tools) }).run('Survive');
      const first = Number(await waitFor(() => probe('started:k'), 'the call to start'));
      expect(first).toBe(workers[0]!.pid);
      await redis.del(`${prefix}:probe:started:k`);
      await kill9(workers[0]!);
      const [second] = await startWorkers(1, { url: REDIS_URL, queueName: 'tools', prefix, ...fast });
      const result = await run.result();
      expect(result.answer).toBe('survived');
      expect(result.tasks[0]).toMatchObject({ outcome: 'ok', value: { label: 'k', pid: second!.pid } });
    });

    it('never runs an unsafe call again: the task ends with an EffectUnknownError', async () => {
      const workers = await startWorkers(1, { url: REDIS_URL, queueName: 'tools', prefix, ...fast });
      const tools = connect();
      const model = scriptedModel({ responses: ['1. send(ms=60000, label="u")\n2. join()', 'Action: Finish(unknown)'] });
      const run = createCompiler({ model, tools: Object.values(tools) }).run('Send');
      await waitFor(() => probe('started:u'), 'the call to start');
      await kill9(workers[0]!);
      await startWorkers(1, { url: REDIS_URL, queueName: 'tools', prefix, ...fast });
      const result = await run.result();
      const [record] = result.tasks;
      expect(record?.outcome).toBe('error');
      expect(EffectUnknownError.isInstance(record?.error)).toBe(true);
      expect((record?.error as Error).message).toMatch(/^Task 1: the effect of `send` is unknown: the worker running it stopped before reporting/);
      expect(await probe('runs:u')).toBe('1');
    });
  });

  it('fails the call with a QueueUnavailableError when nothing answers at the Redis address, and the run settles', async () => {
    const port = await freePort();
    const tools = connect({ url: `redis://127.0.0.1:${port}`, unavailableTimeoutMs: 300 });
    const model = scriptedModel({ responses: ['1. echo("x")\n2. join()', 'Action: Finish(no queue)'] });
    const result = await createCompiler({ model, tools: Object.values(tools) }).run('Echo').result();
    expect(QueueUnavailableError.isInstance(result.tasks[0]?.error)).toBe(true);
    expect((result.tasks[0]?.error as Error).message).toBe(
      `Task 1: the call of \`echo\` was lost on queue \`tools\` (job ${result.runId}:1:1): Redis was unreachable for 300 ms`,
    );
  });

  // Every wait is bounded and ends on an event (redis-server's ready line, its exit, the dispatcher's
  // reconnection or its outage timer), so a loaded machine makes this slower, never stuck.
  it('fails a waiting call with a typed error when Redis restarts empty mid-call, and the run settles', { timeout: 150_000 }, async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    let server = await startRedis(port);
    try {
      await startWorkers(1, { url, queueName: 'tools', prefix });
      const tools = connect({ url, unavailableTimeoutMs: 20_000 });
      const local = new Redis(url, { maxRetriesPerRequest: null });
      local.on('error', () => {});
      const model = scriptedModel({ responses: ['1. slow(ms=60000, label="r")\n2. send(ms=60000, label="s")\n3. join()', 'Action: Finish(lost)'] });
      const run = createCompiler({ model, tools: Object.values(tools) }).run('Lose');
      await waitFor(() => local.get(`${prefix}:probe:started:r`), 'the call to start');
      local.disconnect();
      await stopRedis(server);
      server = await startRedis(port);
      // Settled at the latest by the outage timer (20 s) once Redis is back or not.
      const result = await within(run.result(), 45_000, () => new Error('the run did not settle within 45 s of the restart'));
      expect(result.tasks.map((record) => record.error?.constructor.name)).toEqual(['QueueUnavailableError', 'EffectUnknownError']);
      expect((result.tasks[0]?.error as Error).message).toMatch(/the job vanished from Redis/);
      expect((result.tasks[1]?.error as Error).message).toMatch(/its job vanished from Redis before reporting/);
    } finally {
      await killAllWorkers();
      await remote?.close();
      remote = undefined;
      await stopRedis(server);
    }
  });
});

/** A TCP port nothing listens on (one the system just handed out and took back). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of the test's own, on loopback, keeping nothing on disk: resolves when it logs that it
 * accepts connections, rejects with its output when it exits first (the port taken) or after 30 s.
 */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return within(
    new Promise<ChildProcess>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          child.off('exit', onExit);
          resolve(child);
        }
      };
      const onExit = (code: number | null): void => reject(new Error(`redis-server on port ${port} exited (${code}): ${output}`));
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
    }),
    30_000,
    () => {
      child.kill('SIGKILL');
      return new Error(`redis-server on port ${port} was not ready within 30 s: ${output}`);
    },
  );
}

function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
