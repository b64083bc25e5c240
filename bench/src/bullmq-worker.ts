// A worker process of the BullMQ benchmark (src/bullmq.ts starts it): hosts, on the queue named in argv,
// `step`, or with `parallelqa:N` the simulated world's tools of the first N ParallelQA questions (the same
// latencies and outputs as in process: they derive from the world's seed alone).
import { createToolWorker } from '@llmcompiler/bullmq';
import type { AnyTool } from '@llmcompiler/core';
import { step } from './bullmq-tools.js';
import { parallelQATools } from './bullmq-parallelqa.js';

const [url, queueName, concurrency, hosted = 'step'] = process.argv.slice(2) as [string, string, string, string | undefined];
const tools: AnyTool[] = hosted.startsWith('parallelqa:') ? parallelQATools(Number(hosted.slice('parallelqa:'.length))).tools : [step];
const worker = createToolWorker({ connection: url, tools, queueName, concurrency: Number(concurrency) });
await worker.worker.waitUntilReady();
process.send?.('ready');
process.on('message', (message) => {
  if (message === 'close') void worker.close(true).then(() => process.disconnect?.());
});
