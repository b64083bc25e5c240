import type { InvalidOptionErrorFields } from '../errors/invalid-option-error.js';
import { optionChecks, type OptionChecks } from '../options/check-option.js';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { toSchema, type Schema, type SchemaLike } from './schema.js';
import { schemaParameters } from './schema-parameters.js';

/**
 * What running a tool may change in the world, which decides what the runner may do with a call:
 *
 * - `'none'`: reads only (a search, a calculation). Safe to run speculatively, retry and cache.
 * - `'idempotent'`: writes, but running it twice with the same input is the same as once (an upsert).
 * - `'unsafe'`: anything else (sending an email, a payment). Never run twice by the library on its own.
 */
export type SideEffects = 'none' | 'idempotent' | 'unsafe';

/** What `execute` receives besides its input. */
export interface ToolContext {
  /** Aborted when the run is cancelled, the call times out, or the task is no longer needed. Pass it on. */
  readonly signal: AbortSignal;
  /** The id of the plan task this call belongs to (`3` for `$3`). */
  readonly taskId: number;
  /** Which try this is, from 1; above 1 only when {@link ToolOptions.retry} is set. */
  readonly attempt: number;
  /**
   * The id of the run this call belongs to. With {@link ToolContext.taskId} it names the call across
   * retries, re-dispatches and resumed runs: `${runId}:${taskId}` is an idempotency key for a tool with
   * side effects (a payment API's `Idempotency-Key` header, a unique key of an upsert).
   */
  readonly runId: string;
}

/** What a `needsApproval` function receives besides the input. */
export interface ToolApprovalContext {
  /** Aborted when the run is cancelled. */
  readonly signal: AbortSignal;
  /** The id of the plan task that wants to call the tool. */
  readonly taskId: number;
}

/** When and how often a failed call is tried again, with exponential backoff between tries. */
export interface RetryOptions {
  /**
   * How many times the tool is called in total, at most: an integer from 1 (`1` means no retry).
   *
   * @example
   * ```ts
   * retry: { attempts: 3 } // one call and up to two retries
   * ```
   */
  readonly attempts: number;
  /**
   * Milliseconds to wait before the first retry; each later wait is `factor` times the previous one.
   *
   * @default 500
   */
  readonly initialDelayMs?: number;
  /**
   * The longest wait between two tries, in milliseconds.
   *
   * @default 10000
   */
  readonly maxDelayMs?: number;
  /**
   * How much each wait grows over the previous one: a number from 1 (`1` waits `initialDelayMs` each time).
   *
   * @default 2
   */
  readonly factor?: number;
  /**
   * Whether each wait is randomised (a random duration between 0 and the computed wait, "full jitter"), so
   * that many failing calls do not retry in lockstep.
   *
   * @default true
   */
  readonly jitter?: boolean;
  /**
   * Decides whether an error thrown by `execute` (or a timeout) is worth another try.
   *
   * @default () => true (every error is retried)
   * @example
   * ```ts
   * retryOn: (error) => error instanceof HttpError && error.status >= 500
   * ```
   */
  readonly retryOn?: (error: unknown) => boolean;
}

/**
 * The definition of a tool, as given to {@link tool}. `Input` is the type `execute` receives (the input
 * schema's output type); `Output` what it returns.
 */
