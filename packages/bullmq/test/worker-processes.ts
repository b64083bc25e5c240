// Worker processes for the tests: each a real Node process hosting the test tools; every test kills the ones
// it started. The script (fixtures/worker-process.ts and the TypeScript sources it imports) is bundled once
// per test file with esbuild, so that each process starts on plain Node: tsx would compile it again in each.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Redis } from 'ioredis';

const entry = fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url));
// Inside node_modules, so that the bundle's imports of bullmq, ioredis and zod resolve as the package's do.
const cache = fileURLToPath(new URL('../../../node_modules/.cache/llmcompiler-bullmq-tests/', import.meta.url));
const script = `${cache}worker-${process.pid}-${Date.now()}.mjs`;
let built: Promise<unknown> | undefined;

function buildScript(): Promise<unknown> {
  mkdirSync(cache, { recursive: true });
  return (built ??= build({
    entryPoints: [entry],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@llmcompiler/source'],
    external: ['bullmq', 'ioredis', 'zod'],
    logLevel: 'silent',
  }));
}

/** Deletes the bundled script; for `afterAll`. */
export function removeWorkerScript(): void {
  rmSync(script, { force: true });
  built = undefined;
}

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
  await buildScript();
  const starting = Array.from({ length: count }, () => {
    const child = fork(script, [url, queueName, prefix, String(lockDurationMs), String(stalledIntervalMs), String(concurrency)], {
      execArgv: [],
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
