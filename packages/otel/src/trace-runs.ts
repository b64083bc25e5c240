import type { Compiler, ConversationMessage, Run, RunOptions } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import { context as contextApi, trace, type Context, type Tracer } from '@opentelemetry/api';
import { recordRunSpans } from './record-run-spans.js';

/** The options of {@link traceRuns} and {@link traceRun}. */
export interface TraceOptions {
  /**
   * The tracer the spans are started with.
   *
   * @default `trace.getTracer('@llmcompiler/otel')` from the global tracer provider: with no SDK registered a
   * no-op, and then a run costs one no-op span
   * @example
   * ```ts
   * tracer: provider.getTracer('my-app')
   * ```
   */
  readonly tracer?: Tracer | undefined;
  /**
   * Whether inputs and outputs are recorded: the question and the answer (`gen_ai.input.messages`,
   * `gen_ai.output.messages` on the agent span), each plan's text and the joiner's decision (on their `chat`
   * spans), each tool call's input and result (`gen_ai.tool.call.arguments`, `gen_ai.tool.call.result`), the
   * joiner's replan feedback, and error messages. They may hold personal or secret data, so they are off by
   * default, as the GenAI conventions ask: spans then carry names, models, ids, timings, token counts,
   * outcomes and error types only.
   *
   * @default false
   * @example
   * ```ts
   * recordContent: process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT === 'true'
   * ```
   */
  readonly recordContent?: boolean | undefined;
  /**
   * The agent's name: `gen_ai.agent.name`, and the names of the `invoke_agent` and `plan` spans.
   *
   * @default 'llmcompiler'
   */
  readonly agentName?: string | undefined;
  /**
   * `gen_ai.provider.name` of the planner's and joiner's model calls, e.g. `'openai'`; the conventions
   * require it on `chat` spans, but a model adapter does not say which provider serves it.
   *
   * @example
   * ```ts
   * providerName: 'openai'
   * ```
   */
  readonly providerName?: string | undefined;
  /**
   * The context whose span is the parent of the run's `invoke_agent` span.
   *
   * @default the active context when the run starts (`context.active()`)
   */
  readonly context?: Context | undefined;
}

const optionKeys = ['tracer', 'recordContent', 'agentName', 'providerName', 'context'];

/** The options, checked, with their defaults. */
interface TraceSettings {
  readonly tracer: Tracer;
  readonly recordContent: boolean;
  readonly agentName: string;
  readonly providerName: string | undefined;
  readonly context: Context | undefined;
}

/**
 * A compiler whose every run (resumed ones too) is traced with OpenTelemetry spans that follow the GenAI semantic conventions
 * (see {@link traceRun}). Everything else is the compiler's own.
 *
 * @example
 * ```ts
 * import { traceRuns } from '@llmcompiler/otel';
 *
 * const compiler = traceRuns(createCompiler({ model, tools }), { tracer: provider.getTracer('my-app') });
 * const { answer } = await compiler.run('How much deeper is the Mariana Trench?').result();
 * ```
 *
 * @throws {InvalidOptionError} when `compiler` has no `run` method or an option is wrong.
 */
export function traceRuns(compiler: Compiler, options: TraceOptions = {}): Compiler {
  if (compiler === null || typeof compiler !== 'object' || typeof (compiler as Partial<Compiler>).run !== 'function') {
    optionChecks().fail('compiler', 'a compiler from createCompiler()', compiler);
  }
  const settings = checkTraceOptions(options);
  return {
    run(input: string | readonly ConversationMessage[], runOptions?: RunOptions): Run<never> {
      // One implementation for both of `run`'s signatures: the traced run is the compiler's own, answer type included.
      return traceWith(compiler.run(input, runOptions), settings) as Run<never>;
    },
    resume(runId: string, runOptions?: RunOptions): Run<never> {
      return traceWith(compiler.resume(runId, runOptions), settings) as Run<never>;
    },
  };
}

/**
 * Traces one run: when it ends (finished, failed or aborted), its spans are written with the times the run
 * recorded in its events, never measured again:
 *
 * - `invoke_agent {agentName}`, the run, with the token usage of all its model calls;
 * - per round, `plan {agentName}` as the plan streamed, with the planner's `chat {model}` call under it;
 * - `execute_tool {tool}` per task, beside the plan under the agent span (as the conventions place the tool
 *   spans a plan produces), from its first call to its end, with its retries as span events;
 * - the joiner's `chat {model}` (`join` for a function joiner; none when the plan stated the answer);
 * - a replan is a span event on the agent span, and the next round's spans follow.
 *
 * Call it right after `compiler.run()` (the run's spans take the context active then as their parent).
 * Returns `run`.
 *
 * @example
 * ```ts
 * const run = traceRun(compiler.run(question), { tracer, recordContent: true });
 * ```
 *
 * @throws {InvalidOptionError} when `run` is not a run or an option is wrong.
 */
export function traceRun(run: Run, options: TraceOptions = {}): Run {
  if (run === null || typeof run !== 'object' || typeof (run as Partial<Run>).on !== 'function') {
    optionChecks().fail('run', 'a run from compiler.run()', run);
  }
  return traceWith(run, checkTraceOptions(options));
}

function traceWith<T>(run: Run<T>, settings: TraceSettings): Run<T> {
  const parent = settings.context ?? contextApi.active();
  const off = run.on('run-end', (event) => {
    off();
    // The listener runs as the event is stamped: now, on the epoch clock, is the run's `event.time`.
    const startTime = performance.timeOrigin + performance.now() - event.time;
    recordRunSpans(run.events, { ...settings, startTime, context: parent });
  });
  return run;
}

function checkTraceOptions(options: TraceOptions): TraceSettings {
  const check = optionChecks();
  const given = check.object('options', options, 'an object of trace options');
  check.keys('', given, optionKeys);
  const tracer = options.tracer ?? trace.getTracer('@llmcompiler/otel');
  if (tracer === null || typeof tracer !== 'object' || typeof (tracer as Partial<Tracer>).startSpan !== 'function') {
    check.fail('tracer', 'an OpenTelemetry Tracer (with a startSpan method)', tracer);
  }
  const context = options.context;
  if (context !== undefined && (context === null || typeof context !== 'object' || typeof (context as Partial<Context>).getValue !== 'function')) {
    check.fail('context', 'an OpenTelemetry Context', context);
  }
  return {
    tracer,
    recordContent: options.recordContent === undefined ? false : check.boolean('recordContent', options.recordContent),
    agentName: options.agentName === undefined ? 'llmcompiler' : check.string('agentName', options.agentName, true),
    providerName: options.providerName === undefined ? undefined : check.string('providerName', options.providerName, true),
    context,
  };
}
