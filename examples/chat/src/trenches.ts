import { setTimeout as sleep } from 'node:timers/promises';
import { tool } from '@llmcompiler/core';
import { z } from 'zod';

/** What the chat knows, without a network. */
export const trenches: Readonly<Record<string, { readonly depthMeters: number; readonly ocean: string }>> = {
  'Mariana Trench': { depthMeters: 10_994, ocean: 'Pacific' },
  'Puerto Rico Trench': { depthMeters: 8_376, ocean: 'Atlantic' },
  'Java Trench': { depthMeters: 7_290, ocean: 'Indian' },
};

export const lookupTrench = tool({
  name: 'lookup_trench',
  description: 'Look up an ocean trench by name; returns its name, maximum depth in meters and ocean.',
  input: z.object({ name: z.string().describe('the trench, e.g. "Mariana Trench"') }),
  output: z.object({ name: z.string(), depthMeters: z.number(), ocean: z.string() }),
  sideEffects: 'none',
  execute: async ({ name }, { signal }) => {
    await sleep(200, undefined, { signal }); // as slow as a real lookup
    const found = Object.entries(trenches).find(([known]) => known.toLowerCase() === name.trim().toLowerCase());
    if (found === undefined) throw new Error(`No trench named "${name}"; known: ${Object.keys(trenches).join(', ')}`);
    return { name: found[0], ...found[1] };
  },
});

export const difference = tool({
  name: 'difference',
  description: 'Subtract b from a.',
  input: z.object({ a: z.number(), b: z.number() }),
  output: z.number(),
  sideEffects: 'none',
  execute: async ({ a, b }) => a - b,
});
