import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import { describeError } from '../util/describe-error.js';
import { isThenable } from '../util/is-thenable.js';
import { describeValue, listNames } from '../util/describe-value.js';
import type { SchemaIssue } from '../util/schema-issue.js';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { findJsonSchemaProblem } from './find-json-schema-problem.js';
import type { JsonSchema } from './json-schema-types.js';
import { fixForOtherSchema, fixForStandardSchema } from './schema-fixes.js';
import { createJsonSchemaValidator } from './validate-json-schema.js';
import {
  isZod3Schema,
  isZod4Schema,
  zod3Converter,
  zod4Converter,
  type Converter,
  type ConverterUnavailable,
  type JsonSchemaTarget,
  type Zod3Schema,
} from './zod-json-schema.js';

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
 * A zod 3 schema made before zod 3.24, which is not a Standard Schema; `T` is its output type. (Later zod 3
 * schemas are Standard Schemas.)
 */
export interface LegacyZodSchema<T = unknown> {
  readonly _def: { readonly typeName: string };
  readonly _output: T;
  safeParseAsync(value: unknown): Promise<unknown>;
}

/**
 * What {@link asSchema} (and so a tool's `input` and `output`) accepts: a Standard Schema whose output type is
 * `T` (zod 4 or 3, Valibot, ArkType, Effect Schema, ...), a zod 3 schema older than Standard Schema, a
 * {@link Schema} made before, or a raw JSON Schema object.
 */
export type SchemaLike<T = unknown> = StandardSchemaV1<unknown, T> | Schema<T> | LegacyZodSchema<T> | JsonSchema;

/** Options of {@link asSchema}. */
export interface AsSchemaOptions {
  /**
   * The JSON Schema to show the model, for a Standard Schema that cannot describe itself (an Effect 3
   * schema, a library without Standard JSON Schema): a JSON Schema object, typed as loosely as the
   * libraries that make one type it. It is checked like a raw JSON Schema, used as it is, and must describe
   * what the schema accepts; values are still validated by the schema.
   *
   * @default undefined (the schema describes itself)
   * @example
   * ```ts
   * asSchema(Schema.standardSchemaV1(Search), { jsonSchema: JSONSchema.make(Search) })
   * ```
   */
  readonly jsonSchema?: JsonSchema | object | undefined;
}

/** Where a schema is used, for error messages: `input` of tool `search`. */
export interface SchemaSite {
  /** The option holding the schema, e.g. `input`. */
  readonly option: string;
  /** The tool's name. */
  readonly tool: string;
}

const schemaMarker = Symbol.for('llmcompiler.schema');

// Asked first because most LLM providers accept it; a library that only speaks 2020-12 is asked for that.
const jsonSchemaTargets: readonly JsonSchemaTarget[] = ['draft-07', 'draft-2020-12'];

/**
 * Turns a Standard Schema or a raw JSON Schema object into a {@link Schema}, which can validate values and
 * give its JSON Schema.
 *
 * - A **Standard Schema** validates with its own `~standard.validate`. Its JSON Schema comes from Standard JSON
 *   Schema (`~standard.jsonSchema.input`: zod 4.2+, ArkType 2.2+, Valibot wrapped in `toStandardJsonSchema`,
 *   Effect wrapped in `Schema.toStandardJSONSchemaV1`), draft-07 asked for first; else from what zod gives: a
 *   zod 4 schema's `toJSONSchema()` method, `toJSONSchema` of the application's `zod/v4/core` (zod 4.0, 4.1
 *   and `zod/mini`), or for a zod 3 schema `zod-to-json-schema`, both loaded on first use (with Node's
 *   `require`). Any other Standard Schema needs `options.jsonSchema`; without it, it is refused with the
 *   one-line fix for its library, since the model could not be shown its parameters.
 * - A **zod 3 schema older than 3.24** (no Standard Schema) validates with `safeParseAsync`, and is shown like
 *   any zod 3 schema.
 * - A **raw JSON Schema** (a plain object without `~standard`) is its own JSON Schema, unchanged, and
 *   validates with `@cfworker/json-schema`, every keyword of the draft its `$schema` names (2020-12 when
 *   none: `pattern`, `format`, `allOf`, `$ref`, `minItems`, ...), each failure reported at its most
 *   specific path. Values are not transformed and defaults are not applied.
 * - A `Schema` made by `asSchema` is returned as is.
 *
 * The JSON Schema of a Standard Schema is built on the first `jsonSchema()` call (a tool's, at the latest when
 * `createCompiler` is given the tool), so defining schemas costs nothing until they are used.
 *
 * @throws {ToolDefinitionError} when `schema` is none of these, a Standard Schema that cannot describe itself,
 * or a JSON Schema that is malformed (a keyword of the wrong kind, a `pattern` that does not compile, a
 * `$ref` to nothing).
 *
 * @example
 * ```ts
 * const schema = asSchema(z.object({ query: z.string() }));
 * schema.jsonSchema(); // { $schema: '…', type: 'object', properties: { query: { type: 'string' } }, required: ['query'] }
 * await schema.validate({ query: 1 }); // { success: false, issues: [{ message: '…', path: ['query'] }] }
 *
 * // A Standard Schema that cannot describe itself, with its JSON Schema given:
 * asSchema(Schema.standardSchemaV1(Search), { jsonSchema: JSONSchema.make(Search) });
 * ```
 */
export function asSchema<T = unknown>(schema: SchemaLike<T>, options: AsSchemaOptions = {}): Schema<T> {
  return toSchema(schema, undefined, options.jsonSchema) as Schema<T>;
}

