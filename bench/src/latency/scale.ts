/**
 * The scale section of the latency benchmark: how the whole run loop copes with large plans and with many
 * runs at once.
 *
 * - **wide**: one run whose plan holds 10,000 independent zero-latency tasks (parsed from a plan streamed
 *   in 4-character chunks, validated, scheduled, run, shown to the joiner), on the in-process scripted
 *   model with no delays: the cost per task of the whole loop.
 * - **chain**: one run whose 1,000 tasks each reference the one before: from the first task's start to the
 *   last one's, per hop.
 * - **concurrent**: many HotpotQA-like runs at once over HTTP, through the `openai` client, against the
 *   fake OpenAI-compatible server with a gpt-3.5-turbo-like latency. The server runs in a child process
 *   (`scale-server.ts`), so the memory and CPU figures are the client's alone.
 *
 * @example
 * ```ts
 * const scale = await runScale({ quick: true, log: console.log });
 * console.log(scale.wide.usPerTask, scale.concurrent.runsPerSecond);
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createCompiler, tool, type Compiler, type RunResult } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { openai } from '@llmcompiler/openai';
import { Agent, fetch as undiciFetch } from 'undici';
import { z } from 'zod';
import { median, quantile } from '../stats.js';
import type { ModelProfile, ScaleReport } from './types.js';
import { MODELS } from './world.js';

/** Options of {@link runScale}. */
export interface ScaleOptions {
  /**
   * Fewer repetitions and concurrent runs: 3 measured runs of each plan instead of 7, 200 concurrent runs
   * instead of 1,000.
   */
  readonly quick: boolean;
  /**
   * Receives a line of progress at each step.
   *
   * @default no output
   */
  readonly log?: ((line: string) => void) | undefined;
}

/** How many runs at once, in turn: the full run's sizes, and the quick run's. */
const FULL_CONCURRENT = [1_000, 5_000];
const QUICK_CONCURRENT = [200, 1_000];
/** Runs of each plan before the measured ones: the JIT and the heap's sizes settle over the first few. */
const WARM_UP = 2;
/** Tasks of the wide plan. */
const WIDE_TASKS = 10_000;
/** Tasks of the chain. */
const CHAIN_DEPTH = 1_000;
/** What the scripted planner streams per chunk, about one token. */
const PLAN_CHUNK_CHARS = 4;
/** How long the concurrent runs' search takes. */
const SEARCH_MS = 50;
/** Tokens per streamed chunk of the fake server. */
const TOKENS_PER_CHUNK = 4;
/**
 * The client's HTTP connections to the model endpoint: a keep-alive pool of at most this many, as a service
 * would hold, with a connect timeout long enough for a loaded machine. Without a cap, thousands of runs
 * started at once open thousands of sockets in the same instant, and on a loaded machine some connects pass
 * undici's default 10 s timeout and fail: a failure of the load generator, not of the runs.
 */
const CONNECTIONS = 512;
const CONNECT_TIMEOUT_MS = 60_000;
/** How often memory is sampled during the concurrent runs. */
const SAMPLE_EVERY_MS = 50;
/** A run that takes longer than this fails, so a stuck connection cannot hang the benchmark. */
const RUN_TIMEOUT_MS = 120_000;
const MB = 1024 * 1024;

/**
 * Measures the scale section: a 10,000-task plan and a 1,000-task chain through whole runs on the scripted
 * model (medians and best of 3 runs in quick mode, 7 in full, after two warm-up runs), then 1,000 and 5,000 (quick:
 * 200 and 1,000) concurrent runs against the fake server in a child process, each size with a server of its own. The baseline heap is taken after a full
 * garbage collection when `globalThis.gc` exists (node `--expose-gc`), else as it is.
 *
 * @throws {Error} when a wide or chain run does not finish with every task `ok`, or when the server cannot
 * be started. Failures of concurrent runs are counted, not thrown.
 */
export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const log = options.log ?? (() => {});
  const repeats = options.quick ? 3 : 7;
  const wide = await measureWide(repeats, log);
  const chain = await measureChain(repeats, log);
  const loadAverage = loadavg()[0];
  const concurrentRuns: ScaleReport['concurrent'][] = [];
  for (const runs of options.quick ? QUICK_CONCURRENT : FULL_CONCURRENT) concurrentRuns.push(await measureConcurrent(runs, options.quick ? 1 : 3, log));
  return { wide, chain, loadAverage, concurrent: concurrentRuns[0]!, concurrentRuns };
}

