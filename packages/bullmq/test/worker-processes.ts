// Worker processes for the tests: each a real Node process (fixtures/worker-process.ts run through tsx)
// hosting the test tools; every test kills the ones it started.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const script = fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url));

/** One worker process. */
export interface WorkerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** What it wrote to stderr so far, for failure messages. */
  stderr(): string;
}

/** Options of {@link startWorkers}. */
export interface StartWorkersOptions {
  readonly url: string;
  readonly queueName: string;
  readonly prefix: string;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly concurrency?: number;
}

const started = new Set<ChildProcess>();

/** Starts `count` worker processes and resolves once each takes jobs (or rejects with its stderr). */
export async function startWorkers(count: number, options: StartWorkersOptions): Promise<WorkerProcess[]> {
  const { url, queueName, prefix, lockDurationMs = 30_000, stalledIntervalMs = 30_000, concurrency = 1 } = options;
  const starting = Array.from({ length: count }, () => {
    const child = fork(script, [url, queueName, prefix, String(lockDurationMs), String(stalledIntervalMs), String(concurrency)], {
      execArgv: ['--import', 'tsx', '--conditions=@llmcompiler/source'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    started.add(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.resume();
    const worker: WorkerProcess = { pid: child.pid!, child, stderr: () => stderr };
    return new Promise<WorkerProcess>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${child.pid} did not start within 30 s: ${stderr}`)), 30_000);
      child.once('message', (message) => {
        clearTimeout(timer);
        if (message === 'ready') resolve(worker);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker ${child.pid} exited (${code ?? signal}) before it was ready: ${stderr}`));
      });
    });
  });
  return Promise.all(starting);
}

/** Kills a worker with SIGKILL, as a crash would, and resolves once it is gone. */
export function kill9(worker: WorkerProcess): Promise<void> {
  return killChild(worker.child);
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    started.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => {
      started.delete(child);
      resolve();
    });
    child.kill('SIGKILL');
  });
}

/** Kills every worker process still running; for `afterEach`. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...started].map(killChild));
}

/** Deletes every key under `prefix` (queues and probes of one test). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls `read` every 20 ms until it returns a value other than null/undefined; rejects after `ms`. */
export async function waitFor<T>(read: () => Promise<T | null | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
