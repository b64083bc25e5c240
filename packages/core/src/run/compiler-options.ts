import type { RunJournal } from '../journal/run-journal.js';
import type { PlannerFormat } from '../planner/planner-format.js';
import type { ApprovalRequest } from '../execute/scheduler.js';
import type { EagerMode } from '../execute/unsafe-task-gate.js';
import type { TaskRecord } from '../execute/task-record.js';
import type { JoinerThought } from '../joiner/create-joiner-messages.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import type { LanguageModel } from '../model/language-model.js';
import type { ToolSet } from '../plan/tool-map.js';
import type { JsonSchema } from '../tool/json-schema-types.js';
import type { SchemaLike } from '../tool/schema.js';
import type { HistoryOptions } from './bound-history.js';
import type { RunInstrumentation } from '../instrument/run-instrumentation.js';
import type { ConversationMessage } from './conversation-message.js';
import type { ToolSelector } from './tool-selector.js';

/** How the planner writes its plan: `'text'` (the paper's format), `'json'` or `'tool-calls'`. */
export type PlanFormat = PlannerFormat;

/** Options of the planner. */
export interface PlannerOptions {
  /** The model that plans. @default the compiler's `model` */
  readonly model?: LanguageModel | undefined;
  /** @default 'text' */
  readonly format?: PlanFormat | undefined;
  /** @default 0 */
  readonly temperature?: number | undefined;
  /** Replaces the built-in few-shot examples; `false` drops them. */
  readonly examples?: string | false | undefined;
  /** Extra rules appended to the planner's instructions. */
  readonly instructions?: string | undefined;
  readonly maxTokens?: number | undefined;
  /**
   * Whether the plan may state the answer, so that the joiner's LLM round trip is skipped when the answer is
   * a task's value or a short template over task values (`5. join("The difference is $3 m")`, `join($3)`; in
   * JSON `{"tool": "join", "answer": "..."}`, as native tool calls a `join` call with an `answer` argument).
   * The planner prompt then says when to state one: only when the answer is the value of a task or a short
   * sentence around task values; when it needs judgement over the results, the plan ends with a plain
   * `join()`.
   *
   * The run finishes with the stated answer, its references resolved as task arguments are (strings as they
   * are, other values as JSON; `$$` a dollar), without calling the joiner, when the plan ended cleanly
   * (`join` reached, the model stopped normally, no plan errors), the answer names at least one task, and
   * every task it names succeeded. Otherwise the joiner runs as without the option. The `join-end` event
   * then has `source: 'plan'`.
   *
   * @default true with a model joiner; false with a function joiner (it decides instead)
   * @example
   * ```ts
   * planner: { answerInPlan: false } // the joiner always writes the answer
   * ```
   */
  readonly answerInPlan?: boolean | undefined;
}

/** What a function joiner is given. */
export interface JoinerContext {
  /** The user's latest message. */
  readonly question: string;
  /** The earlier turns of the conversation, as the model joiner would be shown them (bounded by `history`). */
  readonly history: readonly ConversationMessage[];
  /**
   * The JSON Schema of the run's answer schema (`run(input, { answer })`), when it has one: the answer must
   * then be JSON text of that shape (`JSON.stringify(value)`). It is validated like a model joiner's, but a
   * function joiner is not asked again: an answer that does not fit fails the run with an
   * `AnswerValidationError`.
   */
  readonly answerSchema: JsonSchema | undefined;
  /** From 1. */
  readonly round: number;
  /** Every task so far, of every round, settled. */
  readonly tasks: readonly TaskRecord[];
  /** Whether this is the last round allowed: a `replan` decision is then an error. */
  readonly mustFinish: boolean;
  readonly signal: AbortSignal;
}

/**
 * A joiner written as a function instead of a model call, e.g. "the last task's result is the answer".
 * Returning a string finishes with that answer.
 */
export type JoinerFunction = (context: JoinerContext) => JoinerDecision | string | PromiseLike<JoinerDecision | string>;

