import { describeValue } from '../util/describe-value.js';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import type { JsonSchema } from '../tool/json-schema-types.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { SchemaLike } from '../tool/schema.js';
import { tool, type Tool, type ToolContext, type ToolOptions } from '../tool/tool.js';
import { raceAbort, sleep, untilAborted } from './abortable.js';

/** How a call of a fake tool ended. */
export type FakeToolOutcome = 'ok' | 'error' | 'aborted';

/** One call of a fake tool, as recorded in {@link FakeTool.calls}. `endedAt` and `outcome` are set when it settles. */
export interface FakeToolCall<Input> {
  /** The (validated) input the call received. */
  readonly input: Input;
  /** The task the call belongs to. */
  readonly taskId: number;
  /** Which try this is, from 1. */
  readonly attempt: number;
  /** `Date.now()` when the call began (fake timers move it). */
  readonly startedAt: number;
  /** `Date.now()` when the call settled; `undefined` while it runs. */
  readonly endedAt?: number;
  /** How the call ended; `undefined` while it runs. `'aborted'` when it rejected with its signal's reason. */
  readonly outcome?: FakeToolOutcome;
}

/**
 * The options of {@link fakeTool}: every option of `tool()` except `execute` (`description` and `input`
 * become optional), plus the scripted behaviour of each call.
 */
export interface FakeToolOptions<Input = Record<string, unknown>, Output = unknown>
  extends Omit<ToolOptions<Input, Output>, 'description' | 'input' | 'execute'> {
  /**
   * What the tool does, for the planner prompt.
   *
   * @default 'A fake tool for tests.'
   */
  readonly description?: string | undefined;
  /**
   * The input schema, as for `tool()`.
   *
   * @default { type: 'object', properties: {} } (any object)
   * @example
   * ```ts
   * input: z.object({ query: z.string() })
   * ```
   */
  readonly input?: SchemaLike<Input> | undefined;
  /**
   * How long each call takes, in milliseconds: a number, or a function of the input and the attempt (from 1).
   * `0` sets no timer at all.
   *
   * @default 0
   * @example
   * ```ts
   * latencyMs: (input, attempt) => (attempt === 1 ? 1000 : 100)
   * ```
   */
  readonly latencyMs?: number | ((input: Input, attempt: number) => number) | undefined;
  /**
   * What each call returns: a value, or a function of the input and the tool context (it may be async). To
   * return a function itself, wrap it: `result: () => myFunction`.
   *
   * @default null
   * @example
   * ```ts
   * result: ({ query }) => `(about ${query})`
   * ```
   */
  readonly result?: Output | ((input: Input, context: ToolContext) => Output | PromiseLike<Output>) | undefined;
  /**
   * Makes calls fail, after their latency: a value to throw on every call (usually an `Error`), or a function
   * of the input and the attempt (from 1) that returns what to throw on that attempt, or `undefined` to
   * succeed.
   *
   * @default undefined (calls succeed)
   * @example
   * ```ts
   * fail: (input, attempt) => (attempt < 3 ? new Error('503 Service Unavailable') : undefined)
   * ```
   */
  readonly fail?: ((input: Input, attempt: number) => unknown) | NonNullable<unknown> | undefined;
  /**
   * Whether calls never finish: each call waits until its signal aborts, then rejects with the reason.
   *
   * @default false
   */
  readonly hang?: boolean | undefined;
}

/** A tool made by {@link fakeTool}: a real {@link Tool}, plus what its calls did. */
export interface FakeTool<Input = Record<string, unknown>, Output = unknown> extends Tool<Input, Output> {
  /** Every call, in the order they began; each entry is completed in place when the call settles. */
  readonly calls: readonly FakeToolCall<Input>[];
  /** How many calls are running now. */
  readonly inFlight: number;
  /** The most calls that have run at the same time. */
  readonly maxConcurrent: number;
}

type MutableCall<Input> = { -readonly [K in keyof FakeToolCall<Input>]: FakeToolCall<Input>[K] };

const fakeKeys = ['latencyMs', 'result', 'fail', 'hang'];
const anyObject: JsonSchema = { type: 'object', properties: {} };

