// The tools, shared by the orchestrator (which declares them) and the workers (which run them).
import { tool } from '@llmcompiler/core';
import { z } from 'zod';

const populations: Record<string, number> = { Tokyo: 37_115_000, Delhi: 33_807_000, Shanghai: 29_868_000, 'São Paulo': 22_806_000 };

/** Resolves after `ms`, or rejects when `signal` aborts. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

export const population = tool({
  name: 'population',
  description: "Looks up a city's metropolitan population; returns the number and the worker process that answered.",
  input: z.object({ city: z.string() }),
  output: z.object({ city: z.string(), population: z.number(), worker: z.number() }),
  sideEffects: 'none',
  execute: async ({ city }, { signal }) => {
    await wait(300, signal); // a slow lookup: the calls overlap on the workers
    const found = populations[city];
    if (found === undefined) throw new Error(`No population known for ${city}; known: ${Object.keys(populations).join(', ')}`);
    return { city, population: found, worker: process.pid };
  },
});

export const sum = tool({
  name: 'sum',
  description: 'Adds numbers.',
  input: z.object({ values: z.array(z.number()) }),
  output: z.number(),
  sideEffects: 'none',
  execute: ({ values }) => values.reduce((total, value) => total + value, 0),
});

export const tools = [population, sum];
