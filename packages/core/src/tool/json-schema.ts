import { describeValue, listNames } from '../util/describe-value.js';
import { renderJsonSchemaType } from './render-type.js';
import type { SchemaIssue } from '../util/schema-issue.js';

/** The names JSON Schema's `type` keyword accepts. */
export type JsonSchemaTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** A JSON Schema where a subschema may stand: a schema object, or `true` (anything) / `false` (nothing). */
export type JsonSchemaDefinition = JsonSchema | boolean;

/**
 * A JSON Schema object (draft-07 or 2020-12), as shown to the model and as accepted for a tool's `input` or
 * `output`. The keywords this library reads are typed; any other keyword may be present and is passed on
 * unchanged.
 *
 * @example
 * ```ts
 * const input: JsonSchema = {
 *   type: 'object',
 *   properties: { query: { type: 'string', description: 'the text to search for' } },
 *   required: ['query'],
 * };
 * ```
 */
export interface JsonSchema {
  readonly type?: JsonSchemaTypeName | readonly JsonSchemaTypeName[];
  readonly properties?: { readonly [name: string]: JsonSchemaDefinition };
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchemaDefinition;
  readonly items?: JsonSchemaDefinition | readonly JsonSchemaDefinition[];
  readonly prefixItems?: readonly JsonSchemaDefinition[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchemaDefinition[];
  readonly oneOf?: readonly JsonSchemaDefinition[];
  readonly allOf?: readonly JsonSchemaDefinition[];
  readonly $ref?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly [keyword: string]: unknown;
}

const typeNames: readonly string[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

// A non-empty object with none of these at its top level is almost surely not a JSON Schema (a zod shape
// passed without `z.object`, or `{ query: 'string' }`), so it is refused rather than read as "anything".
const knownKeywords = new Set([
  '$schema', '$id', '$ref', '$defs', '$comment', 'definitions', 'title', 'description', 'default', 'examples',
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'patternProperties',
  'propertyNames', 'minProperties', 'maxProperties', 'items', 'prefixItems', 'additionalItems', 'contains',
  'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength', 'pattern', 'format', 'minimum',
  'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'anyOf', 'oneOf', 'allOf', 'not', 'if',
  'then', 'else', 'nullable', 'readOnly', 'writeOnly', 'deprecated',
]);

/** Whether `value` is an object literal (or `Object.create(null)`), not an array, class instance or function. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks that `schema` is shaped like a JSON Schema (keyword values of the right kinds, all the way down)
 * and returns what is wrong, or `undefined`. It does not judge whether the schema makes sense.
 */
export function findJsonSchemaProblem(schema: unknown): string | undefined {
  if (!isPlainObject(schema)) return `expected an object, got ${describeValue(schema)}`;
  const keys = Object.keys(schema);
  if (keys.length > 0 && !keys.some((key) => knownKeywords.has(key))) {
    return `expected JSON Schema keywords such as \`type\` and \`properties\`, got ${describeValue(schema)}`;
  }
  return findProblem(schema, '');
}

function findProblem(schema: unknown, at: string): string | undefined {
  const where = at === '' ? '' : ` at \`${at}\``;
  if (typeof schema === 'boolean') return undefined;
  if (!isPlainObject(schema)) return `expected a schema (an object or a boolean)${where}, got ${describeValue(schema)}`;
  const child = (key: string): string => (at === '' ? key : `${at}.${key}`);
  const { type, properties, required, items, prefixItems, additionalProperties } = schema;
  if (type !== undefined) {
    const types: unknown[] = Array.isArray(type) ? type : [type];
    const wrong = types.find((name) => typeof name !== 'string' || !typeNames.includes(name));
    if (wrong !== undefined || types.length === 0) {
      return `expected \`${child('type')}\` to be one of ${typeNames.join(', ')} or an array of them, got ${describeValue(wrong ?? type)}`;
    }
  }
  if (properties !== undefined) {
    if (!isPlainObject(properties)) return `expected \`${child('properties')}\` to be an object, got ${describeValue(properties)}`;
    for (const [name, property] of Object.entries(properties)) {
      const problem = findProblem(property, `${child('properties')}.${name}`);
      if (problem !== undefined) return problem;
    }
  }
  if (required !== undefined && (!Array.isArray(required) || required.some((name) => typeof name !== 'string'))) {
    return `expected \`${child('required')}\` to be an array of property names, got ${describeValue(required)}`;
  }
  for (const key of ['enum', 'prefixItems', 'anyOf', 'oneOf', 'allOf'] as const) {
    const value = schema[key];
    if (value !== undefined && !Array.isArray(value)) {
      return `expected \`${child(key)}\` to be an array, got ${describeValue(value)}`;
    }
  }
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength'] as const) {
    const value = schema[key];
    if (value !== undefined && typeof value !== 'number') {
      return `expected \`${child(key)}\` to be a number, got ${describeValue(value)}`;
    }
  }
  const subschemas: [string, unknown][] = [['additionalProperties', additionalProperties]];
  if (Array.isArray(items)) items.forEach((item: unknown, index) => subschemas.push([`items.${index}`, item]));
  else subschemas.push(['items', items]);
  if (Array.isArray(prefixItems)) prefixItems.forEach((item: unknown, index) => subschemas.push([`prefixItems.${index}`, item]));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((item: unknown, index) => subschemas.push([`${key}.${index}`, item]));
  }
  for (const [key, subschema] of subschemas) {
    if (subschema === undefined) continue;
    const problem = findProblem(subschema, child(key));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Validates `value` against a raw JSON Schema, with the common subset of keywords a tool schema uses. Checked:
 * `type` (including `integer` and arrays of types such as `["string", "null"]`), `properties`, `required`,
 * `additionalProperties` (`false` or a schema), `items` (one schema for every element, or an array for a
 * tuple) and `prefixItems`, `enum`, `const`, `anyOf` and `oneOf` (both as "at least one matches"),
 * `minimum`, `maximum`, `minLength` and `maxLength` (counted in code points). Every other keyword (`pattern`,
 * `format`, `allOf`, `$ref`, `multipleOf`, ...) is not checked, but still shown to the model as written.
 * A property whose value is `undefined` counts as absent. The value is never changed: `default` is not
 * applied.
 *
 * @returns The issues found, in a fixed order; empty when `value` is valid.
 */
export function validateJsonSchema(schema: JsonSchemaDefinition, value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  visit(schema, value, [], issues);
  return issues;
}

function visit(schema: JsonSchemaDefinition, value: unknown, path: (string | number)[], issues: SchemaIssue[]): void {
  const fail = (message: string, at: (string | number)[] = path): void => {
    issues.push({ message, path: at });
  };
  if (schema === true) return;
  if (schema === false) return fail(`expected no value, received ${typeOf(value)}`);

  if (schema.type !== undefined) {
    const types: readonly JsonSchemaTypeName[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((type) => hasType(value, type))) return fail(`expected ${types.join(' | ')}, received ${typeOf(value)}`);
  }
  if ('const' in schema && !jsonEqual(value, schema.const)) {
    fail(`expected ${preview(schema.const)}, received ${preview(value)}`);
  }
  if (schema.enum !== undefined && !schema.enum.some((option) => jsonEqual(value, option))) {
    fail(`expected one of ${schema.enum.map(preview).join(', ')}, received ${preview(value)}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`expected a number >= ${schema.minimum}, received ${value}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`expected a number <= ${schema.maximum}, received ${value}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      fail(`expected at least ${schema.minLength} characters, received ${length}`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      fail(`expected at most ${schema.maxLength} characters, received ${length}`);
    }
  }
  if (Array.isArray(value)) visitItems(schema, value, path, issues);
  if (isObject(value)) visitProperties(schema, value, path, issues, fail);

  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined && alternatives.length > 0) {
    const matches = alternatives.some((alternative) => validateJsonSchema(alternative, value).length === 0);
    if (!matches) fail(`expected ${renderJsonSchemaType({ anyOf: alternatives })}, received ${typeOf(value)}`);
  }
}

function visitItems(schema: JsonSchema, value: readonly unknown[], path: (string | number)[], issues: SchemaIssue[]): void {
  // draft 2020-12 tuples use `prefixItems` (then `items` covers the rest); draft-07 tuples use an `items` array.
  const { items, prefixItems } = schema;
  const tuple = prefixItems ?? (isSchemaList(items) ? items : undefined);
  const rest = isSchemaList(items) ? undefined : items;
  value.forEach((item, index) => {
    const itemSchema = tuple !== undefined && index < tuple.length ? tuple[index] : rest;
    if (itemSchema !== undefined) visit(itemSchema, item, [...path, index], issues);
  });
}

/** `Array.isArray` that narrows the readonly arrays of {@link JsonSchema}. */
function isSchemaList(
  value: JsonSchemaDefinition | readonly JsonSchemaDefinition[] | undefined,
): value is readonly JsonSchemaDefinition[] {
  return Array.isArray(value);
}

function visitProperties(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: (string | number)[],
  issues: SchemaIssue[],
  fail: (message: string, at?: (string | number)[]) => void,
): void {
  const properties = schema.properties ?? {};
  const present = (key: string): boolean => Object.hasOwn(value, key) && value[key] !== undefined;
  for (const key of schema.required ?? []) {
    if (!present(key)) fail('required property is missing', [...path, key]);
  }
  for (const [key, property] of Object.entries(properties)) {
    if (present(key)) visit(property, value[key], [...path, key], issues);
  }
  const additional = schema.additionalProperties;
  if (additional === undefined || additional === true) return;
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(properties, key) || value[key] === undefined) continue;
    if (additional === false) fail(`unknown property; expected one of: ${listNames(Object.keys(properties))}`, [...path, key]);
    else visit(additional, value[key], [...path, key], issues);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: JsonSchemaTypeName): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
  }
}

/** The JSON type of `value`, in the words of the `type` keyword (`undefined` for an absent value). */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/** A short JSON rendering of a value for a message. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Equality of JSON values: primitives by value, arrays and objects by content (key order ignored). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}
