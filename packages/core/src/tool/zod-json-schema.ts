import { describeError } from '../util/describe-error.js';
import { requireModule } from './require-module.js';

/** A JSON Schema draft {@link Schema.jsonSchema} may ask a converter for. */
export type JsonSchemaTarget = 'draft-07' | 'draft-2020-12';

/** Builds the JSON Schema of a schema's input side in the draft asked for; throws when it cannot. */
export type Converter = (target: JsonSchemaTarget) => unknown;

/** Why a zod converter could not be loaded, and what to do, for the message of a `ToolDefinitionError`. */
export interface ConverterUnavailable {
  readonly got: string;
  readonly reason: string;
  readonly cause: unknown;
}

/** A zod 4 schema (`zod`, `zod/mini`, or `zod/v4` of zod 3.25): its internals live under `_zod`. */
export interface Zod4Schema {
  readonly _zod: { readonly def: object; readonly version?: { readonly major: number; readonly minor: number; readonly patch: number } };
}

/** A zod 3 schema (zod 3.x, or `zod/v3` of zod 4), which older versions made without Standard Schema. */
export interface Zod3Schema {
  readonly _def: { readonly typeName: string };
  safeParseAsync(value: unknown): Promise<
    { success: true; data: unknown } | { success: false; error: { issues: { message: string; path: (string | number)[] }[] } }
  >;
}

/** Whether `value` is a zod 4 schema. */
export function isZod4Schema(value: unknown): value is Zod4Schema {
  if (typeof value !== 'object' || value === null || !('_zod' in value)) return false;
  const internals: unknown = value._zod;
  return typeof internals === 'object' && internals !== null && 'def' in internals;
}

/** Whether `value` is a zod 3 schema: a `_def` with a `typeName` and no zod 4 internals. */
export function isZod3Schema(value: unknown): value is Zod3Schema {
  if (typeof value !== 'object' || value === null || '_zod' in value || !('_def' in value)) return false;
  const def: unknown = value._def;
  return (
    typeof def === 'object' &&
    def !== null &&
    'typeName' in def &&
    typeof def.typeName === 'string' &&
    typeof (value as { safeParseAsync?: unknown }).safeParseAsync === 'function'
  );
}

/** `4.1.13`, the version of zod that made a zod 4 schema, or `4` when it does not say. */
export function zod4Version(schema: Zod4Schema): string {
  const version = schema._zod.version;
  return version === undefined ? '4' : `${version.major}.${version.minor}.${version.patch}`;
}

/**
 * The converter of a zod 4 schema that has no `toJSONSchema()` method nor Standard JSON Schema (zod 4.0 and
 * 4.1 classic schemas, every `zod/mini` schema, `zod/v4` of zod 3.25): `toJSONSchema` of the application's
 * `zod/v4/core`, loaded on first use. A copy of zod loaded this way may keep its own registry of `.describe()`
 * and `.meta()` (zod 4.0 does), so metadata is read through each schema's own `meta()`.
 *
 * @returns The converter, or why it is unavailable.
 */
export function zod4Converter(schema: Zod4Schema): Converter | ConverterUnavailable {
  const loaded = requireModule('zod/v4/core');
  const toJSONSchema = 'module' in loaded ? loaded.module['toJSONSchema'] : undefined;
  if (typeof toJSONSchema !== 'function') {
    const cause = 'error' in loaded ? loaded.error : new Error('`zod/v4/core` has no `toJSONSchema`');
    return {
      got: `a zod ${zod4Version(schema)} schema, which cannot describe itself as JSON Schema, and zod's \`toJSONSchema\` could not be loaded (${describeError(cause)})`,
      reason: 'upgrade zod to 4.2 or later (`npm install zod@^4.2`), whose schemas describe themselves',
      cause,
    };
  }
  const registry = 'module' in loaded ? (loaded.module['globalRegistry'] as { get?: (schema: object) => unknown } | undefined) : undefined;
  const metadata = {
    get: (inner: object): unknown => {
      const meta = (inner as { meta?: unknown }).meta;
      return typeof meta === 'function' ? (meta as () => unknown).call(inner) : registry?.get?.(inner);
    },
  };
  return (target) =>
    (toJSONSchema as (schema: object, options: object) => unknown)(schema, {
      target: target === 'draft-07' ? 'draft-7' : target,
      io: 'input',
      metadata,
    });
}

/**
 * The converter of a zod 3 schema: `zodToJsonSchema` of `zod-to-json-schema` (a dependency of core, loaded on
 * first use; it is right for zod 3 and wrong for zod 4, so it never sees a zod 4 schema). Always draft-07;
 * the input side (before transforms and pipes); a schema used in two places is written out in both, and a
 * recursive one (`z.lazy`) refers back with `$ref`, as zod 4 does.
 *
 * @returns The converter, or why it is unavailable.
 */
export function zod3Converter(schema: Zod3Schema): Converter | ConverterUnavailable {
  const loaded = requireModule('zod-to-json-schema');
  const zodToJsonSchema = 'module' in loaded ? loaded.module['zodToJsonSchema'] : undefined;
  if (typeof zodToJsonSchema !== 'function') {
    const cause = 'error' in loaded ? loaded.error : new Error('`zod-to-json-schema` has no `zodToJsonSchema`');
    const message = describeError(cause);
    return {
      got: `a zod 3 schema, whose JSON Schema comes from \`zod-to-json-schema\`, which could not be loaded (${message})`,
      // zod-to-json-schema 3.25 imports `zod/v3`, which zod 3.25 and 4 have and zod 3.24 and before do not.
      reason: message.includes('zod/v3')
        ? 'zod 3 schemas need zod 3.25 or later installed (`npm install zod@^3.25`)'
        : 'give its JSON Schema: `asSchema(schema, { jsonSchema })`, or move to zod 4.2 or later',
      cause,
    };
  }
  const ignoreOverride = 'module' in loaded ? loaded.module['ignoreOverride'] : undefined;
  interface Seen {
    readonly path: readonly string[];
  }
  const override = (_def: unknown, refs: { readonly currentPath: readonly string[] }, seen: Seen | undefined): unknown => {
    const recursive =
      seen !== undefined && seen.path.length < refs.currentPath.length && seen.path.every((key, index) => refs.currentPath[index] === key);
    return recursive ? { $ref: seen.path.join('/') } : ignoreOverride;
  };
  return () =>
    (zodToJsonSchema as (schema: object, options: object) => unknown)(schema, {
      target: 'jsonSchema7',
      $refStrategy: 'none',
      pipeStrategy: 'input',
      effectStrategy: 'input',
      override,
    });
}
