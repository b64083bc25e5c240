import { tool, ToolDefinitionError, type AnyTool, type JsonSchema, type RetryOptions, type SchemaLike, type SideEffects } from '@llmcompiler/core';
import { asSchema } from 'ai';

/**
 * The part of an AI SDK tool (the result of `tool()` or `dynamicTool()` of `ai`) that {@link fromAISDKTool}
 * uses. Its `inputSchema` is a zod schema (3 or 4), a Standard Schema, or a `jsonSchema()`.
 */
export interface AISDKToolLike {
  readonly description?: string | undefined;
  readonly inputSchema: unknown;
  /** Called as `execute(input, { toolCallId, abortSignal, messages: [] })`; typed loosely to fit every tool's generics. */
  readonly execute?: ((input: never, options: never) => unknown) | undefined;
}

/** How an AI SDK tool runs inside a compiler run; AI SDK tools carry none of this themselves. */
export interface FromAISDKToolOptions {
  /**
   * What running the tool may change in the world. AI SDK tools do not say, so the safe assumption is kept:
   * an `'unsafe'` tool starts only once the plan has ended cleanly and is never retried on its own. Mark
   * read-only tools `'none'` so that they start while the plan is still streaming.
   *
   * @default 'unsafe'
   * @example
   * ```ts
   * fromAISDKTools({ weather }, { sideEffects: 'none' })
   * ```
   */
  readonly sideEffects?: SideEffects | undefined;
  /**
   * How long one call may take, in milliseconds; then the `abortSignal` passed to `execute` aborts.
   *
   * @default undefined (no time limit)
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Whether and how a failed call is tried again (see core's `RetryOptions`).
   *
   * @default undefined (one try)
   */
  readonly retry?: RetryOptions | undefined;
  /**
   * How many calls of this tool may run at the same time.
   *
   * @default Infinity
   */
  readonly concurrency?: number | undefined;
}

type Execute = (input: unknown, options: Record<string, unknown>) => unknown;

/**
 * Turns an AI SDK tool into an llmcompiler tool named `name` (the key it has in an AI SDK tool set), with
 * its description and input schema.
 *
 * - A zod 4 schema (or any Standard Schema with Standard JSON Schema) is used as it is: it validates the
 *   input and gives the planner its parameters. Any other schema goes through the AI SDK's `asSchema`: its
 *   JSON Schema is shown to the planner and its `validate` (zod 3, `jsonSchema(schema, { validate })`)
 *   checks the input; a `jsonSchema()` without `validate` is validated by core as a JSON Schema.
 * - Each call is `execute(input, { toolCallId, abortSignal, messages: [] })`: the run's abort signal (and the
 *   timeout's) reaches the tool, and `toolCallId` is unique to the call and the same if it is sent again (`llmcompiler-<run id>-<task id>-<attempt>`).
 *   What `execute` returns is the task's result (for a tool that streams its results, an async iterable, the
 *   last one); what it throws fails the task, with its message as the observation the joiner sees.
 *
 * @throws {ToolDefinitionError} when the tool has no `execute` (a client-side tool cannot run in a plan), or
 *   its schema's JSON Schema is only available asynchronously.
 *
 * @example
 * ```ts
 * import { tool as aiTool } from 'ai';
 *
 * const weather = aiTool({
 *   description: 'Current weather of a city.',
 *   inputSchema: z.object({ city: z.string() }),
 *   execute: async ({ city }, { abortSignal }) => fetchWeather(city, { signal: abortSignal }),
 * });
 * const compiler = createCompiler({ model, tools: [fromAISDKTool('weather', weather, { sideEffects: 'none' })] });
 * ```
 */