// ---------------------------------------------------------------------------------------------------------
// wide and chain: whole runs on the scripted model, with a tool that returns at once

/** `value + 1`, at once. */
const step = tool({
  name: 'step',
  description: 'Adds one to a number, at once.',
  input: z.object({ value: z.number().describe('The number.') }),
  output: z.number(),
  sideEffects: 'none',
  execute: ({ value }) => value + 1,
});

/** A compiler whose planner streams `plan` and whose joiner finishes at once. */
function scriptedCompiler(plan: string, tasks: number): Compiler {
  const model = scriptedModel({
    chunkSize: PLAN_CHUNK_CHARS,
    responses: (_request, callIndex) => (callIndex === 0 ? plan : 'Thought: Every task ran.\nAction: Finish(done)'),
  });
  return createCompiler({ model, tools: [step], maxTasksPerPlan: tasks, maxReplans: 0 });
}

/**
 * Runs the plan and checks that it finished with `tasks` tasks, all `ok`: its wall time, and the CPU time
 * the process spent meanwhile (user + system; the run is all it does), which a loaded machine does not add
 * its other processes to.
 */
async function runPlan(plan: string, tasks: number, label: string): Promise<{ ms: number; cpuMs: number; result: RunResult }> {
  // A model per run: a scripted model keeps every request it was given.
  const compiler = scriptedCompiler(plan, tasks);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = await compiler.run(`Run the ${label} plan.`).result();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const ok = result.tasks.filter((record) => record.outcome === 'ok').length;
  if (result.answer !== 'done' || result.tasks.length !== tasks || ok !== tasks) {
    const failed = result.tasks.find((record) => record.outcome !== 'ok');
    throw new Error(
      `Expected the ${label} run to finish with ${tasks} ok tasks and the answer \`done\`, got ${result.tasks.length} tasks, ` +
        `${ok} ok, answer \`${result.answer}\`${failed === undefined ? '' : `; task ${failed.task.id} ended ${failed.outcome}: ${String(failed.error)}`}`,
    );
  }
  return { ms, cpuMs, result };
}

async function measureWide(repeats: number, log: (line: string) => void): Promise<ScaleReport['wide']> {
  const lines = Array.from({ length: WIDE_TASKS }, (_, index) => `${index + 1}. step(${index})`);
  const plan = `${lines.join('\n')}\n${WIDE_TASKS + 1}. join()<END_OF_PLAN>`;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let index = 1 - WARM_UP; index <= repeats; index++) {
    const { ms, cpuMs } = await runPlan(plan, WIDE_TASKS, 'wide');
    // The warm-up runs are not counted.
    if (index > 0) {
      times.push(ms);
      cpu.push(cpuMs);
    }
    log(`scale: wide ${index <= 0 ? 'warm-up' : `${index}/${repeats}`}: ${WIDE_TASKS} tasks in ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms)`);
  }
  const totalMs = median(times);
  const perTask = (ms: number): number => (ms * 1000) / WIDE_TASKS;
  return { tasks: WIDE_TASKS, totalMs, usPerTask: perTask(totalMs), cpuUsPerTask: perTask(median(cpu)), bestCpuUsPerTask: perTask(Math.min(...cpu)) };
}