/** Options of the model joiner. */
export interface JoinerOptions {
  /** The model that joins. @default the compiler's `model` */
  readonly model?: LanguageModel | undefined;
  /** @default 'text' */
  readonly format?: 'text' | 'json' | undefined;
  /** @default 0 */
  readonly temperature?: number | undefined;
  /** Extra instructions appended to the joiner's prompt. */
  readonly instructions?: string | undefined;
  readonly maxTokens?: number | undefined;
  /**
   * Whether the joiner is asked for a `Thought:` before its action. A thought is written before the answer,
   * so it delays it: `'optional'` asks for the action straight away, with a short thought first only when the
   * answer needs reasoning over the results (combining or comparing values, resolving a conflict) or a new
   * plan is asked for; `'required'` always asks for one (the paper's prompt); `'none'` asks for the action
   * alone. Answers with and without a thought are read the same way whichever is asked.
   *
   * @default 'optional'
   * @example
   * ```ts
   * joiner: { thought: 'required' }
   * ```
   */
  readonly thought?: JoinerThought | undefined;
  /**
   * Whether an answer without a decision fails the run. By default a joiner that answers in plain prose,
   * without `Action: Finish(...)` (or, with `format: 'json'`, without JSON), as small and chatty models do,
   * has its text taken as the final answer (trimmed, without fence lines, a leading `Thought:` block or an
   * `Answer:` label) and a `join-warning` event reports it. A replan is never guessed from prose. An empty
   * answer, only a thought, or text that tries a decision that cannot be read (an `Action:` label; with
   * `format: 'json'`, a `{` or a JSON value) fails with a `JoinerParseError` either way. With `strict: true`
   * every answer without a decision fails the run with a `JoinerParseError`.
   *
   * @default false
   * @example
   * ```ts
   * joiner: { strict: true } // plain prose fails the run with a JoinerParseError
   * ```
   */
  readonly strict?: boolean | undefined;
}

