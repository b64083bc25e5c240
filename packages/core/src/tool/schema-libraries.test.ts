// Every schema library the README names, as users have it: the real packages (zod 4.0, 4.1, 3.25 and 3.23
// under npm aliases), each defined as a tool, shown to the planner, and validating a call.
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import { Schema } from 'effect';
import { JSONSchema, Schema as Schema3 } from 'effect-3';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { z as z3 } from 'zod-3';
import { z as z3v4 } from 'zod-3/v4';
import { z as z323 } from 'zod-3.23';
import { z as z40 } from 'zod-4.0';
import { z as z41 } from 'zod-4.1';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { ToolInputError } from '../errors/tool-input-error.js';
import { renderToolDescription, renderToolSignature } from './render-signature.js';
import { asSchema, type SchemaLike } from './schema.js';
import { tool } from './tool.js';
import { toolParameters } from './tool-parameters.js';
import { validateToolInput } from './validate-tool-input.js';

const search = (input: SchemaLike<{ query: string; limit?: number | undefined }>) =>
  tool({ name: 'search', description: 'Search the web.', input, execute: ({ query }) => query });

/** What a tool with `input` shows the planner and does with a good and a bad call. */
async function behaviour(input: SchemaLike<{ query: string; limit?: number | undefined }>) {
  const probe = search(input);
  const bad = await validateToolInput(probe, { query: 1 }).catch((error: unknown) => error);
  return {
    signature: renderToolSignature(probe),
    description: renderToolDescription(probe),
    parameters: toolParameters(probe).map(({ name, required }) => ({ name, required })),
    good: await validateToolInput(probe, { query: 'trenches' }),
    bad: ToolInputError.isInstance(bad) ? bad.issues.map((issue) => issue.path) : bad,
  };
}

const expected = {
  signature: 'search(query: string, limit?: number)',
  description: expect.stringContaining('query: what to look up'),
  parameters: [
    { name: 'query', required: true },
    { name: 'limit', required: false },
  ],
  good: expect.objectContaining({ query: 'trenches' }),
  bad: [['query']],
};

/** The message `tool()` (or the first `jsonSchema()` call, which `createCompiler` makes) throws for `input`. */
function refusal(input: unknown): string {
  try {
    toolParameters(search(input as SchemaLike<{ query: string }>));
  } catch (error) {
    if (!ToolDefinitionError.isInstance(error)) throw error;
    return error.message;
  }
  throw new Error('accepted');
}

describe('zod', () => {
  it.each([
    { version: 'current zod 4', z },
    { version: 'zod 4.1 (schemas without toJSONSchema)', z: z41 as unknown as typeof z },
    { version: 'zod 4.0 (schemas without toJSONSchema, metadata in its own registry)', z: z40 as unknown as typeof z },
    { version: 'zod/v4 of zod 3.25', z: z3v4 as unknown as typeof z },
  ])('works with $version, descriptions and defaults included', async ({ z: zod }) => {
    const input = zod.object({ query: zod.string().describe('what to look up'), limit: zod.number().default(5) });
    const result = await behaviour(input);
    expect(result).toEqual(expected);
    expect(result.good).toEqual({ query: 'trenches', limit: 5 });
  });

  it('works with zod/mini', async () => {
    const input = zm.object({ query: zm.string().register(zm.globalRegistry, { description: 'what to look up' }), limit: zm.optional(zm.number()) });
    await expect(behaviour(input)).resolves.toEqual(expected);
  });

  it('works with zod 3 (3.25, the v3 API), converted by zod-to-json-schema', async () => {
    const input = z3.object({ query: z3.string().describe('what to look up'), limit: z3.number().default(5) });
    const result = await behaviour(input);
    expect(result).toEqual(expected);
    expect(result.good).toEqual({ query: 'trenches', limit: 5 });
    expect(search(input).inputSchema.jsonSchema()).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { query: { type: 'string', description: 'what to look up' }, limit: { type: 'number', default: 5 } },
      required: ['query'],
      additionalProperties: false,
    });
  });

  it('works with zod 3 before Standard Schema (3.23), validating with safeParseAsync', async () => {
    const input = z323.object({ query: z323.string().describe('what to look up'), limit: z323.number().optional() });
    expect('~standard' in input).toBe(false);
    await expect(behaviour(input)).resolves.toEqual(expected);
    await expect(validateToolInput(search(input), { query: 1 })).rejects.toThrow('Invalid input for tool `search`: query: Expected string, received number');
  });

  it('shows zod 3 the input side: a transform takes its input type, a reused schema is written out twice, a recursive one refers back', () => {
    const place = z3.object({ city: z3.string() });
    interface Node {
      name: string;
      children: Node[];
    }
    const node: z3.ZodType<Node> = z3.lazy(() => z3.object({ name: z3.string(), children: z3.array(node) }));
    const schema = asSchema(z3.object({ when: z3.string().transform(Date.parse), from: place, to: place, tree: node })).jsonSchema();
    expect(schema.properties).toEqual({
      when: { type: 'string' },
      from: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
      to: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
      tree: {
        type: 'object',
        properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/properties/tree' } } },
        required: ['name', 'children'],
        additionalProperties: false,
      },
    });
  });

  it('never hands a zod 4 schema to zod-to-json-schema (which would describe it as anything)', () => {
    // zod-to-json-schema gives `{}` for what it does not know; zod 4's own converter refuses a Date.
    expect(refusal(z.object({ when: z.date() }))).toMatch(/got a schema whose conversion failed: Date cannot be represented in JSON Schema$/);
    expect(refusal(z40.object({ when: z40.date() }))).toMatch(/Date cannot be represented in JSON Schema$/);
  });

  it('refuses a zod 3 input that is not an object schema when its JSON Schema is built', () => {
    expect(refusal(z3.string())).toBe(
      'Expected `input` of tool `search` to be an object schema with `properties` (such as `z.object({ ... })`), got a schema of type `"string"` (string)',
    );
  });
});

