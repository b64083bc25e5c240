import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { asSchema, isSchema, toSchema, type JsonSchema } from './schema.js';

/** A Standard Schema that is not zod: accepts strings of digits and parses them to numbers. */
function digits(options: { jsonSchema?: StandardJSONSchemaV1.Converter } = {}): StandardSchemaV1<string, number> {
  return {
    '~standard': {
      version: 1,
      vendor: 'digits',
      validate: (value) =>
        typeof value === 'string' && /^\d+$/.test(value)
          ? { value: Number(value) }
          : { issues: [{ message: 'expected digits', path: [{ key: 'nested' }, 0, Symbol.for('s')] }] },
      ...options,
    } as StandardSchemaV1.Props<string, number>,
  };
}

describe('asSchema with zod 4', () => {
  const schema = asSchema(z.object({ query: z.string(), limit: z.number().int().default(5) }));

  it('builds the JSON Schema of the input side from Standard JSON Schema, as draft-07', () => {
    expect(schema.jsonSchema()).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        query: { type: 'string' },
        limit: { type: 'integer', default: 5, minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
      },
      required: ['query'],
    });
  });

  it('builds the JSON Schema once and returns the same object after', () => {
    expect(schema.jsonSchema()).toBe(schema.jsonSchema());
  });

  it('validates with zod, applying defaults', async () => {
    await expect(schema.validate({ query: 'a' })).resolves.toEqual({ success: true, value: { query: 'a', limit: 5 } });
  });

  it('reports every issue with its path', async () => {
    const result = await schema.validate({ query: 1, limit: 1.5 });
    expect(result.success).toBe(false);
    expect(!result.success && result.issues.map((issue) => issue.path)).toEqual([['query'], ['limit']]);
    expect(!result.success && result.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });

  it('refuses a zod schema that has no JSON Schema when the JSON Schema is asked for, naming the site', () => {
    const dates = toSchema(z.object({ when: z.date() }), { option: 'input', tool: 'calendar' });
    expect(() => dates.jsonSchema()).toThrow(
      'Expected `input` of tool `calendar` to be expressible as JSON Schema, got a schema whose conversion failed: Date cannot be represented in JSON Schema',
    );
    expect(() => dates.jsonSchema()).toThrow(expect.objectContaining({ cause: expect.any(Error) }));
  });

  it('describes a zod/mini schema, which has no converter of its own, with zod\'s toJSONSchema', () => {
    expect(toSchema(zm.object({ query: zm.string() }), { option: 'input', tool: 'search' }).jsonSchema()).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { query: { type: 'string' } },
      required: ['query'],
    });
  });

  it('falls back to the toJSONSchema method of a zod schema without Standard JSON Schema', () => {
    const calls: unknown[] = [];
    const zodLike = {
      '~standard': { version: 1, vendor: 'zod', validate: (value: unknown) => ({ value }) },
      _zod: { def: { type: 'string' } },
      toJSONSchema(options: unknown) {
        calls.push(options);
        return { type: 'string' };
      },
    };
    expect(asSchema(zodLike).jsonSchema()).toEqual({ type: 'string' });
    expect(calls).toEqual([{ target: 'draft-07', io: 'input' }]);
  });
});

