// A research assistant: it looks things up, computes, and writes a report, with LLMCompiler.
//
// With no configuration it runs on a local simulated model (an OpenAI-compatible server on 127.0.0.1)
// through the real `openai` client. With OPENAI_API_KEY set it runs on OpenAI; with OPENAI_BASE_URL set, on
// that OpenAI-compatible server (with a placeholder key when OPENAI_API_KEY is not set: a local server needs
// none). OPENAI_MODEL names the model (default gpt-4o-mini). Empty variables count as not set.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createCompiler, tool, type LanguageModel } from '@llmcompiler/core';
import { renderTrace } from '@llmcompiler/core/trace';
import { openai } from '@llmcompiler/openai';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { z } from 'zod';
import { evaluate } from './evaluate.js';
import { articles } from './knowledge-base.js';
import { describeModelConfig, openaiOptions, PLACEHOLDER_KEY, readModelConfig } from './model-config.js';
import { describePlanEnd, truncateAtWord } from './progress-text.js';
import { startSimulatedModel } from './simulated-model.js';

const search = tool({
  name: 'search',
  description: 'Look up a place in the knowledge base; returns a summary and its depth in meters.',
  input: z.object({ query: z.string().describe('the name of the place') }),
  output: z.object({ title: z.string(), summary: z.string(), depthMeters: z.number() }),
  sideEffects: 'none',
  execute: async ({ query }, { signal }) => {
    await sleep(600, undefined, { signal }); // as slow as a real search API
    const article = articles[query.trim().toLowerCase()];
    if (article === undefined) throw new Error(`Nothing found for "${query}"; known: ${Object.keys(articles).join(', ')}`);
    return { title: query, ...article };
  },
});

const math = tool({
  name: 'math',
  description: 'Evaluate an arithmetic expression with + - * / and parentheses, e.g. "10994 - 8376".',
  input: z.object({ expression: z.string() }),
  output: z.number(),
  sideEffects: 'none',
  execute: async ({ expression }) => evaluate(expression),
});

const reportPath = join(fileURLToPath(new URL('..', import.meta.url)), 'out', 'report.md');
const writeReport = tool({
  name: 'write_report',
  description: 'Write a report to a file; returns where it was saved.',
  input: z.object({ title: z.string(), body: z.string() }),
  sideEffects: 'unsafe', // it writes a file: it runs only once the plan has ended cleanly
  execute: async ({ title, body }) => {
    await mkdir(join(reportPath, '..'), { recursive: true });
    await writeFile(reportPath, `# ${title}\n\n${body}\n`);
    return `saved to ${reportPath}`;
  },
});

const config = readModelConfig(process.env);
let server: FakeOpenAIServer | undefined;
let model: LanguageModel;
if (config.mode === 'simulated') {
  server = await startSimulatedModel();
  model = openai('simulated', { baseURL: server.url, apiKey: PLACEHOLDER_KEY });
} else {
  try {
    // The adapter reads OPENAI_BASE_URL and OPENAI_API_KEY itself, and refuses a malformed base URL here.
    model = openai(config.model, openaiOptions(config));
  } catch (error) {
    console.error(`${(error as Error).name}: ${(error as Error).message}`);
    process.exit(1);
  }
}

const question = 'How much deeper is the Mariana Trench than the Puerto Rico Trench? Write me a short report.';
for (const line of describeModelConfig(config, server?.url)) console.log(line);
console.log(`Question: ${question}\n`);

const run = createCompiler({ model, tools: [search, math, writeReport] }).run(question);
const at = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(7);
run.on('plan-start', (event) => console.log(`[${at(event.time)}] planner: round ${event.round}`));
run.on('task-planned', (event) => console.log(`[${at(event.time)}]   planned  ${event.task.id}. ${event.task.source}`));
run.on('task-start', (event) => console.log(`[${at(event.time)}]   started  task ${event.record.task.id}`));
run.on('task-end', (event) => {
  const { record } = event;
  const shown = record.outcome === 'ok' ? JSON.stringify(record.value) : String((record.error as Error).message);
  console.log(`[${at(event.time)}]   ${String(record.outcome).padEnd(8)} task ${record.task.id}: ${truncateAtWord(shown, 90)}`);
});
run.on('plan-end', (event) => console.log(`[${at(event.time)}] ${describePlanEnd(event)}`));
run.on('join-start', (event) => console.log(`[${at(event.time)}] joiner: reading the results`));

try {
  const result = await run.result();
  console.log(`\nAnswer: ${result.answer}\n`);
  const toolMs = result.tasks.reduce((sum, record) => sum + ((record.endedAt ?? 0) - (record.startedAt ?? 0)), 0);
  console.log(`Took ${at(result.durationMs).trim()} with ${result.usage.calls} model calls (${result.usage.total.totalTokens} tokens).`);
  console.log(`The ${result.tasks.length} tool calls alone take ${at(toolMs).trim()} one at a time; here they overlapped with each other and with the plan's streaming.`);
  // The whole run as one HTML page: the plan streaming, the tasks overlapping, the critical path.
  const tracePath = join(reportPath, '..', 'trace.html');
  await mkdir(join(tracePath, '..'), { recursive: true });
  await writeFile(tracePath, renderTrace(result));
  console.log(`Trace: ${tracePath} (open it in a browser)`);
} catch (error) {
  // The message says what went wrong and where (a connection refused names the URL); the stack would not help.
  console.error(`\nThe run failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await server?.close();
}
