import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { fakeTool } from './fake-tool.js';

test('the input type comes from the schema and types result, fail and latencyMs', () => {
  const search = fakeTool({
    name: 'search',
    input: z.object({ query: z.string() }),
    latencyMs: (input, attempt) => {
      expectTypeOf(input).toEqualTypeOf<{ query: string }>();
      expectTypeOf(attempt).toEqualTypeOf<number>();
      return 10;
    },
    fail: (input, attempt) => (attempt < 2 ? new Error(input.query) : undefined),
    result: ({ query }) => query.length,
  });
  expectTypeOf(search.calls[0]!.input).toEqualTypeOf<{ query: string }>();
  expectTypeOf(search.execute).returns.resolves.toEqualTypeOf<number>();
});

test('a result value sets the output type; without a schema the input is a record', () => {
  const lookup = fakeTool({ name: 'lookup', result: { rows: [1, 2] }, fail: new Error('down') });
  expectTypeOf(lookup.execute).returns.resolves.toEqualTypeOf<{ rows: number[] }>();
  expectTypeOf(lookup.calls[0]!.input).toEqualTypeOf<Record<string, unknown>>();
});