describe('asSchema with another Standard Schema', () => {
  it('validates with the schema and normalises issue paths', async () => {
    const schema = asSchema(digits({ jsonSchema: { input: () => ({ type: 'string' }), output: () => ({ type: 'number' }) } }));
    await expect(schema.validate('42')).resolves.toEqual({ success: true, value: 42 });
    await expect(schema.validate('x')).resolves.toEqual({
      success: false,
      issues: [{ message: 'expected digits', path: ['nested', 0, 'Symbol(s)'] }],
    });
  });

  it('takes the JSON Schema of the input side from ~standard.jsonSchema, asking for draft-07', () => {
    const targets: string[] = [];
    const schema = asSchema(
      digits({
        jsonSchema: {
          input: ({ target }) => (targets.push(target), { type: 'string', pattern: '^\\d+$' }),
          output: () => ({ type: 'number' }),
        },
      }),
    );
    expect(schema.jsonSchema()).toEqual({ type: 'string', pattern: '^\\d+$' });
    expect(targets).toEqual(['draft-07']);
  });

  it('asks for draft-2020-12 when the library refuses draft-07', () => {
    const schema = asSchema(
      digits({
        jsonSchema: {
          input: ({ target }) => {
            if (target !== 'draft-2020-12') throw new Error(`unsupported target ${target}`);
            return { type: 'string' };
          },
          output: () => ({ type: 'number' }),
        },
      }),
    );
    expect(schema.jsonSchema()).toEqual({ type: 'string' });
  });

  it('refuses a Standard Schema without a JSON Schema converter, saying how to give one', () => {
    expect(() => asSchema(digits())).toThrow(
      'Expected `schema` to be a schema that can describe itself as JSON Schema (Standard JSON Schema `~standard.jsonSchema`, or a zod schema), got a `digits` schema that cannot describe itself as JSON Schema: give its JSON Schema: `asSchema(schema, { jsonSchema })`',
    );
  });

  it('names the fix for a library it knows: an ArkType older than 2.2', () => {
    const arkType21 = { '~standard': { version: 1, vendor: 'arktype', validate: (value: unknown) => ({ value }) } };
    expect(() => asSchema(arkType21)).toThrow(
      /got an `arktype` schema that cannot describe itself as JSON Schema: upgrade arktype to 2\.2 or later \(`npm install arktype@\^2\.2`\), whose types describe themselves$/,
    );
  });

  it('refuses a Standard JSON Schema that cannot validate', () => {
    const describesOnly = { '~standard': { version: 1, vendor: 'shapes', jsonSchema: { input: () => ({}), output: () => ({}) } } };
    expect(() => asSchema(describesOnly as never)).toThrow(
      'Expected `schema` to be a Standard Schema (such as a zod schema) or a JSON Schema object, got a `shapes` Standard JSON Schema without `~standard.validate`, which cannot validate: make it a Standard Schema too, which validates',
    );
  });

  it('takes the JSON Schema given with it, checked, and validates with the schema', async () => {
    const schema = asSchema(digits(), { jsonSchema: { type: 'string', pattern: '^\\d+$' } });
    expect(schema.jsonSchema()).toEqual({ type: 'string', pattern: '^\\d+$' });
    await expect(schema.validate('7')).resolves.toEqual({ success: true, value: 7 });
    expect(() => asSchema(digits(), { jsonSchema: { type: 'text' } as never })).toThrow(
      'Expected `schema` to be a valid JSON Schema, got an invalid JSON Schema: expected `type` to be one of string, number, integer, boolean, object, array, null or an array of them, got `"text"` (string)',
    );
  });

  it('refuses a JSON Schema given with something that is not a Standard Schema', () => {
    expect(() => asSchema({ type: 'string' }, { jsonSchema: { type: 'string' } })).toThrow(
      'Expected `schema` to be a Standard Schema when `jsonSchema` is given (the JSON Schema validates on its own), got an object with keys type',
    );
  });

  it('refuses a converter that returns something other than an object', () => {
    const schema = asSchema(digits({ jsonSchema: { input: () => [] as never, output: () => ({}) } }));
    expect(() => schema.jsonSchema()).toThrow('Expected `schema` to be a schema whose JSON Schema is an object, got a JSON Schema that is an array of length 0');
  });
});

