import { tool } from '@langchain/core/tools';
import { z } from 'zod';

const depths: Readonly<Record<string, number>> = {
  'mariana trench': 10_994,
  'puerto rico trench': 8_376,
  'java trench': 7_290,
};

/** A LangChain tool with a zod 4 schema: looks up the depth of an ocean trench. */
export const lookupDepth = tool(
  async ({ name }: { name: string }) => {
    const depth = depths[name.trim().toLowerCase()];
    if (depth === undefined) throw new Error(`No trench named "${name}"; known: ${Object.keys(depths).join(', ')}`);
    return { name, depthMeters: depth };
  },
  {
    name: 'lookup_depth',
    description: 'Look up the maximum depth of an ocean trench; returns { name, depthMeters }.',
    schema: z.object({ name: z.string().describe('the trench, e.g. "Mariana Trench"') }),
  },
);

/** A LangChain tool with a JSON Schema: subtracts two numbers. */
export const subtract = tool(async ({ a, b }: { a: number; b: number }) => a - b, {
  name: 'subtract',
  description: 'Compute a - b.',
  schema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
});