export function fromAISDKTool(name: string, aiTool: AISDKToolLike, options: FromAISDKToolOptions = {}): AnyTool {
  if (aiTool === null || typeof aiTool !== 'object') {
    throw new ToolDefinitionError({ tool: name, option: 'tool', expected: 'an AI SDK tool (from `tool()` of `ai`)', received: aiTool });
  }
  const execute = aiTool.execute as Execute | undefined;
  if (typeof execute !== 'function') {
    throw new ToolDefinitionError({
      tool: name,
      option: 'execute',
      expected: 'a function (a tool without `execute` runs in the client, which a plan cannot wait for)',
      received: execute,
    });
  }
  return tool<Record<string, unknown>, unknown>({
    name,
    description: aiTool.description ?? '',
    input: toInputSchema(name, aiTool.inputSchema),
    ...options,
    execute: async (input, { signal, runId, taskId, attempt }) => {
      const toolCallId = `llmcompiler-${runId}-${taskId}-${attempt}`;
      const result = await execute.call(aiTool, input, { toolCallId, abortSignal: signal, messages: [], context: undefined });
      return isAsyncIterable(result) ? lastValue(result) : result;
    },
  });
}

/**
 * {@link fromAISDKTool} for every tool of an AI SDK tool set (`{ name: tool }`, as `generateText` takes
 * them), with the same options for each.
 *
 * @example
 * ```ts
 * const tools = fromAISDKTools({ search, weather }, { sideEffects: 'none', timeoutMs: 10_000 });
 * ```
 */
export function fromAISDKTools(tools: Readonly<Record<string, AISDKToolLike>>, options: FromAISDKToolOptions = {}): AnyTool[] {
  if (tools === null || typeof tools !== 'object' || Array.isArray(tools)) {
    throw new ToolDefinitionError({ option: 'tools', expected: 'an AI SDK tool set (`{ name: tool(...) }`)', received: tools });
  }
  return Object.entries(tools).map(([name, aiTool]) => fromAISDKTool(name, aiTool, options));
}

function toInputSchema(name: string, schema: unknown): SchemaLike<Record<string, unknown>> {
  if (canDescribeItself(schema)) return schema as SchemaLike<Record<string, unknown>>;
  let converted: ReturnType<typeof asSchema>;
  try {
    converted = asSchema(schema as Parameters<typeof asSchema>[0]);
  } catch (error) {
    throw new ToolDefinitionError({
      tool: name,
      option: 'inputSchema',
      expected: 'a zod schema, a Standard Schema or a `jsonSchema()`',
      received: schema,
      reason: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  const json = converted.jsonSchema;
  if (typeof (json as PromiseLike<unknown>).then === 'function') {
    throw new ToolDefinitionError({
      tool: name,
      option: 'inputSchema',
      expected: 'a schema whose JSON Schema is available at once',
      received: schema,
      got: 'a schema whose JSON Schema is a promise',
    });
  }
  const validate = converted.validate;
  if (validate === undefined) return json as unknown as JsonSchema;
  // A Standard Schema that validates with the AI SDK schema's own `validate` and shows its JSON Schema.
  return {
    '~standard': {
      version: 1,
      vendor: 'ai-sdk',
      validate: async (value: unknown) => {
        const result = await validate(value);
        return result.success ? { value: result.value as Record<string, unknown> } : { issues: [{ message: result.error.message }] };
      },
      jsonSchema: { input: () => json as Record<string, unknown>, output: () => json as Record<string, unknown> },
    },
  } as unknown as SchemaLike<Record<string, unknown>>;
}

/** A Standard Schema that core can show as JSON Schema: Standard JSON Schema, or a zod 4 schema. */
function canDescribeItself(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null || !('~standard' in schema)) return false;
  const props = schema['~standard'] as { vendor?: unknown; jsonSchema?: { input?: unknown } };
  if (typeof props.jsonSchema?.input === 'function') return true;
  return props.vendor === 'zod' && '_zod' in schema && typeof (schema as { toJSONSchema?: unknown }).toJSONSchema === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';
}

async function lastValue(values: AsyncIterable<unknown>): Promise<unknown> {
  let last: unknown;
  for await (const value of values) last = value;
  return last;
}
