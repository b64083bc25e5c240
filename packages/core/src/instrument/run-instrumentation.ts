import type { ModelRequest } from '../model/language-model.js';

/** What a {@link RunInstrumentation} is told of a tool call: one attempt of one task's tool. */
export interface ToolCallInfo {
  readonly runId: string;
  /** The plan task the call belongs to (`3` for `$3`). */
  readonly taskId: number;
  /** The tool's name. */
  readonly tool: string;
  /** Which try this is, from 1. */
  readonly attempt: number;
  /** The input the tool is called with: references resolved, validated. */
  readonly input: unknown;
}

/** What a {@link RunInstrumentation} is told of a model call: the planner's or the joiner's. */
export interface ModelCallInfo {
  readonly runId: string;
  /** Who calls the model. */
  readonly role: 'planner' | 'joiner';
  readonly round: number;
  /** The model's `modelId`. */
  readonly model: string;
  /** What the model is sent. */
  readonly request: ModelRequest;
}

/**
 * Code run around the calls a run makes, so that an instrumentation can make them run inside its own
 * context: an OpenTelemetry span made active around a tool's `execute` (`context.with(...)`) becomes the
 * parent of every span the tool opens, an HTTP client's included. `@llmcompiler/otel` uses it; so can any
 * other tracer, profiler or logger that keeps its state in an async context.
 *
 * Each wrapper receives what is called and a function that makes the call; it must call that function once,
 * synchronously, and return what it returns (a value or a promise). What a wrapper throws is the call's
 * error, as if the tool or the model had thrown it. Without a wrapper, a call costs one `undefined` check.
 *
 * @example
 * ```ts
 * import { context, trace } from '@opentelemetry/api';
 *
 * const instrumentation: RunInstrumentation = {
 *   toolCall: (call, execute) => {
 *     const span = tracer.startSpan(`tool ${call.tool}`);
 *     return context.with(trace.setSpan(context.active(), span), execute);
 *   },
 * };
 * const run = compiler.run(question, { instrumentation });
 * ```
 */
export interface RunInstrumentation {
  /**
   * Wraps each call of a tool's `execute` (each attempt of a task): `execute()` calls the tool.
   * The returned value, or its promise, is the tool's result.
   */
  readonly toolCall?: (<T>(call: ToolCallInfo, execute: () => T) => T) | undefined;
  /**
   * Wraps each call of the planner's and the joiner's model, from the request to the end of its stream:
   * `stream()` sends the request and reads the whole stream; it returns a promise that settles when the
   * stream has ended.
   */
  readonly modelCall?: (<T>(call: ModelCallInfo, stream: () => T) => T) | undefined;
}
