// A planner streams its plan token by token; the parser hands over each task the moment its call closes.
// The model here is simulated (a fixed time to first token and token rate), so no API key is needed.
import { setTimeout as sleep } from 'node:timers/promises';
import { createPlanParser, tool } from '@llmcompiler/core';
import { z } from 'zod';

const search = tool({
  name: 'search',
  description: 'Search Wikipedia for an entity; returns the first paragraph.',
  input: z.object({ query: z.string() }),
  output: z.string(),
  sideEffects: 'none',
  execute: async ({ query }) => `(first paragraph about ${query})`,
});

const math = tool({
  name: 'math',
  description: 'Solve a math problem, using earlier results as context.',
  input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
  output: z.number(),
  sideEffects: 'none',
  execute: async () => 0,
});

const plan = `Thought: I need both depths, then their difference.
1. search("Mariana Trench")
2. search(query="Puerto Rico Trench")
3. math("difference in depth in meters", context=[$1, $2])
Thought: The difference answers the question.
4. join()<END_OF_PLAN>`;

/** The simulated model: time to first token, then tokens of about four characters at a steady rate. */
const timeToFirstTokenMs = 350;
const tokensPerSecond = 60;
const charsPerToken = 4;

async function* streamPlan(): AsyncGenerator<string> {
  await sleep(timeToFirstTokenMs);
  for (let i = 0; i < plan.length; i += charsPerToken) {
    yield plan.slice(i, i + charsPerToken);
    await sleep(1000 / tokensPerSecond);
  }
}

const start = performance.now();
const at = () => `${((performance.now() - start) / 1000).toFixed(2)} s`;
const parser = createPlanParser({ tools: [search, math] });
const readyAt: number[] = [];

console.log('Question: How much deeper is the Mariana Trench than the Puerto Rico Trench?\n');
console.log(`[${at()}] planner called (simulated: ${timeToFirstTokenMs} ms to first token, ${tokensPerSecond} tokens/s)`);

function report(events: ReturnType<typeof parser.push>): void {
  for (const event of events) {
    switch (event.type) {
      case 'task': {
        const { task } = event;
        readyAt.push(performance.now() - start);
        const waits = task.dependencies.length > 0 ? `, waits for ${task.dependencies.map((id) => `$${id}`).join(', ')}` : ', ready to run';
        console.log(`[${at()}] task ${task.id} parsed: ${task.source}${waits}`);
        if (task.thought !== undefined) console.log(`          thought: ${task.thought}`);
        break;
      }
      case 'warning':
        console.log(`[${at()}] warning: ${event.warning.message}`);
        break;
      case 'error':
        console.log(`[${at()}] error: ${event.error.message}`);
        break;
      case 'end':
        console.log(`[${at()}] plan ended (${event.reason})${event.thought === undefined ? '' : `; last thought: ${event.thought}`}`);
        break;
    }
  }
}

for await (const chunk of streamPlan()) report(parser.push(chunk));
report(parser.end());

const whole = performance.now() - start;
console.log(`\nThe whole plan took ${(whole / 1000).toFixed(2)} s to stream.`);
for (const [index, time] of readyAt.entries()) {
  console.log(`Task ${index + 1} was known ${((whole - time) / 1000).toFixed(2)} s before the plan finished.`);
}
console.log('\nThe scheduler (next) starts each task at that moment, as soon as its inputs exist.');
