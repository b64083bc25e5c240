import type { StandardSchemaV1 } from '@standard-schema/spec';

/** How a message describes a schema core cannot use, and the one line that fixes it. */
export interface SchemaFix {
  readonly got: string;
  readonly reason: string;
}

const effect3Fix = 'pass `asSchema(Schema.standardSchemaV1(schema), { jsonSchema: JSONSchema.make(schema) })` (Effect 3)';
const effect4Fix = 'wrap it as `Schema.toStandardJSONSchemaV1(Schema.toStandardSchemaV1(schema))` (Effect 4)';

/**
 * What to say of a Standard Schema that cannot describe itself as JSON Schema (no Standard JSON Schema, no
 * converter core knows), by its library: the library's own one-line wrapper where it has one, else
 * `asSchema(schema, { jsonSchema })`.
 *
 * @example
 * ```ts
 * fixForStandardSchema(v.object({ query: v.string() })).reason;
 * // 'wrap it in `toStandardJsonSchema()` from `@valibot/to-json-schema`'
 * ```
 */
export function fixForStandardSchema(schema: StandardSchemaV1): SchemaFix {
  const { vendor } = schema['~standard'];
  const got = `${/^[aeiou]/i.test(vendor) ? 'an' : 'a'} \`${vendor}\` schema that cannot describe itself as JSON Schema`;
  switch (vendor) {
    case 'valibot':
      return { got, reason: 'wrap it in `toStandardJsonSchema()` from `@valibot/to-json-schema`' };
    case 'arktype':
      return { got, reason: 'upgrade arktype to 2.2 or later (`npm install arktype@^2.2`), whose types describe themselves' };
    case 'effect':
      return { got, reason: isEffect4Schema(schema) ? effect4Fix : effect3Fix };
    default:
      return { got, reason: 'give its JSON Schema: `asSchema(schema, { jsonSchema })`' };
  }
}

/**
 * What to say of a value that is no schema core accepts but is a schema of a library core knows, or `undefined`:
 * an Effect Schema not made a Standard Schema, or a Standard JSON Schema that cannot validate.
 */
export function fixForOtherSchema(value: unknown): SchemaFix | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  if (isEffect4Schema(value)) return { got: 'an Effect Schema, which is not a Standard Schema until wrapped', reason: effect4Fix };
  if (isEffect3Schema(value)) return { got: 'an Effect Schema, which is not a Standard Schema until wrapped', reason: effect3Fix };
  const props = (value as { '~standard'?: { vendor?: unknown; jsonSchema?: unknown } })['~standard'];
  if (typeof props === 'object' && props !== null && typeof props.jsonSchema === 'object') {
    return {
      got: `a \`${String(props.vendor)}\` Standard JSON Schema without \`~standard.validate\`, which cannot validate`,
      reason: props.vendor === 'effect' ? effect4Fix : 'make it a Standard Schema too, which validates',
    };
  }
  return undefined;
}

function isEffect4Schema(value: object): boolean {
  return '~effect/Schema/Schema' in value;
}

function isEffect3Schema(value: object): boolean {
  return Symbol.for('effect/Schema') in value && 'ast' in value;
}
