// Times the plan parsers on 1,000- and 10,000-task plans, whole and streamed in small chunks, and checks
// that the work is linear: the 10,000-task plan may take at most 12x the 1,000-task plan.
import { createPlanParser, tool, type PlanEvent } from '@llmcompiler/core';
import { z } from 'zod';

const search = tool({
  name: 'search',
  description: 'Search for an entity.',
  input: z.object({ query: z.string() }),
  sideEffects: 'none',
  execute: async ({ query }) => query,
});
const math = tool({
  name: 'math',
  description: 'Solve a problem using context.',
  input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
  sideEffects: 'none',
  execute: async () => 0,
});
const tools = [search, math];

/** A ParallelQA-shaped plan: pairs of a search and a math step over it, with a thought every tenth task. */
function textPlan(tasks: number): string {
  const lines: string[] = [];
  for (let id = 1; id <= tasks; id++) {
    if (id % 10 === 0) lines.push(`Thought: step ${id} needs the result of ${id - 1}.`);
    lines.push(
      id % 2 === 1
        ? `${id}. search("population of city number ${id}, in 2020")`
        : `${id}. math("What is ${id} percent of the population?", context=[$${id - 1}, {"unit": "millions", "round": True}])`,
    );
  }
  lines.push(`${tasks + 1}. join()<END_OF_PLAN>`);
  return lines.join('\n');
}

function jsonPlan(tasks: number): string {
  const items: string[] = [];
  for (let id = 1; id <= tasks; id++) {
    items.push(
      JSON.stringify(
        id % 2 === 1
          ? { id, tool: 'search', args: { query: `population of city number ${id}, in 2020` } }
          : { id, tool: 'math', args: { problem: `What is ${id} percent of the population?`, context: [`$${id - 1}`] } },
      ),
    );
  }
  items.push(JSON.stringify({ tool: 'join' }));
  return `[\n${items.join(',\n')}\n]`;
}

function chunk(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

function run(format: 'text' | 'json', chunks: readonly string[], expected: number): void {
  const parser = createPlanParser({ tools, format });
  let tasks = 0;
  const count = (events: readonly PlanEvent[]) => {
    for (const event of events) {
      if (event.type === 'task') tasks++;
      else if (event.type === 'error') throw event.error;
    }
  };
  for (const piece of chunks) count(parser.push(piece));
  count(parser.end());
  if (tasks !== expected) throw new Error(`Expected ${expected} tasks, got ${tasks}`);
}

/**
 * Median milliseconds of one call of `fn`, over `runs` samples after warm-up. Each sample times `batch`
 * calls back to back and divides, so a small plan is measured under the same steady allocation as a large
 * one, instead of in a heap so empty that it never collects.
 */
function time(fn: () => void, runs: number, batch = 1): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    for (let j = 0; j < batch; j++) fn();
    samples.push((performance.now() - start) / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const rows: string[] = [];
let failed = false;
for (const format of ['text', 'json'] as const) {
  for (const chunkSize of [Number.POSITIVE_INFINITY, 4] as const) {
    const results = [1_000, 10_000].map((tasks) => {
      const text = format === 'text' ? textPlan(tasks) : jsonPlan(tasks);
      const chunks = Number.isFinite(chunkSize) ? chunk(text, chunkSize) : [text];
      const ms = tasks === 1_000 ? time(() => run(format, chunks, tasks), 9, 10) : time(() => run(format, chunks, tasks), 9);
      return { tasks, ms, chars: text.length };
    });
    const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
    const ratio = large.ms / small.ms;
    if (ratio > 12) failed = true;
    const how = Number.isFinite(chunkSize) ? `${chunkSize}-char chunks` : 'whole';
    rows.push(
      `| ${format} | ${how} | ${small.ms.toFixed(2)} ms (${((small.ms * 1000) / small.tasks).toFixed(2)} us/task) | ${large.ms.toFixed(2)} ms (${((large.ms * 1000) / large.tasks).toFixed(2)} us/task) | ${ratio.toFixed(2)}x |`,
    );
  }
}

console.log(`Plan parsing on Node ${process.version} (median of runs after warm-up)\n`);
console.log('| format | fed | 1,000 tasks | 10,000 tasks | 10k / 1k |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log('\nCost per task as the plan grows (text, whole):');
for (const tasks of [2_500, 5_000, 10_000, 20_000, 40_000]) {
  const text = textPlan(tasks);
  const ms = time(() => run('text', [text], tasks), 5);
  console.log(`  ${String(tasks).padStart(6)} tasks: ${((ms * 1000) / tasks).toFixed(2)} us/task`);
}
console.log(failed ? '\nFAIL: a 10k plan took over 12x the 1k plan' : '\nOK: every 10k plan took at most 12x its 1k plan (linear)');
if (failed) process.exitCode = 1;
