import { createCompiler } from '@llmcompiler/core';
import { fakeTool } from '@llmcompiler/core/test';
import { openai } from '@llmcompiler/openai';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { startSimulatedModel } from './simulated-model.js';

it('plays planner and joiner for the demo over HTTP, and the run answers from the tools', async () => {
  const server = await startSimulatedModel();
  try {
    const depth = { 'Mariana Trench': 10_994, 'Puerto Rico Trench': 8_376 } as Record<string, number>;
    const search = fakeTool({
      name: 'search',
      input: z.object({ query: z.string() }),
      sideEffects: 'none',
      result: ({ query }: { query: string }) => ({ title: query, summary: '', depthMeters: depth[query] }),
    });
    const math = fakeTool({ name: 'math', input: z.object({ expression: z.string() }), sideEffects: 'none', result: 2618 });
    const write = fakeTool({ name: 'write_report', input: z.object({ title: z.string(), body: z.string() }), result: 'saved' });
    const model = openai('simulated', { baseURL: server.url, apiKey: 'no-key-needed' });
    const result = await createCompiler({ model, tools: [search, math, write] }).run('How much deeper?').result();
    expect(math.calls[0]?.input).toEqual({ expression: '10994 - 8376' });
    expect(write.calls[0]?.input).toEqual({
      title: 'Ocean trenches',
      body: 'Mariana Trench: 10994 m. Puerto Rico Trench: 8376 m. Difference: 2618 m.',
    });
    expect(result.answer).toBe('The Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m). The report is saved.');
  } finally {
    await server.close();
  }
}, 20_000);
