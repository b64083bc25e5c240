/**
 * @module
 * A run as one self-contained HTML page: a Gantt chart of the planner's stream, every task and the joiner
 * per round, the task graph, the critical path, token usage, and each task's input, output or error on a
 * click. No dependency, no Node-only API: a plain function of a run's result or events, to write to a file
 * or serve.
 *
 * @example
 * ```ts
 * import { renderTrace } from '@llmcompiler/core/trace';
 * import { writeFile } from 'node:fs/promises';
 *
 * const result = await compiler.run('How much deeper is the Mariana Trench?').result();
 * await writeFile('trace.html', renderTrace(result));
 * ```
 */
export { renderTrace, type RenderTraceOptions } from './render-trace.js';
export { criticalPath, type CriticalStep } from './critical-path.js';
export { readTrace, type TraceData, type TraceRetry, type TraceRound } from './read-trace.js';