/** {@link asSchema} with the site named in error messages; what `tool()` uses. */
export function toSchema(schema: unknown, site?: SchemaSite, jsonSchema?: unknown): Schema<unknown> {
  const fail: SchemaFailure = (fields) =>
    new ToolDefinitionError({ option: site?.option ?? 'schema', tool: site?.tool, received: schema, ...fields });

  if (isSchema(schema) && jsonSchema === undefined) return schema;
  const check: Check | undefined = isSchema(schema)
    ? (value) => validateNow(schema, value)
    : isStandardSchema(schema)
      ? standardCheck(schema)
      : isZod3Schema(schema)
        ? zod3Check(schema)
        : undefined;
  if (check !== undefined) {
    if (jsonSchema !== undefined) {
      const checked = checkJsonSchema(jsonSchema as JsonSchema, fail);
      return brand({ jsonSchema: () => checked, validate: async (value) => check(value) }, check);
    }
    return fromValidatingSchema(schema as object, check, fail);
  }
  if (jsonSchema !== undefined) {
    throw fail({ expected: 'a Standard Schema when `jsonSchema` is given (the JSON Schema validates on its own)' });
  }
  if (isPlainObject(schema) && !('~standard' in schema)) {
    const shape = Object.entries(schema).filter(([, value]) => isStandardSchema(value) || isZod3Schema(value));
    if (shape.length > 0) {
      throw fail({
        expected: 'a schema',
        got: `an object of schemas (keys ${listNames(shape.map(([key]) => key))})`,
        reason: 'wrap it in `z.object({ ... })`',
      });
    }
    const checked = checkJsonSchema(schema as JsonSchema, fail);
    const findIssues = createJsonSchemaValidator(checked);
    const check = (value: unknown): SchemaValidationResult<unknown> => {
      const issues = findIssues(value);
      return issues.length === 0 ? { success: true, value } : { success: false, issues };
    };
    return brand({ jsonSchema: () => checked, validate: async (value) => check(value) }, check);
  }
  const fix = fixForOtherSchema(schema);
  throw fail({ expected: 'a Standard Schema (such as a zod schema) or a JSON Schema object', ...fix });
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

/** A Standard Schema's validation: at once when the library validates synchronously. */
function standardCheck(schema: StandardSchemaV1): Check {
  const props = schema['~standard'];
  return (value) => {
    const result = props.validate(value);
    return isThenable(result) ? Promise.resolve(result).then(toResult) : toResult(result);
  };
}

function toResult(result: StandardSchemaV1.Result<unknown>): SchemaValidationResult<unknown> {
  if (result.issues === undefined) return { success: true, value: result.value };
  return { success: false, issues: result.issues.map(toIssue) };
}

function zod3Check(schema: Zod3Schema): Check {
  return async (value) => {
    const result = await schema.safeParseAsync(value);
    if (result.success) return { success: true, value: result.data };
    return { success: false, issues: result.error.issues.map((issue) => ({ message: issue.message, path: issue.path })) };
  };
}

const expectedDescription = 'a schema that can describe itself as JSON Schema (Standard JSON Schema `~standard.jsonSchema`, or a zod schema)';

/** A schema that validates itself; its JSON Schema comes from its library, built on first use. */
function fromValidatingSchema(schema: object, check: Check, fail: SchemaFailure): Schema<unknown> {
  const findConverter = converterOf(schema);
  if (findConverter === undefined) {
    throw fail({ expected: expectedDescription, ...fixForStandardSchema(schema as StandardSchemaV1) });
  }
  let cached: JsonSchema | undefined;
  return brand(
    {
      jsonSchema: () => {
        if (cached !== undefined) return cached;
        const convert = findConverter();
        if (typeof convert !== 'function') throw fail({ expected: expectedDescription, ...convert });
        return (cached = buildJsonSchema(convert, fail));
      },
      validate: async (value) => check(value),
    },
    check,
  );
}

/** Where the JSON Schema of `schema` comes from, found lazily (a zod converter is loaded), or none. */
function converterOf(schema: object): (() => Converter | ConverterUnavailable) | undefined {
  // Standard JSON Schema is a separate interface a Standard Schema may also implement; nothing guarantees it.
  const props = (schema as Partial<StandardSchemaV1>)['~standard'] as (StandardSchemaV1.Props & Partial<StandardJSONSchemaV1.Props>) | undefined;
  const converter = props?.jsonSchema;
  if (typeof converter?.input === 'function') {
    const convert: Converter = (target) => converter.input({ target });
    return () => convert;
  }
  if (isZod4Schema(schema)) {
    // zod 4.2+ classic schemas carry the converter as a method; core cannot import zod (an optional peer).
    const method = (schema as { toJSONSchema?: unknown }).toJSONSchema;
    if (typeof method === 'function') {
      const convert: Converter = (target) => (method as (options: object) => unknown).call(schema, { target, io: 'input' });
      return () => convert;
    }
    return () => zod4Converter(schema);
  }
  if (isZod3Schema(schema)) return () => zod3Converter(schema);
  return undefined;
}

/** A JSON Schema given by the user, checked: a malformed one is refused where it is given. */
function checkJsonSchema(schema: JsonSchema, fail: SchemaFailure): JsonSchema {
  const problem = findJsonSchemaProblem(schema);
  if (problem !== undefined) throw fail({ expected: 'a valid JSON Schema', got: 'an invalid JSON Schema', reason: problem });
  return schema;
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
  // `Array.from`, not `map`: a library's path may be an array subclass (ArkType's), which `map` would keep.
  const path = Array.from(issue.path ?? [], (segment) => {
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