describe('asSchema with a raw JSON Schema', () => {
  const jsonSchema: JsonSchema = {
    type: 'object',
    properties: { query: { type: 'string' } },
    required: ['query'],
    additionalProperties: false,
  };

  it('is its own JSON Schema, unchanged', () => {
    expect(asSchema(jsonSchema).jsonSchema()).toBe(jsonSchema);
  });

  it('validates with @cfworker/json-schema and returns the value unchanged', async () => {
    const schema = asSchema(jsonSchema);
    const value = { query: 'a' };
    const result = await schema.validate(value);
    expect(result.success && result.value).toBe(value);
    await expect(schema.validate({ query: 1, extra: true })).resolves.toEqual({
      success: false,
      issues: [
        { message: 'expected string, received number', path: ['query'] },
        { message: 'unknown property; expected one of: query', path: ['extra'] },
      ],
    });
  });

  it('accepts the empty schema, which allows anything', async () => {
    await expect(asSchema({}).validate(Symbol.iterator)).resolves.toMatchObject({ success: true });
  });

  it('refuses an object of zod schemas, suggesting z.object', () => {
    expect(() => toSchema({ query: z.string() }, { option: 'input', tool: 'search' })).toThrow(
      'Expected `input` of tool `search` to be a schema, got an object of schemas (keys query): wrap it in `z.object({ ... })`',
    );
  });

  it('refuses an object without any JSON Schema keyword', () => {
    expect(() => toSchema({ query: 'string' }, { option: 'input', tool: 'search' })).toThrow(
      'Expected `input` of tool `search` to be a valid JSON Schema, got an invalid JSON Schema: expected JSON Schema keywords such as `type` and `properties`, got an object with keys query',
    );
  });

  it('refuses malformed keywords, pointing at where they are', () => {
    const at = (schema: unknown): unknown => {
      try {
        asSchema(schema as JsonSchema);
      } catch (error) {
        return (error as Error).message.replace('Expected `schema` to be a valid JSON Schema, got an invalid JSON Schema: ', '');
      }
      return 'accepted';
    };
    expect(at({ type: 'text' })).toBe('expected `type` to be one of string, number, integer, boolean, object, array, null or an array of them, got `"text"` (string)');
    expect(at({ type: ['string', 'nil'] })).toBe('expected `type` to be one of string, number, integer, boolean, object, array, null or an array of them, got `"nil"` (string)');
    expect(at({ properties: { query: 'string' } })).toBe('expected a schema (an object or a boolean) at `properties.query`, got `"string"` (string)');
    expect(at({ properties: [] })).toBe('expected `properties` to be an object, got an array of length 0');
    expect(at({ required: 'query' })).toBe('expected `required` to be an array of property names, got `"query"` (string)');
    expect(at({ type: 'array', items: { type: 'array', items: { minLength: '3' } } })).toBe(
      'expected `items.items.minLength` to be a number, got `"3"` (string)',
    );
    expect(at({ anyOf: { type: 'string' } })).toBe('expected `anyOf` to be an array, got an object with keys type');
    expect(at({ anyOf: [{ type: 'string' }, null] })).toBe('expected a schema (an object or a boolean) at `anyOf.1`, got `null`');
    expect(at({ type: 'object', properties: { a: true, b: false }, additionalProperties: false })).toBe('accepted');
    expect(at({ not: 'string' })).toBe('expected a schema (an object or a boolean) at `not`, got `"string"` (string)');
    expect(at({ $defs: { name: { minItems: '1' } } })).toBe('expected `$defs.name.minItems` to be a number, got `"1"` (string)');
    expect(at({ properties: { tags: { type: 'array', items: [{ format: 5 }] } } })).toBe(
      'expected `properties.tags.items.0.format` to be a string, got `5` (number)',
    );
  });

  it('refuses a pattern that does not compile as the validator compiles it (with the u flag)', () => {
    expect(() => toSchema({ type: 'string', pattern: '[a-' }, { option: 'input', tool: 'search' })).toThrow(
      /^Expected `input` of tool `search` to be a valid JSON Schema, got an invalid JSON Schema: expected `pattern` to be a regular expression, got `"\[a-"` \(string\), which does not compile: /,
    );
    expect(() => asSchema({ patternProperties: { '\\p{Foo}': {} } })).toThrow(
      /expected the keys of `patternProperties` to be regular expressions, got `"\\\\p\{Foo\}"` \(string\), which does not compile/,
    );
  });

  it('refuses a $ref that points to nothing in the schema, at definition time', () => {
    expect(() => toSchema({ $ref: '#/$defs/missing', $defs: { present: {} } }, { option: 'input', tool: 'search' })).toThrow(
      'Expected `input` of tool `search` to be a valid JSON Schema, got an invalid JSON Schema: expected `$ref` to point to a schema in the same document (such as "#/$defs/Name"), got `"#/$defs/missing"` (string)',
    );
    expect(() => asSchema({ properties: { a: { $ref: 'https://example.com/other.json' } } })).toThrow(/got `"https:\/\/example.com\/other.json"`/);
    expect(() => asSchema({ properties: { a: { $ref: '#' }, b: { $ref: '#/properties/a' } } })).not.toThrow();
  });

  it('refuses a schema that cannot be written as JSON', () => {
    const schema: Record<string, unknown> = { type: 'object' };
    schema['default'] = schema;
    expect(() => asSchema(schema)).toThrow(/to be a valid JSON Schema, got an invalid JSON Schema: expected JSON data, got a schema that cannot be written as JSON: /);
  });

  it('enforces every keyword, following $ref, and does not change the value', async () => {
    const schema = asSchema({
      type: 'object',
      properties: { email: { $ref: '#/$defs/email' }, tags: { type: 'array', minItems: 1, items: { pattern: '^#' } } },
      $defs: { email: { type: 'string', format: 'email' } },
    });
    await expect(schema.validate({ email: 'nope', tags: ['#a', 'b'] })).resolves.toEqual({
      success: false,
      issues: [
        { message: 'expected a string of format email, received "nope"', path: ['email'] },
        { message: 'expected a string matching /^#/, received "b"', path: ['tags', 1] },
      ],
    });
    await expect(schema.validate({ tags: [] })).resolves.toEqual({
      success: false,
      issues: [{ message: 'expected at least 1 items, received 0', path: ['tags'] }],
    });
  });
});

describe('asSchema', () => {
  it('returns a Schema it made as it is', () => {
    const schema = asSchema(z.string());
    expect(asSchema(schema)).toBe(schema);
    expect(asSchema(schema, { jsonSchema: { type: 'number' } }).jsonSchema()).toEqual({ type: 'number' });
    expect(isSchema(schema)).toBe(true);
    expect(isSchema(z.string())).toBe(false);
    expect(Object.isFrozen(schema)).toBe(true);
  });

  it.each([
    { value: undefined, got: '`undefined`' },
    { value: 'string', got: '`"string"` (string)' },
    { value: [{ type: 'string' }], got: 'an array of length 1' },
    { value: new Date(0), got: 'an empty object' },
    { value: () => 'x', got: 'a function' },
  ])('refuses something that is no schema: $got', ({ value, got }) => {
    expect(() => toSchema(value, { option: 'output', tool: 'search' })).toThrow(
      `Expected \`output\` of tool \`search\` to be a Standard Schema (such as a zod schema) or a JSON Schema object, got ${got}`,
    );
    expect(() => toSchema(value, { option: 'output', tool: 'search' })).toThrow(ToolDefinitionError);
  });
});