async function measureChain(repeats: number, log: (line: string) => void): Promise<ScaleReport['chain']> {
  const lines = Array.from({ length: CHAIN_DEPTH }, (_, index) => (index === 0 ? '1. step(0)' : `${index + 1}. step($${index})`));
  const plan = `${lines.join('\n')}\n${CHAIN_DEPTH + 1}. join()<END_OF_PLAN>`;
  const times: number[] = [];
  const hops: number[] = [];
  const cpu: number[] = [];
  for (let index = 1 - WARM_UP; index <= repeats; index++) {
    const { ms, cpuMs, result } = await runPlan(plan, CHAIN_DEPTH, 'chain');
    const first = result.tasks[0]?.startedAt;
    const last = result.tasks[CHAIN_DEPTH - 1];
    if (first === undefined || last?.startedAt === undefined || last.value !== CHAIN_DEPTH) {
      throw new Error(`Expected the chain's last task to have started and returned ${CHAIN_DEPTH}, got ${String(last?.value)}`);
    }
    const usPerHop = ((last.startedAt - first) * 1000) / (CHAIN_DEPTH - 1);
    if (index > 0) {
      times.push(ms);
      hops.push(usPerHop);
      cpu.push(cpuMs);
    }
    log(
      `scale: chain ${index <= 0 ? 'warm-up' : `${index}/${repeats}`}: ${CHAIN_DEPTH} tasks in ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), ` +
        `${usPerHop.toFixed(1)} us per hop`,
    );
  }
  const perTask = (ms: number): number => (ms * 1000) / CHAIN_DEPTH;
  return {
    depth: CHAIN_DEPTH,
    totalMs: median(times),
    usPerHop: median(hops),
    bestUsPerHop: Math.min(...hops),
    cpuUsPerTask: perTask(median(cpu)),
    bestCpuUsPerTask: perTask(Math.min(...cpu)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// concurrent: HotpotQA-like runs over HTTP against the fake server in a child process

/** The simulated model of the concurrent runs. */
const PROFILE: ModelProfile = MODELS.gpt35;

/** People the search knows, with the one fact the joiner compares. */
const NATIONALITIES: Readonly<Record<string, string>> = {
  'Scott Derrickson': 'American',
  'Ed Wood': 'American',
  'Akira Kurosawa': 'Japanese',
  'Yasujiro Ozu': 'Japanese',
  'Agnes Varda': 'French',
  'Fritz Lang': 'Austrian',
  'Ang Lee': 'Taiwanese',
};
const PEOPLE = Object.keys(NATIONALITIES);

/** The i-th question: two people (always different ones), and whether they share a nationality. */
function question(index: number): { text: string; answer: string } {
  const first = PEOPLE[index % PEOPLE.length]!;
  const second = PEOPLE[(index + 1 + Math.floor(index / PEOPLE.length)) % PEOPLE.length]!;
  const other = second === first ? PEOPLE[(index + 1) % PEOPLE.length]! : second;
  return {
    text: `Were ${first} and ${other} of the same nationality?`,
    answer: NATIONALITIES[first] === NATIONALITIES[other] ? 'yes' : 'no',
  };
}

const search = tool({
  name: 'search',
  description: 'Searches an encyclopedia and returns the top passage about the query.',
  input: z.object({ query: z.string().describe('What to look up, e.g. a name.') }),
  sideEffects: 'none',
  execute: async ({ query }, { signal }) => {
    await sleep(SEARCH_MS, undefined, { signal });
    return `${query} (nationality: ${NATIONALITIES[query] ?? 'unknown'}) is the subject of this encyclopedia passage.`;
  },
});

/**
 * An error's message with its causes' messages and codes: a connection error's reason is deep in its causes
 * (`fetch failed` <- `other side closed` [UND_ERR_SOCKET], or `read ECONNRESET`).
 */
function describeError(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  let cause: unknown = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    message += ` <- ${cause.message}${typeof code === 'string' ? ` [${code}]` : ''}`;
    cause = cause.cause;
  }
  return message;
}

async function measureConcurrent(runs: number, aloneRepeats: number, log: (line: string) => void): Promise<ScaleReport['concurrent']> {
  const server = await startServer();
  // Sockets the client opens (Node's fetch, undici, reports each on this channel).
  let connections = 0;
  const onConnected = (): void => {
    connections++;
  };
  subscribe('undici:client:connected', onConnected);
  const dispatcher = new Agent({ connections: CONNECTIONS, connect: { timeout: CONNECT_TIMEOUT_MS } });
  try {
    log(`scale: fake server (child process ${server.child.pid}) at ${server.url}, at most ${CONNECTIONS} connections`);
    const pooledFetch = ((url: string | URL | Request, init?: RequestInit) =>
      undiciFetch(url as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as typeof fetch;
    const model = openai(PROFILE.name, { baseURL: server.url, apiKey: 'scale-benchmark', maxRetries: 0, fetch: pooledFetch });
    const compiler = createCompiler({ model, tools: [search], timeoutMs: RUN_TIMEOUT_MS });
    const once = async (index: number): Promise<{ ms: number; error?: string }> => {
      const { text, answer } = question(index);
      const start = performance.now();
      try {
        const result = await compiler.run(text).result();
        const ms = performance.now() - start;
        return result.answer === answer ? { ms } : { ms, error: `question ${index} was answered \`${result.answer}\`, expected \`${answer}\`` };
      } catch (error) {
        return { ms: performance.now() - start, error: `question ${index}: ${describeError(error)}` };
      }
    };

    // One run first to open the client and warm up, then runs alone.
    const warm = await once(0);
    if (warm.error !== undefined) throw new Error(`The warm-up run against the fake server failed: ${warm.error}`);
    const alone: number[] = [];
    for (let index = 0; index < aloneRepeats; index++) {
      const { ms, error } = await once(index + 1);
      if (error !== undefined) throw new Error(`A run alone against the fake server failed: ${error}`);
      alone.push(ms);
    }
    const aloneMs = median(alone);
    log(`scale: one run alone: ${aloneMs.toFixed(0)} ms (warm-up ${warm.ms.toFixed(0)} ms)`);

    // Without `--expose-gc` the baseline still holds the garbage of the runs before it.
    if (globalThis.gc === undefined) log('scale: no global gc() (run node with --expose-gc): the baseline heap includes garbage');
    globalThis.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sample = (): void => {
      const { rss, heapUsed } = process.memoryUsage();
      if (rss > peakRss) peakRss = rss;
      if (heapUsed > peakHeap) peakHeap = heapUsed;
    };
    const sampler = setInterval(sample, SAMPLE_EVERY_MS);
    const connectionsBefore = connections;
    const cpuBefore = process.cpuUsage();
    log(`scale: starting ${runs} runs at once`);
    const start = performance.now();
    let outcomes: { ms: number; error?: string }[];
    try {
      outcomes = await Promise.all(Array.from({ length: runs }, (_, index) => once(index)));
    } finally {
      clearInterval(sampler);
    }
    const wallMs = performance.now() - start;
    sample();
    const cpu = process.cpuUsage(cpuBefore);

    const failed = outcomes.filter((outcome) => outcome.error !== undefined);
    const latencies = outcomes.filter((outcome) => outcome.error === undefined).map((outcome) => outcome.ms);
    log(
      `scale: ${runs} runs in ${wallMs.toFixed(0)} ms, ${failed.length} failed${failed[0] === undefined ? '' : ` (first: ${failed[0].error})`}; ` +
        `client CPU ${(cpu.user / 1000).toFixed(0)} ms user + ${(cpu.system / 1000).toFixed(0)} ms system; ` +
        `${connections - connectionsBefore} new connections`,
    );
    return {
      runs,
      failures: failed.length,
      wallMs,
      runsPerSecond: runs / (wallMs / 1000),
      p50Ms: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      aloneMs,
      peakRssMb: peakRss / MB,
      peakHeapMb: peakHeap / MB,
      baselineHeapMb: baseline.heapUsed / MB,
      heapPerRunKb: ((peakHeap - baseline.heapUsed) / runs) / 1024,
      model: PROFILE,
    };
  } finally {
    unsubscribe('undici:client:connected', onConnected);
    await dispatcher.close();
    await server.stop();
  }
}

interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `scale-server.ts` in a child process and waits for the URL it prints. */
async function startServer(): Promise<ServerProcess> {
  const file = fileURLToPath(new URL('./scale-server.ts', import.meta.url));
  const { timeToFirstTokenMs, outputTokensPerSecond, promptTokensPerSecond } = PROFILE;
  const settings = { latency: { timeToFirstTokenMs, outputTokensPerSecond, promptTokensPerSecond }, tokensPerChunk: TOKENS_PER_CHUNK };
  // From the script's own folder `tsx` resolves the same way whatever the caller's working directory.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@llmcompiler/source', file, JSON.stringify(settings)], {
    cwd: dirname(file),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    if (stderr.length < 10_000) stderr += text;
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => {
        try {
          const { url } = JSON.parse(line) as { url?: unknown };
          if (typeof url !== 'string') throw new Error(`no \`url\` in ${line}`);
          resolve(url);
        } catch (error) {
          reject(new Error(`Expected scale-server to print {"url": ...}, got ${line}: ${String(error)}`));
        }
      });
      child.once('error', reject);
      void exited.then(() => reject(new Error(`scale-server exited (code ${child.exitCode}) before printing its URL:\n${stderr}`)));
    });
    return { url, child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
