// A tool worker: `npm run worker -w @llmcompiler-examples/distributed` (start as many as you like, on any
// machine that reaches Redis). REDIS_URL (default redis://127.0.0.1:6379) and QUEUE_NAME choose the queue.
import { createToolWorker } from '@llmcompiler/bullmq';
import { tools } from './tools.js';

const connection = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const queueName = process.env.QUEUE_NAME ?? 'distributed-example';
// One call at a time per worker (CONCURRENCY to change it): calls that overlap spread over the workers.
const worker = createToolWorker({ connection, tools, queueName, concurrency: Number(process.env.CONCURRENCY ?? 1) });
await worker.worker.waitUntilReady();
console.log(`worker ${process.pid} ready on queue ${queueName}`);

const stop = (): void => {
  void worker.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Started by main.ts: its pipe closes when it ends, however it ends (a crash too), and so does this worker,
// once its running calls have finished.
if (process.env.STOP_WITH_PARENT === '1') process.stdin.once('end', stop).resume();
