// A question answered by LLMCompiler on a simulated model: the planner streams its plan, each task starts
// the moment its call has streamed and its inputs exist, and the joiner answers. No API key needed.
import { createCompiler, tool } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { scriptedAgent } from '@llmcompiler/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

/** A small knowledge base, so the tools answer without a network. */
const depths: Record<string, number> = { 'Mariana Trench': 10_994, 'Puerto Rico Trench': 8_376, 'Java Trench': 7_290 };

const search = tool({
  name: 'search',
  description: 'Look up an ocean trench; returns its name and maximum depth in meters.',
  input: z.object({ query: z.string().describe('the trench to look up') }),
  output: z.object({ name: z.string(), depthMeters: z.number() }),
  sideEffects: 'none',
  execute: async ({ query }, { signal }) => {
    await sleep(400, undefined, { signal }); // a slow lookup
    const depthMeters = depths[query];
    if (depthMeters === undefined) throw new Error(`No entry for ${query}`);
    return { name: query, depthMeters };
  },
});

const difference = tool({
  name: 'difference',
  description: 'Subtract b from a.',
  input: z.object({ a: z.number(), b: z.number() }),
  output: z.number(),
  sideEffects: 'none',
  execute: async ({ a, b }) => a - b,
});

// The simulated model: it plans the script's tasks and then answers, 300 ms to the first token, then
// 4 characters every 15 ms (about 65 tokens/s). `scriptedAgent` writes the plan in whatever form the planner's
// request asks for, so a test states what to plan rather than how a plan is spelled.
const model = scriptedModel({
  timeToFirstTokenMs: 300,
  chunkSize: 4,
  delayPerChunkMs: 15,
  responses: scriptedAgent({
    plan: [
      { tool: 'search', args: { query: 'Mariana Trench' }, thought: 'Look up both trenches at once, then subtract.' },
      { tool: 'search', args: { query: 'Puerto Rico Trench' } },
      { tool: 'difference', args: { a: '$1.depthMeters', b: '$2.depthMeters' } },
    ],
    thought: 'Task 3 holds the difference.',
    answer: 'The Mariana Trench is 2,618 m deeper than the Puerto Rico Trench.',
  }),
});

const question = 'How much deeper is the Mariana Trench than the Puerto Rico Trench?';
const run = createCompiler({ model, tools: [search, difference] }).run(question);
const at = (time: number) => `${(time / 1000).toFixed(2)} s`;

console.log(`Question: ${question}\n`);
run.on('plan-start', (event) => console.log(`[${at(event.time)}] planner called (round ${event.round})`));
run.on('task-planned', (event) => console.log(`[${at(event.time)}] task ${event.task.id} planned: ${event.task.source}`));
run.on('task-start', (event) => console.log(`[${at(event.time)}] task ${event.record.task.id} started`));
run.on('task-end', (event) => {
  const { record } = event;
  const what = record.outcome === 'ok' ? JSON.stringify(record.value) : String(record.error);
  console.log(`[${at(event.time)}] task ${record.task.id} ${record.outcome}: ${what}`);
});
run.on('plan-end', (event) => console.log(`[${at(event.time)}] plan ${event.clean ? 'complete' : 'incomplete'}`));
run.on('join-start', (event) => console.log(`[${at(event.time)}] joiner called`));

const result = await run.result();
console.log(`\nAnswer: ${result.answer}`);
const toolTime = result.tasks.reduce((sum, record) => sum + (record.endedAt! - record.startedAt!), 0);
console.log(`\nThe run took ${at(result.durationMs)}; its ${result.tasks.length} tool calls alone would take ${at(toolTime)} one after another,`);
console.log(`on top of ${result.usage.calls} model calls (ReAct would make one model call per tool call).`);
