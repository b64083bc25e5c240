import { tool, type AnyTool, type JsonSchema, type RetryOptions, type SchemaLike, type SideEffects } from '@llmcompiler/core';
import { toJsonSchema } from '@langchain/core/utils/json_schema';

/**
 * The part of a LangChain tool that {@link fromLangChainTool} uses: what `StructuredTool`,
 * `DynamicStructuredTool` and the tools of `tool()` from `@langchain/core/tools` all have. (LangChain's own
 * `StructuredToolInterface` rejects zod 3 tools under `exactOptionalPropertyTypes`.)
 */
export interface LangChainToolLike {
  readonly name: string;
  readonly description: string;
  /** A zod 4 or zod 3 schema, or a JSON Schema. */
  readonly schema: unknown;
  /** Called as `invoke(input, { signal })`; typed loosely so that every LangChain tool's generic `invoke` fits. */
  invoke(input: never, config?: never): Promise<unknown>;
}

type Invoke = (input: Record<string, unknown>, config: { signal: AbortSignal }) => Promise<unknown>;

/** How a LangChain tool runs inside a compiler run; LangChain tools carry none of this themselves. */
export interface FromLangChainToolOptions {
  /**
   * What running the tool may change in the world. LangChain tools do not say, so the safe assumption is
   * kept: an `'unsafe'` tool starts only once the plan has ended cleanly and is never retried on its own.
   * Mark read-only tools `'none'` so they start while the plan is still streaming.
   *
   * @default 'unsafe'
   * @example
   * ```ts
   * fromLangChainTool(searchTool, { sideEffects: 'none' })
   * ```
   */
  readonly sideEffects?: SideEffects | undefined;
  /**
   * How long one call may take, in milliseconds; then the signal passed to `lcTool.invoke` aborts.
   *
   * @default undefined (no time limit)
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Whether and how a failed call is tried again (see core's `RetryOptions`).
   *
   * @default undefined (one try)
   * @example
   * ```ts
   * retry: { attempts: 3 }
   * ```
   */
  readonly retry?: RetryOptions | undefined;
  /**
   * How many calls of this tool may run at the same time.
   *
   * @default Infinity
   */
  readonly concurrency?: number | undefined;
}

/**
 * Turns a LangChain tool (a `StructuredTool`, `DynamicStructuredTool`, `DynamicTool` or the result of `tool()` from
 * `@langchain/core/tools`) into an llmcompiler tool with the same name, description and input schema.
 *
 * - A zod 4 schema (or any schema with Standard JSON Schema) is used as it is: it validates the input and
 *   gives the planner its parameters. A zod 3 schema is converted to JSON Schema with LangChain's
 *   `toJsonSchema`; a JSON Schema is used as it is. LangChain validates the input again in `invoke`.
 * - Each call is `lcTool.invoke(input, { signal })`: the run's abort signal (and the timeout's) reaches the
 *   tool. What `invoke` returns is the task's result; what it throws fails the task, with its message as the
 *   observation the joiner sees.
 *
 * @example
 * ```ts
 * import { tool as lcTool } from '@langchain/core/tools';
 *
 * const weather = lcTool(async ({ city }) => `Sunny in ${city}`, {
 *   name: 'weather',
 *   description: 'Current weather of a city.',
 *   schema: z.object({ city: z.string() }),
 * });
 * const compiler = createCompiler({ model, tools: [fromLangChainTool(weather, { sideEffects: 'none' })] });
 * ```
 */
export function fromLangChainTool(lcTool: LangChainToolLike, options: FromLangChainToolOptions = {}): AnyTool {
  return tool<Record<string, unknown>, unknown>({
    name: lcTool.name,
    description: lcTool.description,
    input: toInputSchema(lcTool.schema),
    ...options,
    execute: (input, { signal }) => (lcTool.invoke as unknown as Invoke).call(lcTool, input, { signal }),
  });
}

/**
 * {@link fromLangChainTool} for a list of tools, with the same options for each.
 *
 * @example
 * ```ts
 * const tools = fromLangChainTools([search, lookup], { sideEffects: 'none', timeoutMs: 10_000 });
 * ```
 */
export function fromLangChainTools(
  lcTools: readonly LangChainToolLike[],
  options: FromLangChainToolOptions = {},
): AnyTool[] {
  return lcTools.map((lcTool) => fromLangChainTool(lcTool, options));
}

function toInputSchema(schema: unknown): SchemaLike<Record<string, unknown>> {
  if (canDescribeItself(schema)) return schema as SchemaLike<Record<string, unknown>>;
  // zod 3 (which core cannot turn into JSON Schema) and plain JSON Schema both come out as JSON Schema.
  return toJsonSchema(schema as Parameters<typeof toJsonSchema>[0]) as JsonSchema;
}

/** A Standard Schema that core can show as JSON Schema: Standard JSON Schema, or a zod 4 schema. */
function canDescribeItself(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null || !('~standard' in schema)) return false;
  const props = schema['~standard'] as { vendor?: unknown; jsonSchema?: { input?: unknown } };
  if (typeof props.jsonSchema?.input === 'function') return true;
  return props.vendor === 'zod' && '_zod' in schema && typeof (schema as { toJSONSchema?: unknown }).toJSONSchema === 'function';
}
