// Tools on BullMQ workers against tools in process, on the Redis at REDIS_URL (default redis://127.0.0.1:6379):
//
// - dispatch overhead per task: a 200-task chain (each task waits for the one before) run through
//   `createCompiler().run()` on the scripted model, with `step` in process and with `step` on one worker
//   process; the per-task figure is the run's time divided by the chain's length;
// - throughput: a plan of 10,000 independent zero-latency tasks with `step` on 1, 2 and 4 worker processes
//   (each running up to 256 calls at once), in tasks per second of the whole run;
// - ParallelQA: the latency benchmark's workload (its questions, its simulated search and math tools with
//   their latencies, the oracle's plans over the simulated OpenAI-compatible server, the GPT-4.1 mini-like
//   profile with prompt caching), run by llmcompiler with the tools in process and on 2 worker processes,
//   one question at a time, each arm twice per question.
//
//   npm run bullmq -w @llmcompiler/bench [-- --only overhead,throughput,parallelqa] [--questions 10]
//
// Medians of 3 runs after 1 warm-up run (ParallelQA: per question, the faster of its 2 runs per arm).
// Timings are reported, never failed on: a loaded machine is slower.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { remoteTools } from '@llmcompiler/bullmq';
import { createCompiler, type AnyTool } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { Redis } from 'ioredis';
import { parallelQAEndpoint, parallelQATools } from './bullmq-parallelqa.js';
import { step } from './bullmq-tools.js';
import { answer } from './latency/approaches/llmcompiler.js';
import { median } from './stats.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHAIN = 200;
const WIDE = 10_000;
const WORKER_CONCURRENCY = 256;
const RUNS = 3;

const chainPlan = `${Array.from({ length: CHAIN }, (_, i) => (i === 0 ? '1. step(0)' : `${i + 1}. step($${i})`)).join('\n')}\n${CHAIN + 1}. join()<END_OF_PLAN>`;
const widePlan = `${Array.from({ length: WIDE }, (_, i) => `${i + 1}. step(${i})`).join('\n')}\n${WIDE + 1}. join()<END_OF_PLAN>`;

/** One run of `plan` with `tool`; its wall time in ms. Fails unless every task succeeded. */
async function run(plan: string, tasks: number, tool: AnyTool): Promise<number> {
  const model = scriptedModel({ chunkSize: 64, responses: (_request, callIndex) => (callIndex === 0 ? plan : 'Action: Finish(done)') });
  const compiler = createCompiler({ model, tools: [tool], maxTasksPerPlan: tasks, maxReplans: 0 });
  const start = performance.now();
  const result = await compiler.run('Count.').result();
  const ms = performance.now() - start;
  const failed = result.tasks.filter((record) => record.outcome !== 'ok');
  if (failed.length > 0) throw new Error(`${failed.length} tasks failed, the first with ${String(failed[0]?.error)}`);
  return ms;
}

async function measure(plan: string, tasks: number, tool: AnyTool): Promise<number> {
  await run(plan, tasks, tool);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await run(plan, tasks, tool));
  return median(times);
}

function startWorkers(count: number, queueName: string, hosted = 'step'): Promise<ChildProcess[]> {
  const script = fileURLToPath(new URL('./bullmq-worker.ts', import.meta.url));
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = fork(script, [REDIS_URL, queueName, String(WORKER_CONCURRENCY), hosted], { execArgv: ['--import', 'tsx', '--conditions=@llmcompiler/source'] });
      return new Promise<ChildProcess>((resolve, reject) => {
        child.once('message', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`a worker exited with ${code}`)));
      });
    }),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map((child) => new Promise((resolve) => {
    child.once('exit', resolve);
    child.send('close');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  })));
}

