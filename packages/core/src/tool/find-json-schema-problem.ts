import { dereference, type Schema as CfworkerSchema } from '@cfworker/json-schema';
import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';

const typeNames: readonly string[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

// A non-empty object with none of these at its top level is almost surely not a JSON Schema (a zod shape
// passed without `z.object`, or `{ query: 'string' }`), so it is refused rather than read as "anything".
const knownKeywords = new Set([
  '$schema', '$id', '$ref', '$defs', '$comment', 'definitions', 'title', 'description', 'default', 'examples',
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'patternProperties',
  'propertyNames', 'minProperties', 'maxProperties', 'items', 'prefixItems', 'additionalItems', 'contains',
  'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength', 'pattern', 'format', 'minimum',
  'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'anyOf', 'oneOf', 'allOf', 'not', 'if',
  'then', 'else', 'nullable', 'readOnly', 'writeOnly', 'deprecated', '$anchor', 'dependentRequired',
  'dependentSchemas', 'dependencies', 'unevaluatedProperties', 'unevaluatedItems', 'minContains', 'maxContains',
]);

const numberKeywords = [
  'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties',
  'maxProperties', 'minContains', 'maxContains',
] as const;
const arrayKeywords = ['enum', 'prefixItems', 'anyOf', 'oneOf', 'allOf'] as const;
const schemaListKeywords = ['prefixItems', 'anyOf', 'oneOf', 'allOf'] as const;
const schemaMapKeywords = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const schemaKeywords = [
  'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'items', 'additionalItems', 'unevaluatedItems',
  'contains', 'not', 'if', 'then', 'else',
] as const;

/**
 * Checks that `schema` is shaped like a JSON Schema and can be validated against: keyword values of the right
 * kinds all the way down, `pattern`s that compile as Unicode regular expressions, and every `$ref` pointing
 * to a schema in the same document (`#/$defs/Name`, `#`). Returns what is wrong, or `undefined`. It does not
 * judge whether the schema makes sense.
 *
 * @example
 * ```ts
 * findJsonSchemaProblem({ type: 'text' });
 * // 'expected `type` to be one of string, number, integer, boolean, object, array, null or an array of them, got `"text"` (string)'
 * ```
 */
export function findJsonSchemaProblem(schema: unknown): string | undefined {
  if (!isPlainObject(schema)) return `expected an object, got ${describeValue(schema)}`;
  const keys = Object.keys(schema);
  if (keys.length > 0 && !keys.some((key) => knownKeywords.has(key))) {
    return `expected JSON Schema keywords such as \`type\` and \`properties\`, got ${describeValue(schema)}`;
  }
  return findProblem(schema, '') ?? findUnresolvedReference(schema);
}

function findProblem(schema: unknown, at: string): string | undefined {
  const where = at === '' ? '' : ` at \`${at}\``;
  if (typeof schema === 'boolean') return undefined;
  if (!isPlainObject(schema)) return `expected a schema (an object or a boolean)${where}, got ${describeValue(schema)}`;
  const child = (key: string): string => (at === '' ? key : `${at}.${key}`);
  const { type, required, $ref, pattern, format } = schema;
  if (type !== undefined) {
    const types: unknown[] = Array.isArray(type) ? type : [type];
    const wrong = types.find((name) => typeof name !== 'string' || !typeNames.includes(name));
    if (wrong !== undefined || types.length === 0) {
      return `expected \`${child('type')}\` to be one of ${typeNames.join(', ')} or an array of them, got ${describeValue(wrong ?? type)}`;
    }
  }
  if (required !== undefined && (!Array.isArray(required) || required.some((name) => typeof name !== 'string'))) {
    return `expected \`${child('required')}\` to be an array of property names, got ${describeValue(required)}`;
  }
  for (const [key, value] of [['$ref', $ref], ['format', format]] as const) {
    if (value !== undefined && typeof value !== 'string') return `expected \`${child(key)}\` to be a string, got ${describeValue(value)}`;
  }
  if (pattern !== undefined) {
    const problem = findPatternProblem(pattern);
    if (problem !== undefined) return `expected \`${child('pattern')}\` to be a regular expression, got ${problem}`;
  }
  for (const key of arrayKeywords) {
    const value = schema[key];
    if (value !== undefined && !Array.isArray(value)) return `expected \`${child(key)}\` to be an array, got ${describeValue(value)}`;
  }
  for (const key of numberKeywords) {
    const value = schema[key];
    if (value !== undefined && typeof value !== 'number') return `expected \`${child(key)}\` to be a number, got ${describeValue(value)}`;
  }
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const value = schema[key];
    // A boolean is draft-04's spelling, kept for schemas that declare draft-04.
    if (value !== undefined && typeof value !== 'number' && typeof value !== 'boolean') {
      return `expected \`${child(key)}\` to be a number, got ${describeValue(value)}`;
    }
  }
  return findSubschemaProblem(schema, child);
}

function findSubschemaProblem(schema: Record<string, unknown>, child: (key: string) => string): string | undefined {
  const subschemas: [string, unknown][] = [];
  for (const key of schemaMapKeywords) {
    const map = schema[key];
    if (map === undefined) continue;
    if (!isPlainObject(map)) return `expected \`${child(key)}\` to be an object, got ${describeValue(map)}`;
    for (const [name, subschema] of Object.entries(map)) {
      if (key === 'patternProperties') {
        const problem = findPatternProblem(name);
        if (problem !== undefined) return `expected the keys of \`${child(key)}\` to be regular expressions, got ${problem}`;
      }
      subschemas.push([`${key}.${name}`, subschema]);
    }
  }
  for (const key of schemaKeywords) {
    const value = schema[key];
    // draft-07 tuples are an `items` array.
    if (key === 'items' && Array.isArray(value)) value.forEach((item: unknown, index) => subschemas.push([`items.${index}`, item]));
    else if (value !== undefined) subschemas.push([key, value]);
  }
  for (const key of schemaListKeywords) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((item: unknown, index) => subschemas.push([`${key}.${index}`, item]));
  }
  for (const [key, subschema] of subschemas) {
    const problem = findProblem(subschema, child(key));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** What keeps `pattern` from compiling as the validator compiles it (with the `u` flag), or `undefined`. */
function findPatternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return describeValue(pattern);
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    return `${describeValue(pattern)}, which does not compile: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Finds a `$ref` the validator could not follow: one to another document (nothing is fetched) or to a place
 * in this one that holds no schema. Resolved as the validator resolves it, on a copy (resolving annotates
 * the schema objects).
 */
function findUnresolvedReference(schema: Record<string, unknown>): string | undefined {
  let copy: CfworkerSchema;
  try {
    copy = JSON.parse(JSON.stringify(schema)) as CfworkerSchema;
  } catch (error) {
    return `expected JSON data, got a schema that cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  let lookup: Record<string, CfworkerSchema | boolean>;
  try {
    lookup = dereference(copy);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  for (const subschema of Object.values(lookup)) {
    if (typeof subschema === 'boolean' || typeof subschema.$ref !== 'string') continue;
    if (lookup[subschema.__absolute_ref__ ?? subschema.$ref] === undefined) {
      return `expected \`$ref\` to point to a schema in the same document (such as "#/$defs/Name"), got ${describeValue(subschema.$ref)}`;
    }
  }
  return undefined;
}
