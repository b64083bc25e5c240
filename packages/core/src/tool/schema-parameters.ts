import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { JsonSchema, JsonSchemaDefinition } from './json-schema-types.js';

/** One parameter of a tool: a property of its input schema. */
export interface ToolParameter {
  /** The property name, which is also the keyword of the argument in a plan. */
  readonly name: string;
  /** Whether the input schema lists it in `required`. */
  readonly required: boolean;
  /** The property's JSON Schema (`true` becomes `{}`, `false` becomes `{ not: {} }`). */
  readonly schema: JsonSchema;
}

/**
 * The parameters of tool `tool` whose input has the JSON Schema `schema`: its properties in declaration order.
 *
 * @throws {ToolDefinitionError} when `schema` is not an object schema with `properties`, so the tool could
 * not take arguments by name.
 *
 * @example
 * ```ts
 * schemaParameters({ type: 'object', properties: { query: { type: 'string' } }, required: ['query'] }, 'search');
 * // [{ name: 'query', required: true, schema: { type: 'string' } }]
 * schemaParameters({ type: 'string' }, 'search');
 * // throws: Expected `input` of tool `search` to be an object schema with `properties` (such as `z.object({ ... })`), got a schema of type `"string"` (string)
 * ```
 */
export function schemaParameters(schema: JsonSchema, tool: string): readonly ToolParameter[] {
  const { type, properties } = schema;
  const isObjectType = type === undefined || type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (!isObjectType || !isPlainObject(properties)) {
    const got = isObjectType ? 'an object schema without `properties`' : `a schema of type ${describeValue(type)}`;
    throw new ToolDefinitionError({
      option: 'input',
      tool,
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
