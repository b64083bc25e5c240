import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import { isThenable } from '../util/is-thenable.js';
import { describeError } from '../util/describe-error.js';
import { describeValue, listNames } from '../util/describe-value.js';
import type { SchemaIssue } from '../util/schema-issue.js';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { findJsonSchemaProblem } from './find-json-schema-problem.js';
import type { JsonSchema } from './json-schema-types.js';
import { createJsonSchemaValidator } from './validate-json-schema.js';

export type { JsonSchema, JsonSchemaDefinition, JsonSchemaTypeName } from './json-schema-types.js';

export type { SchemaIssue } from '../util/schema-issue.js';

/** The result of {@link Schema.validate}: the parsed value, or every issue found. */
export type SchemaValidationResult<T> =
  | { readonly success: true; readonly value: T }
  | { readonly success: false; readonly issues: readonly SchemaIssue[] };

/**
 * A schema in the one form the rest of the library uses, made by {@link asSchema} from a Standard Schema or a
 * JSON Schema.
 */
export interface Schema<T> {
  /**
   * The JSON Schema of the values this schema accepts (its input side, before transforms and defaults),
   * built on the first call and then cached.
   *
   * @throws {ToolDefinitionError} when the schema library cannot express the schema as JSON Schema (a zod
   * `z.date()`, a transform without an input type, ...).
   */
  jsonSchema(): JsonSchema;
  /**
   * Validates a value. Resolves with the parsed value (with the schema library's defaults and transforms
   * applied) or with every issue found; it rejects only when the schema itself throws.
   */
  validate(value: unknown): Promise<SchemaValidationResult<T>>;
}

/**
 * What {@link asSchema} (and so a tool's `input` and `output`) accepts: a Standard Schema whose output type is
 * `T` (zod 4, Valibot, ArkType, ...), a {@link Schema} made before, or a raw JSON Schema object.
 */
export type SchemaLike<T = unknown> = StandardSchemaV1<unknown, T> | Schema<T> | JsonSchema;

/** Where a schema is used, for error messages: `input` of tool `search`. */
export interface SchemaSite {
  /** The option holding the schema, e.g. `input`. */
  readonly option: string;
  /** The tool's name. */
  readonly tool: string;
}

const schemaMarker = Symbol.for('llmcompiler.schema');

// Asked first because most LLM providers accept it; a library that only speaks 2020-12 is asked for that.
const jsonSchemaTargets = ['draft-07', 'draft-2020-12'] as const;

/**
 * Turns a Standard Schema or a raw JSON Schema object into a {@link Schema}, which can validate values and
 * give its JSON Schema.
 *
 * - A **Standard Schema** validates with its own `~standard.validate`. Its JSON Schema comes from Standard JSON
 *   Schema (`~standard.jsonSchema.input`, which zod 4.2+ and others offer), or else from a zod 4 schema's
 *   own `toJSONSchema()` method; draft-07 is asked for first. A Standard Schema with neither (a `zod/mini`
 *   schema, for one) is refused, since the model could not be shown its parameters.
 * - A **raw JSON Schema** (a plain object without `~standard`) is its own JSON Schema, unchanged, and
 *   validates with `@cfworker/json-schema`, every keyword of the draft its `$schema` names (2020-12 when
 *   none: `pattern`, `format`, `allOf`, `$ref`, `minItems`, ...), each failure reported at its most
 *   specific path. Values are not transformed and defaults are not applied.
 * - A `Schema` made by `asSchema` is returned as is.
 *
 * @throws {ToolDefinitionError} when `schema` is none of these, or a JSON Schema that is malformed (a keyword
 * of the wrong kind, a `pattern` that does not compile, a `$ref` to nothing).
 *
 * @example
 * ```ts
 * const schema = asSchema(z.object({ query: z.string() }));
 * schema.jsonSchema(); // { $schema: '…', type: 'object', properties: { query: { type: 'string' } }, required: ['query'] }
 * await schema.validate({ query: 1 }); // { success: false, issues: [{ message: '…', path: ['query'] }] }
 * ```
 */
export function asSchema<T = unknown>(schema: SchemaLike<T>): Schema<T> {
  return toSchema(schema) as Schema<T>;
}

/** {@link asSchema} with the site named in error messages; what `tool()` uses. */
export function toSchema(schema: unknown, site?: SchemaSite): Schema<unknown> {
  const fail: SchemaFailure = (fields) =>
    new ToolDefinitionError({ option: site?.option ?? 'schema', tool: site?.tool, received: schema, ...fields });

  if (isSchema(schema)) return schema;
  if (isStandardSchema(schema)) return fromStandardSchema(schema, fail);
  if (isPlainObject(schema)) {
    const shape = Object.entries(schema).filter(([, value]) => isStandardSchema(value));
    if (shape.length > 0) {
      throw fail({
        expected: 'a schema',
        got: `an object of schemas (keys ${listNames(shape.map(([key]) => key))})`,
        reason: 'wrap it in `z.object({ ... })`',
      });
    }
    const problem = findJsonSchemaProblem(schema);
    if (problem !== undefined) throw fail({ expected: 'a valid JSON Schema', got: 'an invalid JSON Schema', reason: problem });
    const jsonSchema = schema as JsonSchema;
    const findIssues = createJsonSchemaValidator(jsonSchema);
    const check = (value: unknown): SchemaValidationResult<unknown> => {
      const issues = findIssues(value);
      return issues.length === 0 ? { success: true, value } : { success: false, issues };
    };
    return brand(
      {
        jsonSchema: () => jsonSchema,
        validate: async (value) => check(value),
      },
      check,
    );
  }
  throw fail({ expected: 'a Standard Schema (such as a zod schema) or a JSON Schema object' });
}

