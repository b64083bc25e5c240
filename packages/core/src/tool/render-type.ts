import type { JsonSchema, JsonSchemaDefinition, JsonSchemaTypeName } from './json-schema-types.js';

/**
 * Renders a JSON Schema as a compact TypeScript-like type for the planner prompt: `string`, `integer`,
 * `"a" | "b"` for an enum, `string[]`, `[string, number]` for a tuple, `{ a: string; b?: number }`,
 * `Record<string, number>`, `A | B` for `anyOf`/`oneOf` and type arrays, `T | null` for nullable, `any` for a
 * schema without constraints. Descriptions are not rendered. A `$ref` renders as the name it points to
 * (`#/$defs/Node` gives `Node`), a reference to the root (`#`) as `any`.
 *
 * @example
 * ```ts
 * renderJsonSchemaType({ type: 'array', items: { type: ['string', 'null'] } }); // '(string | null)[]'
 * ```
 */
export function renderJsonSchemaType(schema: JsonSchemaDefinition): string {
  return alternativesOf(schema).join(' | ');
}

/** The members of the union a schema stands for, each rendered, without duplicates. */
function alternativesOf(schema: JsonSchemaDefinition): string[] {
  if (schema === true) return ['any'];
  if (schema === false) return ['never'];
  let parts: string[];
  const choices = schema.anyOf ?? schema.oneOf;
  if ('const' in schema) parts = [literal(schema.const)];
  else if (schema.enum !== undefined) parts = schema.enum.map(literal);
  else if (choices !== undefined) parts = choices.flatMap(alternativesOf);
  else if (schema.allOf !== undefined) parts = [schema.allOf.map((part) => grouped(alternativesOf(part))).join(' & ')];
  else if (typeof schema.$ref === 'string') parts = [refName(schema.$ref)];
  else if (schema.type !== undefined) {
    const types: readonly JsonSchemaTypeName[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    parts = types.map((type) => renderOfType(schema, type));
  } else if (schema.properties !== undefined) parts = [renderObject(schema)];
  else if (schema.items !== undefined || schema.prefixItems !== undefined) parts = [renderArray(schema)];
  else parts = ['any'];
  // OpenAPI 3.0 spells nullable as a flag.
  if (schema['nullable'] === true) parts.push('null');
  return [...new Set(parts)];
}

function renderOfType(schema: JsonSchema, type: JsonSchemaTypeName): string {
  switch (type) {
    case 'array':
      return renderArray(schema);
    case 'object':
      return renderObject(schema);
    default:
      return type;
  }
}

function renderArray(schema: JsonSchema): string {
  const { items, prefixItems } = schema;
  const tuple = prefixItems ?? (isSchemaList(items) ? items : undefined);
  if (tuple !== undefined) return `[${tuple.map(renderJsonSchemaType).join(', ')}]`;
  if (items === undefined || isSchemaList(items)) return 'any[]';
  return `${grouped(alternativesOf(items))}[]`;
}

function renderObject(schema: JsonSchema): string {
  const { properties, additionalProperties } = schema;
  if (properties === undefined) {
    return typeof additionalProperties === 'object' ? `Record<string, ${renderJsonSchemaType(additionalProperties)}>` : 'object';
  }
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(properties).map(
    ([name, property]) => `${propertyKey(name)}${required.has(name) ? '' : '?'}: ${renderJsonSchemaType(property)}`,
  );
  return fields.length === 0 ? '{}' : `{ ${fields.join('; ')} }`;
}

/** Joins a union's parts, in parentheses when there is more than one (inside `T[]` and `A & B`). */
function grouped(parts: readonly string[]): string {
  const joined = parts.join(' | ');
  return parts.length > 1 ? `(${joined})` : joined;
}

function literal(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function refName(ref: string): string {
  const name = ref.split('/').pop() ?? '';
  return ref === '#' || name === '' ? 'any' : name;
}

/** `Array.isArray` that narrows the readonly arrays of {@link JsonSchema}. */
function isSchemaList(
  value: JsonSchemaDefinition | readonly JsonSchemaDefinition[] | undefined,
): value is readonly JsonSchemaDefinition[] {
  return Array.isArray(value);
}