export interface ToolOptions<Input = Record<string, unknown>, Output = unknown> {
  /**
   * The name the model calls the tool by: 1 to 64 letters, digits, `_` or `-`, starting with a letter or
   * `_`. `join` is reserved for the last step of a plan.
   *
   * @example
   * ```ts
   * name: 'search'
   * ```
   */
  readonly name: string;
  /**
   * What the tool does, when to use it and what it returns, for the planner prompt.
   *
   * @example
   * ```ts
   * description: 'Search Wikipedia for an entity; returns the first paragraph.'
   * ```
   */
  readonly description: string;
  /**
   * The schema of the input, an object schema: a Standard Schema such as zod (whose object keys, in order, are
   * also the positional parameters of a call in the plan), or a raw JSON Schema object. Every call's input is
   * validated against it before `execute`.
   *
   * zod 4 and 3, ArkType 2.2+ and any Standard JSON Schema work as they are; wrap a Valibot schema in
   * `toStandardJsonSchema()` from `@valibot/to-json-schema`, an Effect 4 schema in
   * `Schema.toStandardJSONSchemaV1(Schema.toStandardSchemaV1(schema))`. A raw JSON Schema is checked here,
   * object shape included; the JSON Schema of a Standard Schema is built when first needed (by
   * `createCompiler` at the latest), which is when a non-object schema is refused.
   *
   * @example
   * ```ts
   * input: z.object({ query: z.string().describe('the text to search for') })
   * ```
   */
  readonly input: SchemaLike<Input>;
  /**
   * The schema of what `execute` returns. When given, every result is validated against it (an invalid one
   * fails the task) and its type is shown to the planner (`search(query: string) -> string`).
   *
   * @default undefined (results are not checked)
   * @example
   * ```ts
   * output: z.string()
   * ```
   */
  readonly output?: SchemaLike<Output> | undefined;
  /**
   * What running the tool may change in the world; see {@link SideEffects}. An `'unsafe'` tool's tasks
   * wait for the plan to end; declare `'none'` or `'idempotent'` when true, so they start while it streams.
   * A run whose tasks waited only because their tool left this out says so once, in a `plan-warning`
   * (`held-undeclared-side-effects`).
   *
   * @default 'unsafe'
   * @example
   * ```ts
   * sideEffects: 'none'
   * ```
   */
  readonly sideEffects?: SideEffects | undefined;
  /**
   * How long one call may take, in milliseconds, before its `signal` is aborted and the call fails (or is
   * retried). A positive finite number.
   *
   * @default undefined (no time limit)
   * @example
   * ```ts
   * timeoutMs: 10_000
   * ```
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Whether and how a failed call is tried again.
   *
   * @default undefined (one try)
   * @example
   * ```ts
   * retry: { attempts: 3, initialDelayMs: 1000 }
   * ```
   */
  readonly retry?: RetryOptions | undefined;
  /**
   * How many calls of this tool may run at the same time: an integer from 1, or `Infinity`.
   *
   * @default Infinity
   * @example
   * ```ts
   * concurrency: 4
   * ```
   */
  readonly concurrency?: number | undefined;
  /**
   * Whether a call must be approved before it runs: a boolean, or a function of the (validated) input.
   *
   * @default false
   * @example
   * ```ts
   * needsApproval: ({ amount }) => amount > 100
   * ```
   */
  readonly needsApproval?:
    | boolean
    | ((input: Input, context: ToolApprovalContext) => boolean | PromiseLike<boolean>)
    | undefined;
  /**
   * Runs the tool with a validated input. A thrown error (or rejected promise) fails the task, and the error
   * message becomes the observation the model sees.
   *
   * @example
   * ```ts
   * execute: async ({ query }, { signal }) => fetchWiki(query, { signal })
   * ```
   */
  readonly execute: (input: Input, context: ToolContext) => Output | PromiseLike<Output>;
}

/**
 * A tool made by {@link tool}: its options with defaults filled in, frozen, plus its schemas in {@link Schema}
 * form. The raw `input` and `output` options are not kept; use `inputSchema` and `outputSchema`.
 */
export interface Tool<Input, Output> {
  /** The name the model calls the tool by. */
  readonly name: string;
  /** What the tool does, for the planner prompt. */
  readonly description: string;
  /** The input schema. */
  readonly inputSchema: Schema<Input>;
  /** The output schema, when one was given. */
  readonly outputSchema: Schema<Output> | undefined;
  /** What running the tool may change; `'unsafe'` unless given. */
  readonly sideEffects: SideEffects;
  /**
   * Whether `sideEffects` was given to `tool()`. A run says so (a `plan-warning`) when a tool that did not
   * declare it held up tasks that could have started while the plan streamed.
   */
  readonly sideEffectsDeclared: boolean;
  /** The time limit of one call in milliseconds, or `undefined` for none. */
  readonly timeoutMs: number | undefined;
  /** The retry policy with its defaults filled in; `attempts: 1` when no retry was asked for. */
  readonly retry: Readonly<Required<RetryOptions>>;
  /** How many calls may run at the same time; `Infinity` unless given. */
  readonly concurrency: number;
  /** Whether a call needs approval; `false` unless given. */
  readonly needsApproval: boolean | ((input: Input, context: ToolApprovalContext) => boolean | PromiseLike<boolean>);
  /** Runs the tool. */
  readonly execute: (input: Input, context: ToolContext) => Output | PromiseLike<Output>;
}

/** A tool of any input and output type, for collections of tools (the one deliberate `any` of the API). */
export type AnyTool = Tool<any, any>;

const namePattern = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const sideEffectsValues: readonly SideEffects[] = ['none', 'idempotent', 'unsafe'];
const optionKeys = [
  'name', 'description', 'input', 'output', 'sideEffects', 'timeoutMs', 'retry', 'concurrency', 'needsApproval', 'execute',
];
const retryKeys = ['attempts', 'initialDelayMs', 'maxDelayMs', 'factor', 'jitter', 'retryOn'];
const noRetry: Readonly<Required<RetryOptions>> = Object.freeze({
  attempts: 1,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: true,
  retryOn: () => true,
});

