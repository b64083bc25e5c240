import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { JsonSchema, JsonSchemaDefinition } from './json-schema-types.js';
import type { AnyTool } from './tool.js';

/** One parameter of a tool: a property of its input schema. */
export interface ToolParameter {
  /** The property name, which is also the keyword of the argument in a plan. */
  readonly name: string;
  /** Whether the input schema lists it in `required`. */
  readonly required: boolean;
  /** The property's JSON Schema (`true` becomes `{}`, `false` becomes `{ not: {} }`). */
  readonly schema: JsonSchema;
}

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
    parameters = readParameters(tool);
    cache.set(tool, parameters);
  }
  return parameters;
}

function readParameters(tool: AnyTool): readonly ToolParameter[] {
  const schema = tool.inputSchema.jsonSchema();
  const { type, properties } = schema;
  const isObjectType = type === undefined || type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (!isObjectType || !isPlainObject(properties)) {
    const got = isObjectType ? 'an object schema without `properties`' : `a schema of type ${describeValue(type)}`;
    throw new ToolDefinitionError({
      option: 'input',
      tool: tool.name,
      expected: 'an object schema with `properties` (such as `z.object({ ... })`)',
      received: schema,
      got,
    });
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.freeze(
    Object.entries(properties as Record<string, JsonSchemaDefinition>).map(([name, property]) =>
      Object.freeze({ name, required: required.has(name), schema: asObjectSchema(property) }),
    ),
  );
}

function asObjectSchema(schema: JsonSchemaDefinition): JsonSchema {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  return schema;
}