/** Options of {@link createCompiler}. */
export interface CompilerOptions {
  /** The model for the planner and the joiner (each can have its own). */
  readonly model: LanguageModel;
  /** The tools plans may call. */
  readonly tools: ToolSet;
  /**
   * Chooses, before each planner call, the tools the planner is shown: from the question and, on a replan,
   * the rounds so far. With many tools this shortens the planner's prompt (each tool's signature costs prompt
   * tokens on every call) and helps the model choose. Built-in selectors rank the tools by BM25 over their
   * names, descriptions and parameter names ({@link createLexicalToolSelector}) or by the similarity of
   * embeddings you provide ({@link createEmbeddingToolSelector}).
   *
   * A task that calls a tool the planner was not shown, but that is one of `tools`, still runs; a
   * `plan-warning` event with code `unselected-tool` reports it. A `tools-selected` event before each
   * `plan-start` names the tools shown, and each round's result has them as `tools`.
   *
   * The planner's system prompt lists the tools, so it changes with the selection: a provider's prompt cache
   * then serves the part before the tools for every question, and the rest only for questions that select
   * the same tools.
   *
   * A selector that throws or returns anything but a subset of `tools` fails the run with a
   * `ToolSelectionError`.
   *
   * @default undefined (the planner is shown every tool)
   * @example
   * ```ts
   * createCompiler({ model, tools: manyTools, selectTools: createLexicalToolSelector({ k: 8, always: ['search'] }) });
   * ```
   */
  readonly selectTools?: ToolSelector | undefined;
  readonly planner?: PlannerOptions | undefined;
  /** A model joiner's options, or a function joiner. */
  readonly joiner?: JoinerOptions | JoinerFunction | undefined;
  /**
   * How many times the joiner may ask for a new plan; `0` plans once. On the last round the joiner must
   * finish.
   * @default 2
   */
  readonly maxReplans?: number | undefined;
  /**
   * How many tasks one plan may hold; tasks beyond are not run and reported as plan errors.
   * @default 100
   */
  readonly maxTasksPerPlan?: number | undefined;
  /** How many tool calls may run at once across all tools. @default Infinity */
  readonly concurrency?: number | undefined;
  /** When tasks may start while the plan streams. @default 'safe' */
  readonly eager?: EagerMode | undefined;
  /** A limit on the whole run, in milliseconds: the run is aborted with a `RunTimeoutError` past it. */
  readonly timeoutMs?: number | undefined;
  /**
   * How many characters of each result the joiner and a replanning planner are shown; dependents always
   * get the whole value.
   * @default 2000
   */
  readonly maxObservationChars?: number | undefined;
  /** Decides on tools that need approval; a run's own `approve` replaces it. */
  readonly approve?: ((request: ApprovalRequest) => boolean | PromiseLike<boolean>) | undefined;
  /**
   * How much of a conversation's earlier turns (`run([...messages])`) the planner and the joiner are shown:
   * the newest messages within both bounds, oldest dropped first, each whole; a kept part that would start
   * with an assistant message loses it too. The system prompts and the current question are never dropped.
   *
   * @default { maxMessages: 20, maxChars: 20000 }
   * @example
   * ```ts
   * history: { maxMessages: 6 } // the last three exchanges
   * ```
   */
  readonly history?: HistoryOptions | undefined;
  /**
   * Where each run's facts are written as they happen (its input, each planned task, plan ends, task starts
   * and ends with their values, the joiner's decisions, its end), so that `compiler.resume(runId)` in
   * another process continues a run whose process died. Writes are queued off the run's path, except that a
   * tool with side effects is called only once its start is written. See `docs/distributed.md`.
   *
   * @default undefined (nothing is written; runs cannot be resumed)
   * @example
   * ```ts
   * createCompiler({ model, tools, journal: createMemoryJournal() });
   * createCompiler({ model, tools, journal: createRedisJournal({ connection: 'redis://127.0.0.1:6379' }) }); // @llmcompiler/bullmq
   * ```
   */
  readonly journal?: RunJournal | undefined;
}

/** Options of one run. */
export interface RunOptions {
  /** Aborts the run. */
  readonly signal?: AbortSignal | undefined;
  /** Decides on tools that need approval, for this run. */
  readonly approve?: ((request: ApprovalRequest) => boolean | PromiseLike<boolean>) | undefined;
  /**
   * The shape of the answer: any schema `tool()` accepts (zod, any Standard Schema, a JSON Schema object).
   * The joiner is asked for JSON of that shape (a JSON joiner also through the model's response format), the
   * answer is validated, and `result().answer` is the schema's output, typed. An answer that does not fit is
   * shown to the joiner once with the issues; a second one that does not fit rejects `result()` with an
   * `AnswerValidationError`. The plan is not asked to state the answer (`planner.answerInPlan` is off for
   * the run), and the answer streams as one `answer-delta`, its JSON text, once it is valid.
   *
   * @default undefined (the answer is text)
   * @example
   * ```ts
   * const run = compiler.run('Which trench is deepest?', { answer: z.object({ name: z.string(), depthMeters: z.number() }) });
   * const { answer } = await run.result(); // { name: string; depthMeters: number }
   * ```
   */
  readonly answer?: SchemaLike<unknown> | undefined;
  /**
   * Code run around each tool call and each model call of the run, so that an instrumentation (a tracer, a
   * profiler) can run them inside its own context; see {@link RunInstrumentation}. `traceRuns` of
   * `@llmcompiler/otel` sets it to nest a tool's own spans under its `execute_tool` span.
   *
   * @default undefined (calls are made as they are, at the cost of one `undefined` check each)
   * @example
   * ```ts
   * compiler.run(question, { instrumentation: { toolCall: (call, execute) => als.run({ taskId: call.taskId }, execute) } });
   * ```
   */
  readonly instrumentation?: RunInstrumentation | undefined;
}
