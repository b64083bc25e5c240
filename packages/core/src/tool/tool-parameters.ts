import { schemaParameters, type ToolParameter } from './schema-parameters.js';
import type { AnyTool } from './tool.js';

export type { ToolParameter } from './schema-parameters.js';

const cache = new WeakMap<AnyTool, readonly ToolParameter[]>();

/**
 * The parameters of a tool: the properties of its input JSON Schema, in declaration order (the order in which
 * JavaScript lists the keys of `properties`, so a zod object's key order). A call's positional arguments are
 * mapped onto these names in this order. Computed once per tool.
 *
 * @throws {ToolDefinitionError} when the input schema is not an object schema with `properties` (so the
 * tool cannot take arguments by name), or cannot be converted to JSON Schema.
 *
 * @example
 * ```ts
 * toolParameters(tool({ name: 'math', input: z.object({ problem: z.string(), context: z.array(z.string()).optional() }), … }));
 * // [{ name: 'problem', required: true, schema: { type: 'string' } },
 * //  { name: 'context', required: false, schema: { type: 'array', items: { type: 'string' } } }]
 * ```
 */
export function toolParameters(tool: AnyTool): readonly ToolParameter[] {
  let parameters = cache.get(tool);
  if (parameters === undefined) {
    parameters = schemaParameters(tool.inputSchema.jsonSchema(), tool.name);
    cache.set(tool, parameters);
  }
  return parameters;
}
