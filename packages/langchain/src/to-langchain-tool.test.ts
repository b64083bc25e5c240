import { tool } from '@llmcompiler/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toLangChainTool } from './to-langchain-tool.js';

describe('toLangChainTool', () => {
  const search = tool({
    name: 'search',
    description: 'Search for an entity.',
    input: z.object({ query: z.string(), limit: z.number().default(3) }),
    sideEffects: 'none',
    execute: async ({ query, limit }) => ({ query, limit }),
  });

  it('keeps the name and description, with the JSON Schema of a zod 4 input', () => {
    const lc = toLangChainTool(search);
    expect(lc.name).toBe('search');
    expect(lc.description).toBe('Search for an entity.');
    expect(lc.schema).toMatchObject({ type: 'object', properties: { query: { type: 'string' }, limit: { type: 'number', default: 3 } } });
  });

  it('runs with the input validated by the tool schema, defaults applied', async () => {
    await expect(toLangChainTool(search).invoke({ query: 'Mariana Trench' })).resolves.toEqual({ query: 'Mariana Trench', limit: 3 });
  });

  it('takes a tool defined with a JSON Schema', async () => {
    const echo = tool({
      name: 'echo',
      description: 'Echoes.',
      input: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      execute: async (input) => `echo ${String(input.text)}`,
    });
    const lc = toLangChainTool(echo);
    expect(lc.schema).toEqual({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });
    await expect(lc.invoke({ text: 'hi' })).resolves.toBe('echo hi');
  });

  it('throws on an input the schema rejects, without running the tool', async () => {
    let calls = 0;
    const counted = tool({
      name: 'counted',
      description: 'Counts calls.',
      input: z.object({ n: z.number().int() }),
      execute: async () => ++calls,
    });
    await expect(toLangChainTool(counted).invoke({ n: 1.5 })).rejects.toThrow();
    expect(calls).toBe(0);
  });

  it('passes the signal of the LangChain config to execute', async () => {
    let seen: AbortSignal | undefined;
    let started!: () => void;
    const whenStarted = new Promise<void>((resolve) => (started = resolve));
    const slow = tool({
      name: 'slow',
      description: 'Waits for its signal.',
      input: z.object({}),
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          seen = signal;
          started();
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    });
    const controller = new AbortController();
    const call = toLangChainTool(slow).invoke({}, { signal: controller.signal });
    await whenStarted;
    expect(seen?.aborted).toBe(false);
    controller.abort(new Error('cancelled'));
    await expect(call).rejects.toThrow();
    expect(seen?.aborted).toBe(true);
  });

  it('throws what execute throws', async () => {
    const broken = tool({
      name: 'broken',
      description: 'Fails.',
      input: z.object({}),
      execute: async () => {
        throw new Error('disk full');
      },
    });
    await expect(toLangChainTool(broken).invoke({})).rejects.toThrow('disk full');
  });
});