describe('Valibot', () => {
  it('works wrapped in toStandardJsonSchema', async () => {
    const input = toStandardJsonSchema(v.object({ query: v.pipe(v.string(), v.description('what to look up')), limit: v.optional(v.number()) }));
    await expect(behaviour(input)).resolves.toEqual(expected);
  });

  it('refuses a bare schema, naming the wrapper', () => {
    expect(refusal(v.object({ query: v.string() }))).toBe(
      'Expected `input` of tool `search` to be a schema that can describe itself as JSON Schema (Standard JSON Schema `~standard.jsonSchema`, or a zod schema), got a `valibot` schema that cannot describe itself as JSON Schema: wrap it in `toStandardJsonSchema()` from `@valibot/to-json-schema`',
    );
  });
});

describe('ArkType', () => {
  it('works as it is (ArkType 2.2 implements Standard JSON Schema)', async () => {
    const input = type({ query: type('string').describe('what to look up'), 'limit?': 'number' });
    await expect(behaviour(input)).resolves.toEqual(expected);
  });
});

describe('Effect Schema', () => {
  const Search = Schema.Struct({
    query: Schema.String.annotate({ description: 'what to look up' }),
    limit: Schema.optionalKey(Schema.Finite),
  });

  it('works as a Standard Schema and a Standard JSON Schema (Effect 4)', async () => {
    await expect(behaviour(Schema.toStandardJSONSchemaV1(Schema.toStandardSchemaV1(Search)))).resolves.toEqual(expected);
  });

  it.each([
    { made: 'a bare schema', schema: Search, start: 'Expected `input` of tool `search` to be a Standard Schema (such as a zod schema) or a JSON Schema object, got an Effect Schema, which is not a Standard Schema until wrapped' },
    { made: 'a Standard Schema only', schema: Schema.toStandardSchemaV1(Search), start: 'Expected `input` of tool `search` to be a schema that can describe itself as JSON Schema (Standard JSON Schema `~standard.jsonSchema`, or a zod schema), got an `effect` schema that cannot describe itself as JSON Schema' },
    { made: 'a Standard JSON Schema only', schema: Schema.toStandardJSONSchemaV1(Search), start: 'Expected `input` of tool `search` to be a Standard Schema (such as a zod schema) or a JSON Schema object, got an Effect Schema, which is not a Standard Schema until wrapped' },
  ])('refuses $made (Effect 4), naming the wrapper', ({ schema, start }) => {
    expect(refusal(schema)).toBe(`${start}: wrap it as \`Schema.toStandardJSONSchemaV1(Schema.toStandardSchemaV1(schema))\` (Effect 4)`);
  });

  const Search3 = Schema3.Struct({
    query: Schema3.String.annotations({ description: 'what to look up' }),
    limit: Schema3.optional(Schema3.Number),
  });

  it('works with Effect 3 given its JSON Schema: asSchema(Schema.standardSchemaV1(schema), { jsonSchema: JSONSchema.make(schema) })', async () => {
    await expect(behaviour(asSchema(Schema3.standardSchemaV1(Search3), { jsonSchema: JSONSchema.make(Search3) }))).resolves.toEqual(expected);
  });

  it.each([
    { made: 'a bare schema', schema: Search3, start: 'a Standard Schema (such as a zod schema) or a JSON Schema object, got an Effect Schema, which is not a Standard Schema until wrapped' },
    { made: 'a Standard Schema only', schema: Schema3.standardSchemaV1(Search3), start: 'a schema that can describe itself as JSON Schema (Standard JSON Schema `~standard.jsonSchema`, or a zod schema), got an `effect` schema that cannot describe itself as JSON Schema' },
  ])('refuses $made (Effect 3), naming the fix', ({ schema, start }) => {
    expect(refusal(schema)).toBe(
      `Expected \`input\` of tool \`search\` to be ${start}: pass \`asSchema(Schema.standardSchemaV1(schema), { jsonSchema: JSONSchema.make(schema) })\` (Effect 3)`,
    );
  });
});
