/**
 * @module
 * OpenTelemetry spans for llmcompiler runs, following the GenAI semantic conventions: `invoke_agent` for the
 * run, `plan` with the planner's `chat` call under it, one `execute_tool` per task beside it, the joiner's
 * `chat`, replans as new rounds. Timings come from the run's own events. Inputs and outputs are recorded
 * only with `recordContent: true`.
 *
 * @example
 * ```ts
 * import { createCompiler } from '@llmcompiler/core';
 * import { traceRuns } from '@llmcompiler/otel';
 * import { trace } from '@opentelemetry/api';
 *
 * const compiler = traceRuns(createCompiler({ model, tools }), { tracer: trace.getTracer('my-app'), providerName: 'openai' });
 * const { answer } = await compiler.run('How much deeper is the Mariana Trench?').result();
 * ```
 */
export { traceRun, traceRuns, type TraceOptions } from './trace-runs.js';
export { ATTR as ATTRIBUTES, OPERATION as OPERATIONS } from './gen-ai-attributes.js';
