import type { StandardSchemaV1 } from '@standard-schema/spec';
import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { asSchema, type Schema } from './schema.js';
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