/** Whether `value` is a {@link Schema} made by {@link asSchema} (by any copy of this package). */
export function isSchema(value: unknown): value is Schema<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[schemaMarker] === true;
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || !('~standard' in value)) return false;
  const props: unknown = value['~standard'];
  return typeof props === 'object' && props !== null && 'validate' in props && typeof props.validate === 'function';
}

/** Makes the error of a schema that cannot be used: what it should be, and what came. */
type SchemaFailure = (fields: { expected: string; got?: string; reason?: string; cause?: unknown }) => ToolDefinitionError;

function fromStandardSchema(schema: StandardSchemaV1, fail: SchemaFailure): Schema<unknown> {
  const props = schema['~standard'];
  const convert = findConverter(schema);
  if (convert === undefined) {
    const hint =
      props.vendor === 'zod'
        ? ' (a `zod/mini` schema has no converter: define it with `zod`, or pass `z.toJSONSchema(schema)` as a JSON Schema)'
        : '';
    throw fail({
      expected: 'a schema that can describe itself as JSON Schema (Standard JSON Schema `~standard.jsonSchema`, or a zod 4 schema)',
      got: `a \`${props.vendor}\` schema without a converter${hint}`,
    });
  }
  let cached: JsonSchema | undefined;
  const check = (value: unknown): SchemaValidationResult<unknown> | Promise<SchemaValidationResult<unknown>> => {
    const result = props.validate(value);
    return isThenable(result) ? Promise.resolve(result).then(toResult) : toResult(result);
  };
  return brand(
    {
      jsonSchema: () => (cached ??= buildJsonSchema(convert, fail)),
      validate: async (value) => check(value),
    },
    check,
  );
}

function toResult(result: StandardSchemaV1.Result<unknown>): SchemaValidationResult<unknown> {
  if (result.issues === undefined) return { success: true, value: result.value };
  return { success: false, issues: result.issues.map(toIssue) };
}

type Converter = (target: (typeof jsonSchemaTargets)[number]) => unknown;

function findConverter(schema: StandardSchemaV1): Converter | undefined {
  // Standard JSON Schema is a separate interface a Standard Schema may also implement; nothing guarantees it.
  const props = schema['~standard'] as StandardSchemaV1.Props & Partial<StandardJSONSchemaV1.Props>;
  const converter = props.jsonSchema;
  if (typeof converter?.input === 'function') return (target) => converter.input({ target });
  // zod 4 classic schemas carry the converter as a method; core cannot import zod (an optional peer).
  const method = (schema as { toJSONSchema?: unknown }).toJSONSchema;
  if (props.vendor === 'zod' && typeof method === 'function') {
    return (target) => (method as (options: object) => unknown).call(schema, { target, io: 'input' });
  }
  return undefined;
}

function buildJsonSchema(convert: Converter, fail: SchemaFailure): JsonSchema {
  let firstError: unknown;
  for (const target of jsonSchemaTargets) {
    let result: unknown;
    try {
      result = convert(target);
    } catch (error) {
      firstError ??= error;
      continue;
    }
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw fail({ expected: 'a schema whose JSON Schema is an object', got: `a JSON Schema that is ${describeValue(result)}` });
    }
    return result as JsonSchema;
  }
  throw fail({ expected: 'expressible as JSON Schema', got: 'a schema whose conversion failed', reason: describeError(firstError), cause: firstError });
}

function toIssue(issue: StandardSchemaV1.Issue): SchemaIssue {
  const path = (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' ? segment.key : segment;
    return typeof key === 'symbol' ? String(key) : key;
  });
  return { message: issue.message, path };
}

/** A schema's validation as it comes: at once when the schema library validates synchronously. */
type Check = (value: unknown) => SchemaValidationResult<unknown> | PromiseLike<SchemaValidationResult<unknown>>;

/** The synchronous-when-possible validation of each schema this copy of the package made. */
const checks = new WeakMap<Schema<unknown>, Check>();

function brand(schema: Schema<unknown>, check: Check): Schema<unknown> {
  Object.defineProperty(schema, schemaMarker, { value: true });
  Object.freeze(schema);
  checks.set(schema, check);
  return schema;
}

/**
 * Validates a value as {@link Schema.validate} does, but without waiting when the schema validates
 * synchronously (zod, Valibot and raw JSON Schemas without async refinements): the result comes at once,
 * or as a promise when the schema library is asynchronous (or the schema was made by another copy of this
 * package). The scheduler uses it so that a zero-latency tool's task settles in the tick it starts.
 *
 * @example
 * ```ts
 * const result = validateNow(tool.inputSchema, { query: 'Mariana Trench' });
 * if (!isThenable(result) && result.success) call(result.value);
 * ```
 */
export function validateNow<T>(schema: Schema<T>, value: unknown): SchemaValidationResult<T> | PromiseLike<SchemaValidationResult<T>> {
  const check = checks.get(schema as Schema<unknown>);
  return (check === undefined ? schema.validate(value) : check(value)) as SchemaValidationResult<T> | PromiseLike<SchemaValidationResult<T>>;
}
