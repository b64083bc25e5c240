import type { Compiler, ConversationMessage, Run, RunInstrumentation, RunOptions } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import { context as contextApi, trace, type Context, type Tracer } from '@opentelemetry/api';
import { RunSpanRecorder } from './record-run-spans.js';

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
   * `gen_ai.output.messages` on the agent span), the messages sent to the planner and the joiner
   * (`gen_ai.input.messages` on their `chat` spans: instructions, tools, earlier turns, the question, the
   * observations), each plan's text and the joiner's decision (`gen_ai.output.messages` on those spans), each tool call's input and result (`gen_ai.tool.call.arguments`, `gen_ai.tool.call.result`), the
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
 * The spans are live: each tool call runs inside its `execute_tool` span's context, and each model call
 * inside its `chat` span's (through the run's `instrumentation` option, which the wrapper sets; a run's own
 * `instrumentation` still runs, inside the spans' context). So the spans a tool or a model client opens (an
 * HTTP client's instrumentation, a database driver's, `tracer.startActiveSpan` in `execute`) are children of
 * the span of that call. This needs a context manager, which an SDK's `register()` (or `NodeSDK.start()`) sets
 * up.
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
  // Each run (resumed ones too) gets a recorder whose instrumentation joins the caller's.
  const traced = (runOptions: RunOptions, start: (options: RunOptions) => Run<unknown>): Run<never> => {
    const recorder = recorderFor(settings, runOptions.instrumentation);
    const run = start({ ...runOptions, instrumentation: recorder.instrumentation }) as Run<never>;
    recorder.follow(run);
    return run;
  };
  return {
    // One implementation for both of `run`'s signatures: the traced run is the compiler's own, answer type included.
    run: (input: string | readonly ConversationMessage[], runOptions: RunOptions = {}) => traced(runOptions, (options) => compiler.run(input, options)),
    resume: (runId: string, runOptions: RunOptions = {}) => traced(runOptions, (options) => compiler.resume(runId, options)),
  };
}

/**
 * Traces one run with the times the run recorded in its events, never measured again:
 *
 * - `invoke_agent {agentName}`, the run, with the token usage of all its model calls;
 * - per round, `plan {agentName}` as the plan streamed, with the planner's `chat {model}` call under it;
 * - `execute_tool {tool}` per task, beside the plan under the agent span (as the conventions place the tool
 *   spans a plan produces), from its first call to its end, with its retries as span events;
 * - the joiner's `chat {model}` (`join` for a function joiner; none when the plan stated the answer);
 * - a replan is a span event on the agent span, and the next round's spans follow.
 *
 * Spans start as the run goes (the agent span at its start, each plan, each task's first call, each model
 * joiner's call), and end, with their attributes, when it ends (finished, failed or aborted). A run already
 * under way is recorded from its events so far, then followed; a run that has ended is recorded at once. The
 * agent span is a child of `options.context`, or of the context active when `traceRun` is called.
 *
 * A run started elsewhere cannot run its tool calls inside their spans: for the spans a tool opens to nest
 * under its `execute_tool` span, trace the compiler with {@link traceRuns}. Returns `run`.
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
  recorderFor(checkTraceOptions(options)).follow(run);
  return run;
}

/** A recorder for one run, its spans children of the given context or the one active now. */
function recorderFor(settings: TraceSettings, inner?: RunInstrumentation): RunSpanRecorder {
  const { context, ...options } = settings;
  return new RunSpanRecorder({ ...options, context: context ?? contextApi.active() }, inner);
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