/**
 * Defines a tool the planner can call. Every option is checked here, so a mistake surfaces where the tool
 * is written rather than in the middle of a run. The input and output types are inferred from the schemas.
 *
 * @throws {ToolDefinitionError} when an option is missing, of the wrong type or out of range, naming the
 * option, what was expected and what was given.
 *
 * @example
 * ```ts
 * const search = tool({
 *   name: 'search',
 *   description: 'Search Wikipedia for an entity; returns the first paragraph.',
 *   input: z.object({ query: z.string() }),
 *   output: z.string(),
 *   sideEffects: 'none',
 *   timeoutMs: 10_000,
 *   retry: { attempts: 3 },
 *   execute: async ({ query }, { signal }) => fetchWiki(query, { signal }),
 * });
 * ```
 */
export function tool<Input = Record<string, unknown>, Output = unknown>(
  options: ToolOptions<Input, Output>,
): Tool<Input, Output> {
  const factory = (fields: InvalidOptionErrorFields): ToolDefinitionError => new ToolDefinitionError(fields);
  if (!isPlainObject(options)) optionChecks({ owner: '`tool()`', factory }).fail('options', 'an object', options);
  const unnamed = optionChecks({ owner: 'a tool', factory });
  const { name } = options;
  if (typeof name !== 'string' || !namePattern.test(name)) {
    unnamed.fail('name', '1 to 64 letters, digits, `_` or `-` starting with a letter or `_`', name);
  }
  if (name === 'join') {
    throw new ToolDefinitionError({ option: 'name', owner: 'a tool', tool: name, expected: 'other than `join`, which plans reserve for their last step', received: name });
  }
  const check = optionChecks({ factory: (fields) => new ToolDefinitionError({ ...fields, tool: name }) });
  check.keys('', options as unknown as Record<string, unknown>, optionKeys);
  const { description, sideEffects = 'unsafe', timeoutMs, concurrency = Infinity, needsApproval = false, execute } = options;
  check.string('description', description);
  check.oneOf('sideEffects', sideEffects, sideEffectsValues);
  if (timeoutMs !== undefined) check.positive('timeoutMs', timeoutMs, 'a positive number of milliseconds');
  check.limit('concurrency', concurrency);
  if (typeof needsApproval !== 'boolean' && typeof needsApproval !== 'function') {
    check.fail('needsApproval', 'a boolean or a function', needsApproval);
  }
  check.func('execute', execute);
  const retry = normalizeRetry(options.retry, check);
  const inputSchema = toSchema(options.input, { option: 'input', tool: name }) as Schema<Input>;
  // A raw JSON Schema is at hand: its shape is checked now. Other schemas are converted when first needed.
  if (isPlainObject(options.input) && !('~standard' in options.input)) schemaParameters(inputSchema.jsonSchema(), name);
  const outputSchema =
    options.output === undefined ? undefined : (toSchema(options.output, { option: 'output', tool: name }) as Schema<Output>);

  return Object.freeze({
    name,
    description,
    inputSchema,
    outputSchema,
    sideEffects,
    sideEffectsDeclared: options.sideEffects !== undefined,
    timeoutMs,
    retry,
    concurrency,
    needsApproval,
    execute,
  });
}

function normalizeRetry(retry: RetryOptions | undefined, check: OptionChecks): Readonly<Required<RetryOptions>> {
  if (retry === undefined) return noRetry;
  check.object('retry', retry, 'an object such as `{ attempts: 3 }`');
  check.keys('retry', retry as unknown as Record<string, unknown>, retryKeys);
  const {
    attempts,
    initialDelayMs = noRetry.initialDelayMs,
    maxDelayMs = noRetry.maxDelayMs,
    factor = noRetry.factor,
    jitter = noRetry.jitter,
    retryOn = noRetry.retryOn,
  } = retry;
  if (!(Number.isInteger(attempts) && attempts >= 1)) {
    check.fail('retry.attempts', 'an integer from 1 and up (the total number of tries)', attempts);
  }
  check.nonNegative('retry.initialDelayMs', initialDelayMs, 'a non-negative number of milliseconds');
  check.nonNegative('retry.maxDelayMs', maxDelayMs, 'a non-negative number of milliseconds');
  if (!(typeof factor === 'number' && Number.isFinite(factor) && factor >= 1)) check.fail('retry.factor', 'a number from 1 and up', factor);
  check.boolean('retry.jitter', jitter);
  check.func('retry.retryOn', retryOn);
  return Object.freeze({ attempts, initialDelayMs, maxDelayMs, factor, jitter, retryOn });
}
