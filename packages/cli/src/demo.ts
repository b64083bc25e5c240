import { setTimeout as sleep } from 'node:timers/promises';
import { tool, type AnyTool } from '@llmcompiler/core';
import type { FakeOpenAIServer, LatencyModel } from '@llmcompiler/testing';
import { z } from 'zod';

/** What the demo's `lookup_trench` knows. */
const TRENCHES: Readonly<Record<string, { readonly depthMeters: number; readonly ocean: string }>> = {
  'Mariana Trench': { depthMeters: 10_994, ocean: 'Pacific' },
  'Puerto Rico Trench': { depthMeters: 8_376, ocean: 'Atlantic' },
  'Java Trench': { depthMeters: 7_290, ocean: 'Indian' },
  'Tonga Trench': { depthMeters: 10_882, ocean: 'Pacific' },
};
const NAMES = Object.keys(TRENCHES);

/**
 * The demo tool set of `llmcompiler` with the simulated model: `lookup_trench` (a small table, as slow as a
 * search API) and `difference`.
 */
export function demoTools(): AnyTool[] {
  return [
    tool({
      name: 'lookup_trench',
      description: `Look up an ocean trench by name (${NAMES.join(', ')}); returns its depth in meters and its ocean.`,
      input: z.object({ name: z.string() }),
      output: z.object({ name: z.string(), depthMeters: z.number(), ocean: z.string() }),
      sideEffects: 'none',
      execute: async ({ name }, { signal }) => {
        await sleep(700, undefined, { signal });
        const found = NAMES.find((known) => known.toLowerCase() === name.trim().toLowerCase());
        if (found === undefined) throw new Error(`No trench named "${name}"; known: ${NAMES.join(', ')}`);
        return { name: found, ...TRENCHES[found]! };
      },
    }),
    tool({
      name: 'difference',
      description: 'Subtract b from a.',
      input: z.object({ a: z.number(), b: z.number() }),
      output: z.number(),
      sideEffects: 'none',
      execute: async ({ a, b }) => a - b,
    }),
  ];
}

/** About 0.3 s to the first token, then 60 tokens per second: enough to watch the plan and the answer stream. */
const DEMO_LATENCY: Partial<LatencyModel> = { timeToFirstTokenMs: 300, outputTokensPerSecond: 60 };

/**
 * Starts the simulated model on 127.0.0.1 for the demo tools: the planner looks up the trenches the question
 * names (the Mariana and Puerto Rico trenches when it names none) and, for two, their difference; the joiner
 * answers from the results.
 */
export async function startDemoModel(latency: Partial<LatencyModel> = DEMO_LATENCY): Promise<FakeOpenAIServer> {
  // The simulated server and its tokenizer are loaded only when the simulated model runs: the demo tools alone
  // (with a real endpoint and no tools of the user's) do not need them.
  const { classifyRequest, messageText, startFakeOpenAI } = await import('@llmcompiler/testing');
  return startFakeOpenAI({
    latency,
    responder: (request) => {
      const role = classifyRequest(request);
      const prompt = messageText(request.messages.at(-1)!);
      if (role === 'planner') return plan(prompt);
      if (role === 'joiner') return `Thought: The results answer it.\nAction: Finish(${answer(prompt)})`;
      throw new Error('The simulated model only plays the planner and the joiner of a run');
    },
  });
}

/** The plan for the planner's prompt (the text of its last message). */
function plan(prompt: string): string {
  const question = /Question: ([^\n]*)/.exec(prompt)?.[1] ?? '';
  let names = NAMES.filter((name) => question.toLowerCase().includes(name.toLowerCase().replace(' trench', '')));
  if (names.length === 0) names = NAMES.slice(0, 2);
  const lines = names.map((name, index) => `${index + 1}. lookup_trench(name="${name}")`);
  if (names.length === 2) lines.push('Thought: Both depths are known once the lookups end.', '3. difference(a=$1.depthMeters, b=$2.depthMeters)');
  lines.push(`${names.length === 2 ? 4 : names.length + 1}. join()<END_OF_PLAN>`);
  return lines.join('\n');
}

/** The answer to the joiner's prompt (the text of its last message). */
function answer(prompt: string): string {
  const found = [...prompt.matchAll(/Observation: (\{[^\n]*\})/g)].map((match) => JSON.parse(match[1]!) as { name: string; depthMeters: number; ocean: string });
  const meters = (value: number) => `${value.toLocaleString('en-US')} m`;
  if (found.length === 0) return `I can only look up the ${NAMES.join(', ')}.`;
  if (found.length === 1) return `The ${found[0]!.name} is ${meters(found[0]!.depthMeters)} deep, in the ${found[0]!.ocean} Ocean.`;
  const [deep, shallow] = [...found].sort((a, b) => b.depthMeters - a.depthMeters);
  if (found.length === 2) return `The ${deep!.name} (${meters(deep!.depthMeters)}) is ${meters(deep!.depthMeters - shallow!.depthMeters)} deeper than the ${shallow!.name} (${meters(shallow!.depthMeters)}).`;
  return `${found.map((t) => `${t.name}: ${meters(t.depthMeters)}`).join('; ')}. The deepest is the ${deep!.name}.`;
}
