// The orchestrator: `npm start -w @llmcompiler-examples/distributed`. It starts WORKERS worker processes
// (default 2; 0 to use workers started by hand), runs one question on a simulated model (the local
// OpenAI-compatible server of @llmcompiler/testing, through the real openai client) with every tool call
// running on a worker, prints which worker ran each task and the answer, then stops its workers.
//
// The run is journaled in Redis. `-- --crash-after N` kills this process (SIGKILL, as a crash would) just
// after N tasks have ended; `-- --resume <runId>` then continues that run in a new process: finished tasks are read
// from the journal, calls still running on workers are awaited, and only what had not started runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createRedisJournal, remoteTools, resumeRun } from '@llmcompiler/bullmq';
import { createCompiler } from '@llmcompiler/core';
import { createOpenAIModel } from '@llmcompiler/openai';
import { startFakeOpenAI } from '@llmcompiler/testing';
import { OpenAI } from 'openai';
import { tools } from './tools.js';

const connection = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const queueName = process.env.QUEUE_NAME ?? 'distributed-example';
const workerCount = Number(process.env.WORKERS ?? 2);
const { crashAfter, resume } = readFlags(process.argv.slice(2));

const question = 'What is the combined population of Tokyo, Delhi and Shanghai?';
const plan = ['1. population("Tokyo")', '2. population("Delhi")', '3. population("Shanghai")', '4. sum(values=[$1.population, $2.population, $3.population])', '5. join()'].join('\n');
const finish = 'Thought: Task 4 holds the total.\nAction: Finish(Tokyo, Delhi and Shanghai have 100,790,000 people together.)';

/** Starts one worker process and resolves once it says it is ready. */
function startWorker(): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./worker.ts', import.meta.url));
  // STOP_WITH_PARENT: the worker finishes its running calls and exits when this process ends, even by SIGKILL.
  const env = { ...process.env, REDIS_URL: connection, QUEUE_NAME: queueName, STOP_WITH_PARENT: '1' };
  // tsx's loader in the worker's own process (its CLI would start a second Node process to run the script),
  // so that the SIGTERM below reaches the worker itself.
  const argv = ['--conditions=@llmcompiler/source', `--import=${import.meta.resolve('tsx')}`, script];
  const child = spawn(process.execPath, argv, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a worker exited with code ${code} before it was ready`)));
  });
}

const workers = await Promise.all(Array.from({ length: workerCount }, startWorker));
// A resumed run only needs the joiner: the plan is in the journal.
const server = await startFakeOpenAI({ responses: resume === undefined ? [plan, finish] : [finish] });
const remote = remoteTools(tools, { connection, queueName });
const journal = createRedisJournal({ connection, prefix: queueName });
try {
  const model = createOpenAIModel({ model: 'simulated', client: new OpenAI({ baseURL: server.url, apiKey: 'simulated', maxRetries: 0 }) });
  const compiler = createCompiler({ model, tools: remote.tools, journal });
  const run = resume === undefined ? compiler.run(question) : resumeRun(resume, { compiler });
  console.log(`${resume === undefined ? 'Run' : 'Resuming run'} ${run.id}`);
  let ended = 0;
  run.on('task-end', ({ record }) => {
    const value = record.value as { worker?: number } | number | undefined;
    const where = typeof value === 'object' && value?.worker !== undefined ? ` on worker ${value.worker}` : '';
    // A task restored from the journal was not started by this process.
    const from = record.startedAt === undefined && record.outcome === 'ok' ? ' (from the journal)' : '';
    console.log(`task ${record.task.id} ${record.task.tool}: ${record.outcome}${where}${from}`);
    if (++ended === crashAfter) {
      console.log(`Crashing after ${ended} tasks; resume with: npm start -w @llmcompiler-examples/distributed -- --resume ${run.id}`);
      void crashOnceJournaled(run.id, record.task.id);
    }
  });
  const { answer } = await run.result();
  console.log(`Answer: ${answer}`);
} finally {
  await remote.close();
  await journal.close();
  await server.close();
  for (const worker of workers) worker.kill('SIGTERM');
}

/**
 * Kills this process once the journal holds the end of task `taskId`. (Killed before, the end is lost; the
 * resumed run then finds the task's job on the queue and takes its result from there, which works too.)
 */
async function crashOnceJournaled(runId: string, taskId: number): Promise<void> {
  const ended = async (): Promise<boolean> => (await journal.read(runId)).some((entry) => entry.type === 'task-end' && entry.taskId === taskId);
  while (!(await ended())) await sleep(10);
  process.kill(process.pid, 'SIGKILL');
}

/** `--crash-after N` and `--resume <runId>`. */
function readFlags(args: readonly string[]): { crashAfter: number | undefined; resume: string | undefined } {
  const value = (flag: string): string | undefined => {
    const index = args.indexOf(flag);
    if (index === -1) return undefined;
    const given = args[index + 1];
    if (given === undefined || given.startsWith('--')) throw new Error(`Expected a value after ${flag}, got ${given === undefined ? 'nothing' : given}`);
    return given;
  };
  const crash = value('--crash-after');
  if (crash !== undefined && !(Number.isInteger(Number(crash)) && Number(crash) > 0)) throw new Error(`Expected --crash-after to be a whole number from 1, got ${crash}`);
  return { crashAfter: crash === undefined ? undefined : Number(crash), resume: value('--resume') };
}
