import { dereference, validate, type Schema as CfworkerSchema, type SchemaDraft } from '@cfworker/json-schema';
import type { SchemaIssue } from '../util/schema-issue.js';
import { describeJsonSchemaErrors } from './describe-json-schema-errors.js';
import type { JsonSchemaDefinition } from './json-schema-types.js';

/**
 * Builds a validator for a raw JSON Schema, backed by `@cfworker/json-schema`: every keyword of the schema's
 * draft is enforced (`pattern`, `format`, `allOf`, `$ref`, `minItems`, `if`/`then`, ...), and each failure is
 * reported once, at its most specific place, as `expected ..., received ...` with its path.
 *
 * - The draft is the one `$schema` names (draft-04, draft-06 as draft-07, draft-07, 2019-09), else 2020-12.
 *   An `items` array (draft-07 tuples) is understood in every draft.
 * - `format` is asserted for the formats the validator knows (`date-time`, `date`, `time`, `email`, `uri`,
 *   `uuid`, `ipv4`, ...); an unknown format is an annotation and accepts anything.
 * - The value is checked as JSON would carry it: a property whose value is `undefined` is absent, and any
 *   other value JSON cannot hold (`undefined` in an array, `NaN`, `Infinity`, a function, a symbol, a bigint, a
 *   circular reference) counts as `null`, while messages name what it really is. The value is never
 *   changed and `default` is not applied.
 *
 * The schema is copied (as JSON) once, here, so that later changes to it do not reach the validator. It must
 * have passed `findJsonSchemaProblem`: an unresolvable `$ref` or a `pattern` that does not compile throws
 * when the validator meets it.
 *
 * @returns A function giving the issues of a value, in the schema's order; empty when the value is valid.
 *
 * @example
 * ```ts
 * const check = createJsonSchemaValidator({ type: 'object', properties: { rows: { type: 'array', minItems: 1 } } });
 * check({ rows: [] }); // [{ message: 'expected at least 1 items, received 0', path: ['rows'] }]
 * ```
 */
export function createJsonSchemaValidator(schema: JsonSchemaDefinition): (value: unknown) => SchemaIssue[] {
  const root = JSON.parse(JSON.stringify(schema)) as CfworkerSchema | boolean;
  const draft = jsonSchemaDraft(schema);
  // Resolving annotates the copy's schema objects with their absolute URIs, which `$ref`s are looked up by.
  const lookup = dereference(root);
  return (value) => {
    const instance = toJsonInstance(value, []);
    const result = validate(instance, root, draft, lookup, false);
    return result.valid ? [] : describeJsonSchemaErrors(result.errors, { root, lookup, draft, value, instance });
  };
}

/**
 * The draft a schema is written in, from its `$schema`: draft-07 (draft-06 read as draft-07), 2019-09 or
 * draft-04; 2020-12 when it names another or none.
 *
 * @example
 * ```ts
 * jsonSchemaDraft({ $schema: 'http://json-schema.org/draft-07/schema#' }); // '7'
 * jsonSchemaDraft({ type: 'string' }); // '2020-12'
 * ```
 */
export function jsonSchemaDraft(schema: JsonSchemaDefinition): SchemaDraft {
  const uri = typeof schema === 'object' ? schema.$schema : undefined;
  if (typeof uri !== 'string') return '2020-12';
  if (/draft-0[67]\b/.test(uri)) return '7';
  if (/draft\/2019-09\b/.test(uri)) return '2019-09';
  if (/draft-04\b/.test(uri)) return '4';
  return '2020-12';
}

/**
 * A copy of `value` with only JSON in it, which the validator requires (it throws on `undefined`): see
 * {@link createJsonSchemaValidator} for what becomes of the rest.
 */
function toJsonInstance(value: unknown, ancestors: readonly object[]): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || ancestors.includes(value)) return null;
  const inside = [...ancestors, value];
  // Array.from visits the holes of a sparse array too, which `map` would keep as holes.
  if (Array.isArray(value)) return Array.from(value, (item: unknown) => toJsonInstance(item, inside));
  // fromEntries defines `__proto__` as an own property instead of setting the prototype.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, toJsonInstance(item, inside)]),
  );
}
