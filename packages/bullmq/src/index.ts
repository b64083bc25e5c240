/**
 * @module
 * Tools of llmcompiler that run as BullMQ jobs on worker processes. The orchestrator's scheduler keeps every
 * semantic (a task starts the moment its inputs exist, limits, timeouts, aborts, error observations, skips);
 * each remote call is a job with the id `runId:taskId:attempt`, which a worker runs with the real tool.
 *
 * @example
 * ```ts
 * // worker.ts, on as many machines as needed
 * createToolWorker({ connection: 'redis://127.0.0.1:6379', tools: [search, sendEmail], concurrency: 8 });
 *
 * // orchestrator.ts
 * const remote = remoteTools([search, sendEmail], { connection: 'redis://127.0.0.1:6379' });
 * const { answer } = await createCompiler({ model, tools: remote.tools }).run(question).result();
 *
 * // a run that survives the orchestrator: its journal in Redis, resumed from another process
 * const compiler = createCompiler({ model, tools: remote.tools, journal: createRedisJournal({ connection }) });
 * const resumed = resumeRun(runId, { compiler });
 * ```
 */
export { remoteTools, type RemoteToolDescriptor, type RemoteTools, type RemoteToolsOptions } from './remote-tools.js';
export type { DispatchBackoff } from './job-dispatcher.js';
export { createRedisJournal, resumeRun, type RedisJournal, type RedisJournalOptions, type ResumeRunOptions } from './redis-journal.js';
export { createToolWorker, type ToolWorker, type ToolWorkerOptions } from './tool-worker.js';
export { jobIdOf, type ToolJobData, type ToolJobFailure, type ToolJobResult } from './job-payload.js';
// Moved to core, which reports an interrupted call of a resumed run with it too; kept here for its users.
export { EffectUnknownError, type EffectUnknownReason } from '@llmcompiler/core';
export { QueueUnavailableError } from './errors/queue-unavailable-error.js';
export { RemoteToolError } from './errors/remote-tool-error.js';
