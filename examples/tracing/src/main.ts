// A run seen two ways, on a simulated model (no API key): OpenTelemetry spans that follow the GenAI semantic
// conventions, printed here as a tree (an app would export them to its collector), with the span each lookup
// opens nested under its task's execute_tool span, and a self-contained HTML trace written to out/trace.html.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createCompiler, tool } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { renderTrace } from '@llmcompiler/core/trace';
import { traceRuns } from '@llmcompiler/otel';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';

// An OpenTelemetry SDK as an app sets one up; here the spans stay in memory to be printed. The context manager
// (NodeSDK.start() registers one) is what lets a span opened inside a tool find its parent across awaits.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('tracing-example');

const depths: Record<string, number> = { 'Mariana Trench': 10_994, 'Puerto Rico Trench': 8_376 };

const search = tool({
  name: 'search',
  description: 'Look up an ocean trench; returns its maximum depth in meters.',
  input: z.object({ query: z.string() }),
  output: z.number(),
  sideEffects: 'none',
  // The tool's own span, as an HTTP client's instrumentation would open one: a child of its execute_tool span.
  execute: ({ query }, { signal }) =>
    tracer.startActiveSpan(`lookup ${query}`, async (span) => {
      try {
        await sleep(query === 'Mariana Trench' ? 400 : 250, undefined, { signal }); // a slow lookup
        const depth = depths[query];
        if (depth === undefined) throw new Error(`No entry for ${query}`);
        return depth;
      } finally {
        span.end();
      }
    }),
});

const difference = tool({
  name: 'difference',
  description: 'Subtract b from a.',
  input: z.object({ a: z.number(), b: z.number() }),
  output: z.number(),
  sideEffects: 'none',
  execute: async ({ a, b }) => a - b,
});

// The simulated model: 200 ms to the first token, then 4 characters every 10 ms.
const model = scriptedModel({
  modelId: 'simulated-model',
  timeToFirstTokenMs: 200,
  chunkSize: 4,
  delayPerChunkMs: 10,
  responses: [
    'Thought: Look up both trenches at once, then subtract.\n1. search("Mariana Trench")\n2. search("Puerto Rico Trench")\n3. difference(a=$1, b=$2)\n4. join()',
    'Action: Finish(The Mariana Trench is 2,618 m deeper than the Puerto Rico Trench.)',
  ],
});

const compiler = traceRuns(createCompiler({ model, tools: [search, difference] }), { tracer, recordContent: true });

const result = await compiler.run('How much deeper is the Mariana Trench than the Puerto Rico Trench?').result();
await provider.forceFlush();
console.log(`Answer: ${result.answer}\n`);

// The spans as a tree, each with its start and length on the run's clock.
const spans = exporter.getFinishedSpans();
const ms = (time: readonly [number, number]) => time[0] * 1000 + time[1] / 1e6;
const root = spans.find((span) => span.parentSpanContext === undefined)!;
const origin = ms(root.startTime);
const children = (parent: ReadableSpan) => spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId).sort((a, b) => ms(a.startTime) - ms(b.startTime));
const print = (span: ReadableSpan, depth: number): void => {
  const start = (ms(span.startTime) - origin).toFixed(0).padStart(5);
  const length = (ms(span.endTime) - ms(span.startTime)).toFixed(0).padStart(5);
  console.log(`${start} ms +${length} ms  ${'  '.repeat(depth)}${span.name}`);
  for (const child of children(span)) print(child, depth + 1);
};
console.log('OpenTelemetry spans (start, length, name):');
print(root, 0);

const tracePath = join(fileURLToPath(new URL('..', import.meta.url)), 'out', 'trace.html');
await mkdir(join(tracePath, '..'), { recursive: true });
await writeFile(tracePath, renderTrace(result));
console.log(`\nTrace: ${tracePath} (open it in a browser)`);
await provider.shutdown();