/**
 * Builds a tool for tests whose calls take a scripted time and return or throw scripted values, and that
 * records every call. It is a real `tool()`: every option of `tool()` (`name`, `input`, `sideEffects`,
 * `timeoutMs`, `retry`, `concurrency`, `needsApproval`, ...) is checked and applied the same way.
 *
 * Each call is recorded in `calls`, then waits `latencyMs` (on the global `setTimeout`, so fake timers drive
 * it), then throws what `fail` gives or returns `result`. With `hang: true` it waits for its signal instead.
 * Whenever `context.signal` aborts, the call rejects at once with the signal's reason and clears its timer.
 * Timestamps come from `Date.now()`, which `vi.useFakeTimers()` controls.
 *
 * @throws {ToolDefinitionError} when an option is malformed, as `tool()` does.
 *
 * @example
 * ```ts
 * import { fakeTool } from '@llmcompiler/core/test';
 *
 * const search = fakeTool({
 *   name: 'search',
 *   input: z.object({ query: z.string() }),
 *   sideEffects: 'none',
 *   concurrency: 2,
 *   latencyMs: 100,
 *   result: ({ query }) => `(about ${query})`,
 * });
 * // ... run a plan with `search` ...
 * expect(search.calls.map((call) => call.input.query)).toEqual(['Mariana Trench', 'Puerto Rico Trench']);
 * expect(search.maxConcurrent).toBeLessThanOrEqual(2);
 * ```
 */
export function fakeTool<Input = Record<string, unknown>, Output = unknown>(
  options: FakeToolOptions<Input, Output>,
): FakeTool<Input, Output> {
  if (!isPlainObject(options)) throw new ToolDefinitionError({ option: 'options', owner: '`fakeTool()`', expected: 'an object', received: options });
  const { latencyMs = 0, result = null, fail, hang = false } = options;
  const calls: MutableCall<Input>[] = [];
  let inFlight = 0;
  let maxConcurrent = 0;

  const execute = async (input: Input, context: ToolContext): Promise<Output> => {
    const { signal, taskId, attempt } = context;
    const call: MutableCall<Input> = { input, taskId, attempt, startedAt: Date.now() };
    calls.push(call);
    inFlight++;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    try {
      if (hang) await untilAborted(signal);
      const latency = typeof latencyMs === 'function' ? latencyMs(input, attempt) : latencyMs;
      if (!isMilliseconds(latency)) throw invalid('latencyMs', 'a function returning a non-negative number of milliseconds', latency);
      await sleep(latency, signal);
      const error: unknown = typeof fail === 'function' ? (fail as (input: Input, attempt: number) => unknown)(input, attempt) : fail;
      if (error !== undefined) throw error;
      const value = await raceAbort(
        typeof result === 'function' ? (result as (input: Input, context: ToolContext) => Output | PromiseLike<Output>)(input, context) : (result as Output),
        signal,
      );
      call.outcome = 'ok';
      return value;
    } catch (error) {
      call.outcome = signal.aborted && error === signal.reason ? 'aborted' : 'error';
      throw error;
    } finally {
      call.endedAt = Date.now();
      inFlight--;
    }
  };

  // `tool()` checks the options it knows (and refuses unknown keys); `undefined` means "use the default".
  const toolOptions = Object.fromEntries(
    Object.entries(options).filter(([key, value]) => !fakeKeys.includes(key) && value !== undefined),
  ) as Partial<ToolOptions<Input, Output>> & Pick<ToolOptions<Input, Output>, 'name'>;
  const base = tool<Input, Output>({
    description: 'A fake tool for tests.',
    input: anyObject as SchemaLike<Input>,
    ...toolOptions,
    execute,
  } as ToolOptions<Input, Output>);
  const invalid = (option: string, expected: string, value: unknown): ToolDefinitionError =>
    new ToolDefinitionError({ option, owner: `fake tool \`${base.name}\``, tool: base.name, expected, received: value });
  if (typeof latencyMs !== 'function' && !isMilliseconds(latencyMs)) {
    throw invalid('latencyMs', 'a non-negative number of milliseconds or a function', latencyMs);
  }
  if (typeof hang !== 'boolean') throw invalid('hang', 'a boolean', hang);

  return Object.freeze({
    ...base,
    calls,
    get inFlight() {
      return inFlight;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
  });
}

function isMilliseconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
