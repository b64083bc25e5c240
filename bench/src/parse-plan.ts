// Times the plan parsers on 1,000- and 10,000-task plans, whole and streamed in small chunks, and checks
// that the work is linear: the 10,000-task plan may take at most 12x the 1,000-task plan.
import { createPlanParser, tool, type PlanEvent } from '@llmcompiler/core';
import { z } from 'zod';
import { median } from './stats.js';

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

/** Parses a plan as a consumer would: every event kept. Returns the events. */
function run(format: 'text' | 'json', chunks: readonly string[], expected: number): PlanEvent[] {
  const parser = createPlanParser({ tools, format });
  const events: PlanEvent[] = [];
  let tasks = 0;
  const keep = (batch: readonly PlanEvent[]) => {
    for (const event of batch) {
      if (event.type === 'task') tasks++;
      else if (event.type === 'error') throw event.error;
      events.push(event);
    }
  };
  for (const piece of chunks) keep(parser.push(piece));
  keep(parser.end());
  if (tasks !== expected) throw new Error(`Expected ${expected} tasks, got ${tasks}`);
  return events;
}

/** Milliseconds of one call of `fn`: `batch` calls back to back, their results kept until the end, divided. */
function sample(fn: () => unknown, batch: number): number {
  const kept: unknown[] = [];
  const start = performance.now();
  for (let j = 0; j < batch; j++) kept.push(fn());
  return (performance.now() - start) / batch;
}

/**
 * Median milliseconds of parsing a 1,000-task and a 10,000-task plan. Samples of the two sizes alternate, so
 * drift in the machine's load falls on both alike. A 1,000-task sample parses ten plans and keeps their
 * results until it ends: it holds as many tasks as one 10,000-task plan, so both sizes pay the garbage
 * collector for the same amount of kept results, and the ratio shows the parser's own growth.
 */
function timePair(small: () => unknown, large: () => unknown, runs: number): [number, number] {
  for (let i = 0; i < 3; i++) {
    small();
    large();
  }
  const smallSamples: number[] = [];
  const largeSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    smallSamples.push(sample(small, 10));
    largeSamples.push(sample(large, 1));
  }
  return [median(smallSamples), median(largeSamples)];
}

const rows: string[] = [];
let failed = false;
for (const format of ['text', 'json'] as const) {
  for (const chunkSize of [Number.POSITIVE_INFINITY, 4] as const) {
    const plans = [1_000, 10_000].map((tasks) => {
      const text = format === 'text' ? textPlan(tasks) : jsonPlan(tasks);
      return { tasks, chunks: Number.isFinite(chunkSize) ? chunk(text, chunkSize) : [text] };
    }) as [{ tasks: number; chunks: string[] }, { tasks: number; chunks: string[] }];
    const [smallMs, largeMs] = timePair(
      () => run(format, plans[0].chunks, plans[0].tasks),
      () => run(format, plans[1].chunks, plans[1].tasks),
      21,
    );
    const small = { tasks: plans[0].tasks, ms: smallMs };
    const large = { tasks: plans[1].tasks, ms: largeMs };
    const ratio = large.ms / small.ms;
    if (ratio > 12) failed = true;
    const how = Number.isFinite(chunkSize) ? `${chunkSize}-char chunks` : 'whole';
    rows.push(
      `| ${format} | ${how} | ${small.ms.toFixed(2)} ms (${((small.ms * 1000) / small.tasks).toFixed(2)} us/task) | ${large.ms.toFixed(2)} ms (${((large.ms * 1000) / large.tasks).toFixed(2)} us/task) | ${ratio.toFixed(2)}x |`,
    );
  }
}

console.log(`Plan parsing on Node ${process.version} (medians of 21 alternating samples after warm-up)\n`);
console.log('| format | fed | 1,000 tasks | 10,000 tasks | 10k / 1k |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log('\nCost per task as the plan grows (text, whole):');
for (const tasks of [2_500, 5_000, 10_000, 20_000, 40_000]) {
  const text = textPlan(tasks);
  const ms = median(Array.from({ length: 5 }, () => sample(() => run('text', [text], tasks), 1)));
  console.log(`  ${String(tasks).padStart(6)} tasks: ${((ms * 1000) / tasks).toFixed(2)} us/task`);
}
console.log(failed ? '\nMISSED: a 10k plan took over 12x the 1k plan' : '\nOK: every 10k plan took at most 12x its 1k plan (linear)');

// Hostile plans: what a model (or whoever controls its output) can send to make parsing slow or large.
/** Parses and keeps every event, whatever they are. */
function parseAll(format: 'text' | 'json', chunks: readonly string[]): PlanEvent[] {
  const parser = createPlanParser({ tools, format });
  const events: PlanEvent[] = [];
  for (const piece of chunks) events.push(...parser.push(piece));
  events.push(...parser.end());
  return events;
}

/** A JSON plan of `tasks` tasks that wait for each other in one cycle: task k needs k + 1, the last needs 1. */
function cyclePlan(tasks: number): string {
  const items = Array.from({ length: tasks }, (_, i) =>
    JSON.stringify({ id: i + 1, tool: 'math', args: { problem: 'p', context: [`$${i === tasks - 1 ? 1 : i + 2}`] } }),
  );
  return `[${items.join(',\n')},\n{"tool": "join"}]`;
}

/** Milliseconds and bytes kept (heap after GC, with the events held) of parsing one plan. */
function measureKept(parse: () => PlanEvent[]): { ms: number; bytes: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const events = parse();
  const ms = performance.now() - start;
  gc?.();
  const bytes = process.memoryUsage().heapUsed - before;
  if (events.length === 0) throw new Error('No events');
  return { ms, bytes };
}

const line = `1. search("${'x'.repeat(1_000_000)}")\n2. join()`;
const lineWhole = median(Array.from({ length: 5 }, () => sample(() => parseAll('text', [line]), 1)));
const lineChunked = median(Array.from({ length: 5 }, () => sample(() => parseAll('text', chunk(line, 64)), 1)));
const lineRatio = lineChunked / lineWhole;
const cycles = [4_000, 8_000].map((tasks) => {
  const text = cyclePlan(tasks);
  parseAll('json', [text]);
  const runs = Array.from({ length: 3 }, () => measureKept(() => parseAll('json', [text])));
  return { tasks, kb: text.length / 1024, ms: median(runs.map((r) => r.ms)), mb: median(runs.map((r) => r.bytes)) / 1024 / 1024 };
});
const cycleRatio = cycles[1]!.ms / cycles[0]!.ms;
console.log('\nHostile plans (medians of 5 runs; the cycle plan: of 3, memory with --expose-gc):\n');
console.log('| plan | measured | target |');
console.log('|---|---|---|');
console.log(`| one 1 MB line, whole | ${lineWhole.toFixed(1)} ms | |`);
console.log(`| one 1 MB line, 64-char chunks | ${lineChunked.toFixed(1)} ms (${lineRatio.toFixed(2)}x whole) | at most 2x whole |`);
for (const cycle of cycles) {
  console.log(`| ${cycle.tasks.toLocaleString('en-US')}-task cycle (${cycle.kb.toFixed(0)} KB of JSON) | ${cycle.ms.toFixed(1)} ms, ${cycle.mb.toFixed(1)} MB kept | linear in size |`);
}
console.log(`| 8,000 / 4,000-task cycle | ${cycleRatio.toFixed(2)}x the time | at most 2.5x (linear) |`);
const hostileOk = lineRatio <= 2 && cycleRatio <= 2.5;
console.log(hostileOk ? '\nOK: hostile plans parse in linear time' : '\nMISSED: a hostile plan missed its target (reported, not failed)');
