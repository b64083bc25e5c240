// Worker and orchestrator processes for the tests: each a real Node process; every test kills the ones it
// started. The scripts (fixtures/worker-process.ts, fixtures/orchestrator-process.ts and the TypeScript
// sources they import) are bundled once per test process with esbuild (test-scripts.ts at the repository's
// root), so that each process starts on plain Node: tsx would compile them again in each.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { bundleScript } from '../../../test-scripts.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));

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
  const script = await bundleScript(fixture('worker-process'));
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

/** What an orchestrator process reports to the test. */
export type OrchestratorMessage =
  | { readonly type: 'started'; readonly runId: string }
  | { readonly type: 'result'; readonly answer: string; readonly planned: number }
  | { readonly type: 'error'; readonly message: string };

/** An orchestrator process, with the messages it sent so far and a wait for the next of a type. */
export interface OrchestratorProcess extends WorkerProcess {
  next<T extends OrchestratorMessage['type']>(type: T): Promise<Extract<OrchestratorMessage, { type: T }>>;
}

/**
 * Starts an orchestrator process (fixtures/orchestrator-process.ts): `['run']` starts its plan, `['resume',
 * runId]` resumes a run. Remote tools on `queueName`, the Redis journal under `prefix`.
 */
export async function startOrchestrator(mode: readonly string[], { url, queueName, prefix }: { url: string; queueName: string; prefix: string }): Promise<OrchestratorProcess> {
  const script = await bundleScript(fixture('orchestrator-process'));
  const [first, ...rest] = mode;
  const child = fork(script, [first!, url, queueName, prefix, ...rest], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  started.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const messages: OrchestratorMessage[] = [];
  const waiting = new Set<() => void>();
  child.on('message', (message) => {
    messages.push(message as OrchestratorMessage);
    for (const wake of waiting) wake();
  });
  child.on('exit', () => {
    for (const wake of waiting) wake();
  });
  const next = <T extends OrchestratorMessage['type']>(type: T): Promise<Extract<OrchestratorMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const look = (): void => {
        const found = messages.find((message) => message.type === type || message.type === 'error');
        if (found?.type === type) resolve(found as Extract<OrchestratorMessage, { type: T }>);
        else if (found !== undefined) reject(new Error(`the orchestrator failed: ${(found as { message: string }).message}\n${stderr}`));
        else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`the orchestrator exited (${child.exitCode ?? child.signalCode}) before \`${type}\`: ${stderr}`));
        else return;
        waiting.delete(look);
      };
      waiting.add(look);
      look();
    });
  return { pid: child.pid!, child, stderr: () => stderr, next };
}

/** Kills a worker (or an orchestrator) with SIGKILL, as a crash would, and resolves once it is gone. */
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

/**
 * Polls `read` every 20 ms until it returns a value other than null/undefined; rejects after `ms`, also when
 * a read itself hangs (a command queued while Redis is down waits for it to come back).
 */
export async function waitFor<T>(read: () => Promise<T | null | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await within(read(), deadline - Date.now(), () => new Error(`timed out after ${ms} ms waiting for ${what}`));
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or a rejection with `error()` once `ms` have passed. */
export function within<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), Math.max(0, ms));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
