import type { StandardSchemaV1 } from '@standard-schema/spec';
import { expectTypeOf, test } from 'vitest';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import { Schema as Effect } from 'effect';
import { JSONSchema, Schema as Effect3 } from 'effect-3';
import * as v from 'valibot';
import { z } from 'zod';
import { z as z3 } from 'zod-3';
import { z as z323 } from 'zod-3.23';
import { z as z40 } from 'zod-4.0';
import { asSchema, type Schema, type SchemaLike } from './schema.js';
import { tool, type AnyTool, type Tool, type ToolContext } from './tool.js';
import { validateToolInput, validateToolOutput } from './validate-tool-input.js';

test('tool infers the input from a zod schema, after defaults and transforms', () => {
  const search = tool({
    name: 'search',
    description: 'Search.',
    input: z.object({ query: z.string(), limit: z.number().default(5), tags: z.string().transform((s) => s.split(',')) }),
    output: z.string(),
    execute: async (input, context) => {
      expectTypeOf(input).toEqualTypeOf<{ query: string; limit: number; tags: string[] }>();
      expectTypeOf(context).toEqualTypeOf<ToolContext>();
      return input.query;
    },
  });
  expectTypeOf(search).toEqualTypeOf<Tool<{ query: string; limit: number; tags: string[] }, string>>();
  expectTypeOf(search).toExtend<AnyTool>();
  expectTypeOf(validateToolInput(search, {})).resolves.toEqualTypeOf<{ query: string; limit: number; tags: string[] }>();
  expectTypeOf(validateToolOutput(search, {})).resolves.toEqualTypeOf<string>();
});

test('tool infers the output from execute when there is no output schema', () => {
  const count = tool({ name: 'count', description: 'Count.', input: z.object({}), execute: async () => 3 });
  expectTypeOf(count.execute).returns.toEqualTypeOf<number | PromiseLike<number>>();
  expectTypeOf(count.outputSchema).toEqualTypeOf<Schema<number> | undefined>();
});

test('tool checks what execute returns against the output schema', () => {
  tool({
    name: 'search',
    description: 'Search.',
    input: z.object({ query: z.string() }),
    output: z.string(),
    // @ts-expect-error -- a number is not the string the output schema promises
    execute: async () => 42,
  });
});

test('a raw JSON Schema gives a record input', () => {
  const lookup = tool({
    name: 'lookup',
    description: 'Look up.',
    input: { type: 'object', properties: { key: { type: 'string' } } },
    execute: (input) => {
      expectTypeOf(input).toEqualTypeOf<Record<string, unknown>>();
      return 1;
    },
  });
  expectTypeOf(lookup).toEqualTypeOf<Tool<Record<string, unknown>, number>>();
});

test('any Standard Schema gives its output type', () => {
  const digits = {} as StandardSchemaV1<string, number>;
  expectTypeOf(asSchema(digits)).toEqualTypeOf<Schema<number>>();
  expectTypeOf(asSchema(z.string())).toEqualTypeOf<Schema<string>>();
  expectTypeOf(asSchema({ type: 'string' })).toEqualTypeOf<Schema<unknown>>();
});

test('needsApproval receives the typed input', () => {
  tool({
    name: 'pay',
    description: 'Pay.',
    input: z.object({ amount: z.number() }),
    needsApproval: ({ amount }) => amount > 100,
    execute: () => 'ok',
  });
});

test('every schema library the README names gives the input type', () => {
  const input = <Input>(schema: SchemaLike<Input>) =>
    tool({ name: 'probe', description: 'Probe.', input: schema, execute: (value) => value }).inputSchema;
  type Query = { query: string };
  expectTypeOf(input(z40.object({ query: z40.string() }))).toEqualTypeOf<Schema<Query>>();
  expectTypeOf(input(z3.object({ query: z3.string() }))).toEqualTypeOf<Schema<Query>>();
  expectTypeOf(input(z323.object({ query: z323.string() }))).toEqualTypeOf<Schema<Query>>();
  expectTypeOf(input(toStandardJsonSchema(v.object({ query: v.string() })))).toEqualTypeOf<Schema<Query>>();
  expectTypeOf(input(type({ query: 'string' }))).toEqualTypeOf<Schema<Query>>();
  const Search = Effect.Struct({ query: Effect.String });
  expectTypeOf(input(Effect.toStandardJSONSchemaV1(Effect.toStandardSchemaV1(Search)))).toEqualTypeOf<Schema<{ readonly query: string }>>();
  const Search3 = Effect3.Struct({ query: Effect3.String });
  expectTypeOf(asSchema(Effect3.standardSchemaV1(Search3), { jsonSchema: JSONSchema.make(Search3) })).toEqualTypeOf<
    Schema<{ readonly query: string }>
  >();
});