async function deleteQueue(queueName: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:${queueName}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

/** Runs `body` with `count` workers hosting `hosted` on a fresh queue, and the remote twins of `tools`. */
async function withWorkers<T>(count: number, body: (remote: readonly AnyTool[]) => Promise<T>, tools: readonly AnyTool[] = [step], hosted = 'step'): Promise<T> {
  const queueName = `llmc-bench-${randomBytes(4).toString('hex')}`;
  const workers = await startWorkers(count, queueName, hosted);
  const remote = remoteTools(tools, { connection: REDIS_URL, queueName, keepJobsMs: 600_000 });
  try {
    return await body(remote.tools);
  } finally {
    await remote.close();
    await stopWorkers(workers);
    await deleteQueue(queueName);
  }
}

const { values: flags } = parseArgs({ options: { only: { type: 'string' }, questions: { type: 'string' } } });
const parts = (flags.only ?? 'overhead,throughput,parallelqa').split(',');
const questions = Number(flags.questions ?? 10);
if (!(Number.isInteger(questions) && questions >= 1)) throw new Error(`Expected --questions to be a whole number from 1, got ${flags.questions}`);
console.log(`load average at the start: ${loadavg().map((load) => load.toFixed(2)).join(', ')}`);

if (parts.includes('overhead')) {
  const inProcessChain = await measure(chainPlan, CHAIN, step);
  const remoteChain = await withWorkers(1, ([remoteStep]) => measure(chainPlan, CHAIN, remoteStep!));
  const perTask = (ms: number): string => `${((ms * 1000) / CHAIN).toFixed(0)} us`;
  console.log(`dispatch, ${CHAIN}-task chain: in process ${perTask(inProcessChain)} per task, through BullMQ (1 worker) ${perTask(remoteChain)} per task`);
  console.log(`  overhead of BullMQ per dependent task: ${(((remoteChain - inProcessChain) * 1000) / CHAIN).toFixed(0)} us`);
}

if (parts.includes('throughput')) {
  const inProcessWide = await measure(widePlan, WIDE, step);
  console.log(`throughput, ${WIDE} independent tasks: in process ${Math.round((WIDE * 1000) / inProcessWide)} tasks/s (${inProcessWide.toFixed(0)} ms)`);
  for (const count of [1, 2, 4]) {
    const ms = await withWorkers(count, ([remoteStep]) => measure(widePlan, WIDE, remoteStep!));
    console.log(`  ${count} worker process${count === 1 ? '' : 'es'} (${WORKER_CONCURRENCY} calls each at once): ${Math.round((WIDE * 1000) / ms)} tasks/s (${ms.toFixed(0)} ms)`);
  }
}

if (parts.includes('parallelqa')) {
  const { scenarios, tools, world } = parallelQATools(questions);
  const endpoint = await parallelQAEndpoint(scenarios, 'gpt-4.1-mini');
  /** Each question's best time (ms) of two runs with `arm`'s tools; fails on a wrong answer. */
  const timeQuestions = async (armTools: readonly AnyTool[]): Promise<number[]> => {
    const times: number[] = [];
    for (const scenario of scenarios) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 2; i++) {
        const context = { world, baseURL: endpoint.baseURL, apiKey: endpoint.apiKey, model: endpoint.model, maxSteps: 30 };
        const start = performance.now();
        const { answer: given } = await answer(scenario.question, context, true, armTools);
        best = Math.min(best, performance.now() - start);
        if (given.trim() !== scenario.answer.trim()) throw new Error(`${scenario.id}: answered ${JSON.stringify(given)}, expected ${JSON.stringify(scenario.answer)}`);
      }
      times.push(best);
    }
    return times;
  };
  try {
    const calls = scenarios.reduce((total, scenario) => total + scenario.tasks.length, 0);
    const inProcess = await timeQuestions(tools);
    const onWorkers = await withWorkers(2, (remote) => timeQuestions(remote), tools, `parallelqa:${questions}`);
    const seconds = (ms: number): string => (ms / 1000).toFixed(3);
    const differences = inProcess.map((ms, i) => onWorkers[i]! - ms);
    console.log(`ParallelQA, ${scenarios.length} questions (${calls} tool calls), GPT-4.1 mini-like with caching, one run at a time:`);
    console.log(`  in process: median ${seconds(median(inProcess))} s per question`);
    console.log(`  tools on 2 worker processes: median ${seconds(median(onWorkers))} s per question`);
    console.log(`  added per question: median ${median(differences).toFixed(0)} ms (${Math.min(...differences).toFixed(0)} to ${Math.max(...differences).toFixed(0)} ms)`);
  } finally {
    await endpoint.close();
  }
}
console.log(`load average at the end: ${loadavg().map((load) => load.toFixed(2)).join(', ')}`);
