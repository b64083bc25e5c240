// A worker process of the BullMQ benchmark (src/bullmq.ts starts it): hosts `step` on the queue named in argv.
import { createToolWorker } from '@llmcompiler/bullmq';
import { step } from './bullmq-tools.js';

const [url, queueName, concurrency] = process.argv.slice(2) as [string, string, string];
const worker = createToolWorker({ connection: url, tools: [step], queueName, concurrency: Number(concurrency) });
await worker.worker.waitUntilReady();
process.send?.('ready');
process.on('message', (message) => {
  if (message === 'close') void worker.close(true).then(() => process.disconnect?.());
});
