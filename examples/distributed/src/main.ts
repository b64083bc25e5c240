// The orchestrator: `npm start -w @llmcompiler-examples/distributed`. It starts WORKERS worker processes
// (default 2; 0 to use workers started by hand), runs one question on a simulated model (the local
// OpenAI-compatible server of @llmcompiler/testing, through the real openai client) with every tool call
// running on a worker, prints which worker ran each task and the answer, then stops its workers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { remoteTools } from '@llmcompiler/bullmq';
import { createCompiler } from '@llmcompiler/core';
import { createOpenAIModel } from '@llmcompiler/openai';
import { startFakeOpenAI } from '@llmcompiler/testing';
import { OpenAI } from 'openai';
import { tools } from './tools.js';

const connection = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const queueName = process.env.QUEUE_NAME ?? 'distributed-example';
const workerCount = Number(process.env.WORKERS ?? 2);

const question = 'What is the combined population of Tokyo, Delhi and Shanghai?';
const plan = ['1. population("Tokyo")', '2. population("Delhi")', '3. population("Shanghai")', '4. sum(values=[$1.population, $2.population, $3.population])', '5. join()'].join('\n');
const finish = 'Thought: Task 4 holds the total.\nAction: Finish(Tokyo, Delhi and Shanghai have 100,790,000 people together.)';

/** Starts one worker process and resolves once it says it is ready. */
function startWorker(): Promise<ChildProcess> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const script = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const child = spawn(process.execPath, [tsx, '--conditions=@llmcompiler/source', script], { env: { ...process.env, REDIS_URL: connection, QUEUE_NAME: queueName }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a worker exited with code ${code} before it was ready`)));
  });
}

const workers = await Promise.all(Array.from({ length: workerCount }, startWorker));
const server = await startFakeOpenAI({ responses: [plan, finish] });
const remote = remoteTools(tools, { connection, queueName });
try {
  const model = createOpenAIModel({ model: 'simulated', client: new OpenAI({ baseURL: server.url, apiKey: 'simulated', maxRetries: 0 }) });
  const run = createCompiler({ model, tools: remote.tools }).run(question);
  run.on('task-end', ({ record }) => {
    const value = record.value as { worker?: number } | number | undefined;
    const where = typeof value === 'object' && value?.worker !== undefined ? ` on worker ${value.worker}` : '';
    console.log(`task ${record.task.id} ${record.task.tool}: ${record.outcome}${where}`);
  });
  const { answer } = await run.result();
  console.log(`Answer: ${answer}`);
} finally {
  await remote.close();
  await server.close();
  for (const worker of workers) worker.kill('SIGTERM');
}
