// The spans of real runs (scripted models, fake tools, fake timers) through the real OpenTelemetry SDK.
import { createCompiler, createMemoryJournal, InvalidOptionError, tool, type LanguageModel, type RunResult } from '@llmcompiler/core';
import { fakeTool, scriptedModel } from '@llmcompiler/core/test';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { traceRun, traceRuns } from '../src/index.js';

let exporter: InMemorySpanExporter;
let tracer: Tracer;

beforeEach(() => {
  // A clock on an epoch time, as a real one is: spans are stamped in milliseconds since the epoch.
  vi.useFakeTimers({ now: 1_800_000_000_000 });
  exporter = new InMemorySpanExporter();
  tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
});
afterEach(() => {
  vi.useRealTimers();
});

const search = () =>
  fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 300, result: ({ query }) => `found ${query}` });
const combine = (fail?: Error) =>
  fakeTool({ name: 'combine', input: z.object({ a: z.string(), b: z.string() }), sideEffects: 'none', latencyMs: 50, result: ({ a, b }) => `${a} + ${b}`, ...(fail === undefined ? {} : { fail }) });

const plan = '1. search("a")\n2. search("b")\n3. combine($1, $2)\n4. join()';

function models(joinerAnswers: string[], plans: string[] = [plan]) {
  const planner = scriptedModel({ modelId: 'planner-model', timeToFirstTokenMs: 100, chunkSize: 4, delayPerChunkMs: 10, responses: plans.map((text) => ({ text, usage: { promptTokens: 500, completionTokens: 40 } })) });
  const joiner = scriptedModel({ modelId: 'joiner-model', timeToFirstTokenMs: 80, responses: joinerAnswers.map((text) => ({ text, usage: { promptTokens: 300, completionTokens: 12 } })) });
  return { model: planner, joiner: { model: joiner } };
}

async function settle(promise: Promise<RunResult>): Promise<RunResult> {
  await vi.runAllTimersAsync();
  return promise;
}

const byName = (spans: readonly ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const one = (spans: readonly ReadableSpan[], name: string) => {
  const found = byName(spans, name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const ms = (time: readonly [number, number]) => time[0] * 1000 + time[1] / 1e6;

describe('traceRuns', () => {
  it('writes the agent span, the plan with its model call, a tool span per task beside it, and the joiner call', async () => {
    const compiler = traceRuns(createCompiler({ ...models(['Action: Finish(found a + found b)']), tools: [search(), combine()] }), { tracer, providerName: 'openai' });
    const result = await settle(compiler.run('What do a and b make?').result());
    const spans = exporter.getFinishedSpans();
    const root = one(spans, 'invoke_agent llmcompiler');
    const planSpan = one(spans, 'plan llmcompiler');
    const plannerCall = one(spans, 'chat planner-model');
    const joinerCall = one(spans, 'chat joiner-model');
    const tools = [...byName(spans, 'execute_tool search'), ...byName(spans, 'execute_tool combine')];
    expect(spans).toHaveLength(7);
    expect(parentOf(root)).toBeUndefined();
    expect(parentOf(planSpan)).toBe(root.spanContext().spanId);
    expect(parentOf(plannerCall)).toBe(planSpan.spanContext().spanId);
    expect(tools.map(parentOf)).toEqual([root.spanContext().spanId, root.spanContext().spanId, root.spanContext().spanId]);
    expect(parentOf(joinerCall)).toBe(root.spanContext().spanId);
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);

    expect(root.kind).toBe(SpanKind.INTERNAL);
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'llmcompiler',
      'gen_ai.provider.name': 'openai',
      'llmcompiler.run.id': result.runId,
      'gen_ai.usage.input_tokens': 800,
      'gen_ai.usage.output_tokens': 52,
      'llmcompiler.replans': 0,
    });
    expect(planSpan.attributes).toMatchObject({ 'gen_ai.operation.name': 'plan', 'llmcompiler.round': 1, 'llmcompiler.plan.end_reason': 'join', 'llmcompiler.plan.task_count': 3 });
    expect(plannerCall.kind).toBe(SpanKind.CLIENT);
    expect(plannerCall.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'planner-model',
      'gen_ai.provider.name': 'openai',
      'gen_ai.usage.input_tokens': 500,
      'gen_ai.usage.output_tokens': 40,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(joinerCall.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'joiner-model', 'gen_ai.usage.input_tokens': 300, 'llmcompiler.join.decision': 'finish' });
    const combineSpan = one(spans, 'execute_tool combine');
    expect(combineSpan.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'combine',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': '3',
      'llmcompiler.task.outcome': 'ok',
      'llmcompiler.task.dependencies': [1, 2],
      'llmcompiler.task.attempts': 1,
    });
    expect(spans.every((span) => span.status.code !== SpanStatusCode.ERROR)).toBe(true);
  });

  it("times each span with the run's own records: tool spans overlap as the tasks did, and start while the plan streams", async () => {
    const compiler = traceRuns(createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }), { tracer });
    const result = await settle(compiler.run('q').result());
    const spans = exporter.getFinishedSpans();
    const root = one(spans, 'invoke_agent llmcompiler');
    const origin = ms(root.startTime) - result.events[0]!.time;
    const [first, second] = byName(spans, 'execute_tool search').sort((a, b) => ms(a.startTime) - ms(b.startTime));
    const planSpan = one(spans, 'plan llmcompiler');
    for (const record of result.tasks) {
      const span = spans.find((candidate) => candidate.attributes['gen_ai.tool.call.id'] === String(record.task.id))!;
      expect(ms(span.startTime) - origin).toBeCloseTo(record.startedAt!, 3);
      expect(ms(span.endTime) - origin).toBeCloseTo(record.endedAt!, 3);
    }
    // Both searches ran at once (300 ms each), and began before the plan had finished streaming.
    expect(ms(second!.startTime)).toBeLessThan(ms(first!.endTime));
    expect(ms(first!.startTime)).toBeLessThan(ms(planSpan.endTime));
    expect(ms(first!.endTime) - ms(first!.startTime)).toBeCloseTo(300, 3);
    const planEnd = result.events.find((event) => event.type === 'plan-end')!;
    expect(ms(planSpan.endTime) - origin).toBeCloseTo(planEnd.time, 3);
    expect(ms(root.endTime) - ms(root.startTime)).toBeCloseTo(result.events.at(-1)!.time - result.events[0]!.time, 3);
  });

  it('marks failed tools and the tasks skipped after them as errors, with their error type and no message', async () => {
    const compiler = traceRuns(
      createCompiler({
        ...models(['Action: Finish(partial)'], ['1. search("a")\n2. combine($1, "x")\n3. search("$2")\n4. join()']),
        tools: [search(), combine(new Error('secret details'))],
      }),
      { tracer },
    );
    await settle(compiler.run('q').result());
    const spans = exporter.getFinishedSpans();
    const failed = one(spans, 'execute_tool combine');
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Error' });
    expect(failed.attributes).toMatchObject({ 'error.type': 'Error', 'llmcompiler.task.outcome': 'error' });
    const skipped = byName(spans, 'execute_tool search').find((span) => span.attributes['gen_ai.tool.call.id'] === '3')!;
    expect(skipped.attributes).toMatchObject({ 'error.type': 'TaskSkippedError', 'llmcompiler.task.outcome': 'skipped', 'llmcompiler.task.attempts': 0 });
    expect(ms(skipped.endTime)).toBe(ms(skipped.startTime));
    expect(JSON.stringify(spans.map((span) => [span.attributes, span.status]))).not.toContain('secret details');
    expect(one(spans, 'invoke_agent llmcompiler').status.code).toBe(SpanStatusCode.UNSET);
  });

  it("records each retry as an event of the tool span, which covers every attempt", async () => {
    const flaky = fakeTool({
      name: 'search',
      input: z.object({ query: z.string() }),
      sideEffects: 'none',
      latencyMs: 100,
      retry: { attempts: 3, initialDelayMs: 50, jitter: false },
      fail: (_input: unknown, attempt: number) => (attempt < 3 ? new RangeError('503') : undefined),
      result: 'found',
    });
    const compiler = traceRuns(createCompiler({ ...models(['Action: Finish(done)'], ['1. search("a")\n2. join()']), tools: [flaky] }), { tracer });
    const result = await settle(compiler.run('q').result());
    const span = one(exporter.getFinishedSpans(), 'execute_tool search');
    const origin = ms(one(exporter.getFinishedSpans(), 'invoke_agent llmcompiler').startTime) - result.events[0]!.time;
    expect(span.attributes).toMatchObject({ 'llmcompiler.task.attempts': 3, 'llmcompiler.task.outcome': 'ok' });
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      ['llmcompiler.task.retry', { 'llmcompiler.task.attempt': 1, 'llmcompiler.task.retry_delay_ms': 50, 'error.type': 'RangeError' }],
      ['llmcompiler.task.retry', { 'llmcompiler.task.attempt': 2, 'llmcompiler.task.retry_delay_ms': 100, 'error.type': 'RangeError' }],
    ]);
    const retries = result.events.filter((event) => event.type === 'task-retry');
    expect(span.events.map((event) => ms(event.time) - origin)).toEqual(retries.map((event) => expect.closeTo(event.time, 3)));
    expect(ms(span.endTime) - ms(span.startTime)).toBeCloseTo(3 * 100 + 50 + 100, 3);
  });

  it('records a replan as an event and the next round as its own plan span and model calls', async () => {
    const compiler = traceRuns(
      createCompiler({ ...models(['Action: Replan(need c)', 'Action: Finish(done)'], ['1. search("a")\n2. join()', '3. search("c")\n4. join()']), tools: [search(), combine()] }),
      { tracer },
    );
    await settle(compiler.run('q').result());
    const spans = exporter.getFinishedSpans();
    const root = one(spans, 'invoke_agent llmcompiler');
    expect(byName(spans, 'plan llmcompiler').map((span) => span.attributes['llmcompiler.round'])).toEqual([1, 2]);
    expect(byName(spans, 'chat planner-model').map((span) => span.attributes['llmcompiler.round'])).toEqual([1, 2]);
    expect(byName(spans, 'chat joiner-model').map((span) => span.attributes['llmcompiler.join.decision'])).toEqual(['replan', 'finish']);
    expect(byName(spans, 'execute_tool search').map((span) => span.attributes['llmcompiler.round'])).toEqual([1, 2]);
    expect(root.attributes['llmcompiler.replans']).toBe(1);
    expect(root.events.map((event) => [event.name, event.attributes])).toEqual([['llmcompiler.replan', { 'llmcompiler.round': 1 }]]);
  });

  it('records inputs and outputs only when recordContent is on', async () => {
    const run = (recordContent: boolean) =>
      settle(traceRuns(createCompiler({ ...models(['Action: Finish(found a + found b)']), tools: [search(), combine()] }), { tracer, recordContent }).run('What do a and b make?').result());
    await run(false);
    const plain = exporter.getFinishedSpans();
    const contentKeys = ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result'];
    expect(plain.flatMap((span) => Object.keys(span.attributes)).filter((key) => contentKeys.includes(key))).toEqual([]);
    exporter.reset();
    await run(true);
    const spans = exporter.getFinishedSpans();
    const root = one(spans, 'invoke_agent llmcompiler');
    expect(JSON.parse(root.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'What do a and b make?' }] }]);
    expect(JSON.parse(root.attributes['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'found a + found b' }], finish_reason: 'stop' }]);
    const combineSpan = one(spans, 'execute_tool combine');
    expect(JSON.parse(combineSpan.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({ a: 'found a', b: 'found b' });
    expect(JSON.parse(combineSpan.attributes['gen_ai.tool.call.result'] as string)).toBe('found a + found b');
    const planText = JSON.parse(one(spans, 'chat planner-model').attributes['gen_ai.output.messages'] as string)[0].parts[0].content;
    expect(planText).toBe(plan);
  });

  it('marks the agent span failed when the run fails, and the model call that failed', async () => {
    const planner = scriptedModel({ modelId: 'planner-model', responses: [{ text: '1. search("a")\n', failure: { type: 'throw', error: new TypeError('socket hang up'), afterChunks: 100 } }] });
    const run = traceRuns(createCompiler({ model: planner, tools: [search()] }), { tracer }).run('q');
    await vi.runAllTimersAsync();
    await expect(run.result()).rejects.toThrow('socket hang up');
    const spans = exporter.getFinishedSpans();
    const root = one(spans, 'invoke_agent llmcompiler');
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
    expect(root.attributes['error.type']).toBe('TypeError');
    expect(one(spans, 'chat planner-model').attributes['error.type']).toBe('TypeError');
    expect(one(spans, 'plan llmcompiler').status.code).toBe(SpanStatusCode.ERROR);
    // The task the plan had sent was aborted when the run failed.
    expect(one(spans, 'execute_tool search').attributes['llmcompiler.task.outcome']).toBe('aborted');
  });

  it('makes the agent span a child of the span active when the run starts, or of the context given', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    onTestFinished(() => {
      context.disable();
      manager.disable();
    });
    const compiler = traceRuns(createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }), { tracer });
    const request = tracer.startSpan('http request');
    const pending = context.with(trace.setSpan(context.active(), request), () => compiler.run('q').result());
    await settle(pending);
    request.end();
    const root = one(exporter.getFinishedSpans(), 'invoke_agent llmcompiler');
    expect(parentOf(root)).toBe(request.spanContext().spanId);
    expect(root.spanContext().traceId).toBe(request.spanContext().traceId);

    exporter.reset();
    const other = tracer.startSpan('job');
    const run = traceRun(createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }).run('q'), { tracer, context: trace.setSpan(ROOT_CONTEXT, other) });
    await settle(run.result());
    expect(parentOf(one(exporter.getFinishedSpans(), 'invoke_agent llmcompiler'))).toBe(other.spanContext().spanId);
  });

  it('starts no span beyond the agent span when it is not recorded (sampled out, or no SDK registered)', async () => {
    const off = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('off');
    const startSpan = vi.spyOn(off, 'startSpan');
    const result = await settle(traceRuns(createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }), { tracer: off }).run('q').result());
    expect(result.answer).toBe('done');
    expect(startSpan).toHaveBeenCalledTimes(1);
    expect(exporter.getFinishedSpans()).toEqual([]);
    // Without a tracer, the global API's: a no-op until an SDK is registered.
    const global = await settle(traceRuns(createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] })).run('q').result());
    expect(global.answer).toBe('done');
  });

  // A round planned before the run was resumed has no plan-start in the resumed run's events, so it gets no
  // plan or joiner span (the trace reader builds rounds from plan-start): only the agent and the tools.
  it('traces a resumed run: an agent span with the same run id, and a tool span per task', async () => {
    const journal = createMemoryJournal();
    const first = createCompiler({ ...models([]), tools: [search(), combine()], journal }).run('What do a and b make?');
    // Aborted once both searches ended: `combine` has not started.
    let ended = 0;
    first.on('task-end', () => {
      if (++ended === 2) first.abort(new Error('stopped'));
    });
    const stopped = first.result().catch(() => undefined);
    await vi.runAllTimersAsync();
    await stopped;
    exporter.reset();
    const compiler = traceRuns(createCompiler({ ...models(['Action: Finish(found a + found b)']), tools: [search(), combine()], journal }), { tracer });
    const result = await settle(compiler.resume(first.id).result());
    const spans = exporter.getFinishedSpans();
    expect(result.answer).toBe('found a + found b');
    const root = one(spans, 'invoke_agent llmcompiler');
    expect(root.attributes['llmcompiler.run.id']).toBe(first.id);
    expect(spans.map((span) => span.name).sort()).toEqual(['execute_tool combine', 'execute_tool search', 'execute_tool search', 'invoke_agent llmcompiler']);
    expect(byName(spans, 'execute_tool combine')[0]!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('rejects options that are not what it expects, naming them', () => {
    const compiler = createCompiler({ ...models([]), tools: [search()] });
    expect(() => traceRuns(compiler, { tracer: {} as Tracer })).toThrow(InvalidOptionError);
    expect(() => traceRuns(compiler, { tracer: {} as Tracer })).toThrow(/Expected `tracer` to be an OpenTelemetry Tracer/);
    expect(() => traceRuns(compiler, { recordContent: 'yes' as unknown as boolean })).toThrow(/Expected `recordContent` to be a boolean, got/);
    expect(() => traceRuns(compiler, { tracerr: tracer } as never)).toThrow(/`tracerr`/);
    expect(() => traceRuns({} as never, { tracer })).toThrow(/Expected `compiler` to be a compiler from createCompiler\(\)/);
    expect(() => traceRun(null as never, { tracer })).toThrow(/Expected `run` to be a run from compiler.run\(\)/);
  });
});

/** Registers the context manager an SDK's `register()` sets up: what makes `context.with` reach async code. */
function useAsyncContext(): void {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  onTestFinished(() => {
    context.disable();
    manager.disable();
  });
}

describe('live spans', () => {
  it("nests the spans a tool opens in its execute under the tool's execute_tool span, across awaits", async () => {
    useAsyncContext();
    const fetchLike = tool({
      name: 'fetch_page',
      description: 'Fetches a page.',
      input: z.object({ url: z.string() }),
      sideEffects: 'none',
      execute: async ({ url }) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        // What an HTTP client's instrumentation does: a span under the active one.
        return tracer.startActiveSpan(`GET ${url}`, async (span) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          span.end();
          return `page ${url}`;
        });
      },
    });
    const compiler = traceRuns(createCompiler({ ...models(['Action: Finish(done)'], ['1. fetch_page("a")\n2. fetch_page("b")\n3. join()']), tools: [fetchLike] }), { tracer });
    await settle(compiler.run('q').result());
    const spans = exporter.getFinishedSpans();
    const toolSpans = byName(spans, 'execute_tool fetch_page');
    expect(toolSpans).toHaveLength(2);
    for (const id of ['a', 'b']) {
      const own = one(spans, `GET ${id}`);
      const parent = toolSpans.find((span) => span.spanContext().spanId === parentOf(own))!;
      expect(parent, `the parent of GET ${id}`).toBeDefined();
      expect(parent.attributes['gen_ai.tool.call.id']).toBe(id === 'a' ? '1' : '2');
      expect(own.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(ms(own.startTime)).toBeGreaterThanOrEqual(ms(parent.startTime));
      expect(ms(own.endTime)).toBeLessThanOrEqual(ms(parent.endTime) + 1e-3);
    }
    // Nothing ran outside the run's trace.
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
  });

  it("nests the spans a model client opens under the planner's and the joiner's chat spans", async () => {
    useAsyncContext();
    const { model: planner, joiner } = models(['Action: Finish(done)']);
    // A model whose client is instrumented: each request is a span under the active one, opened as the stream is read.
    const instrumented = (inner: LanguageModel): LanguageModel => ({
      modelId: inner.modelId,
      async *stream(request) {
        const span = tracer.startSpan(`POST ${inner.modelId}`);
        try {
          yield* inner.stream(request);
        } finally {
          span.end();
        }
      },
    });
    const compiler = traceRuns(createCompiler({ model: instrumented(planner), joiner: { model: instrumented(joiner.model) }, tools: [search(), combine()] }), { tracer });
    await settle(compiler.run('q').result());
    const spans = exporter.getFinishedSpans();
    expect(parentOf(one(spans, 'POST planner-model'))).toBe(one(spans, 'chat planner-model').spanContext().spanId);
    expect(parentOf(one(spans, 'POST joiner-model'))).toBe(one(spans, 'chat joiner-model').spanContext().spanId);
  });

  it("keeps the run's own instrumentation, run inside the spans' context", async () => {
    useAsyncContext();
    const seen: string[] = [];
    const compiler = traceRuns(createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }), { tracer });
    const run = compiler.run('q', {
      instrumentation: {
        toolCall: (call, execute) => {
          seen.push(`${call.tool} ${call.taskId} in ${trace.getActiveSpan()?.spanContext().spanId}`);
          return execute();
        },
      },
    });
    await settle(run.result());
    const spans = exporter.getFinishedSpans();
    const spanOf = (id: number) => spans.find((span) => span.attributes['gen_ai.tool.call.id'] === String(id))!.spanContext().spanId;
    expect(seen).toEqual([`search 1 in ${spanOf(1)}`, `search 2 in ${spanOf(2)}`, `combine 3 in ${spanOf(3)}`]);
  });

  it('records the messages sent to the planner and the joiner on their chat spans, only when recordContent is on', async () => {
    const planner = scriptedModel({ modelId: 'planner-model', responses: [plan] });
    const joiner = scriptedModel({ modelId: 'joiner-model', responses: ['Action: Finish(found a + found b)'] });
    const compiler = traceRuns(createCompiler({ model: planner, joiner: { model: joiner }, tools: [search(), combine()] }), { tracer, recordContent: true });
    await settle(compiler.run('What do a and b make?').result());
    const spans = exporter.getFinishedSpans();
    const asSent = (messages: readonly { role: string; content: string }[]) => messages.map(({ role, content }) => ({ role, parts: [{ type: 'text', content }] }));
    const plannerInput = JSON.parse(one(spans, 'chat planner-model').attributes['gen_ai.input.messages'] as string);
    expect(plannerInput).toEqual(asSent(planner.requests[0]!.messages));
    expect(plannerInput.map((message: { role: string }) => message.role)).toEqual(['system', 'user']);
    const joinerInput = JSON.parse(one(spans, 'chat joiner-model').attributes['gen_ai.input.messages'] as string);
    expect(joinerInput).toEqual(asSent(joiner.requests[0]!.messages));
    expect(JSON.stringify(joinerInput)).toContain('found a');
  });
});

describe('traceRun on a run already under way or ended', () => {
  const treeOf = (spans: readonly ReadableSpan[]) => {
    const names = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
    return spans.map((span) => `${span.name} < ${names.get(parentOf(span)!) ?? '(root)'}`).sort();
  };
  const timesOf = (spans: readonly ReadableSpan[]) => spans.map((span) => [span.name, span.attributes['gen_ai.tool.call.id'], ms(span.startTime), ms(span.endTime)]).sort();

  it('records a run that has ended from its events, with the same spans and times as a run traced from its start', async () => {
    const traced = traceRun(createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }).run('q'), { tracer });
    const first = await settle(traced.result());
    const live = exporter.getFinishedSpans();
    exporter.reset();

    const ended = createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }).run('q');
    const second = await settle(ended.result());
    expect(exporter.getFinishedSpans()).toEqual([]);
    traceRun(ended, { tracer });
    const late = exporter.getFinishedSpans();
    expect(late).toHaveLength(7);
    expect(treeOf(late)).toEqual(treeOf(live));
    const origin = (result: RunResult) => result.events[0]!.type === 'run-start' ? result.events[0]!.timeOrigin : NaN;
    const relative = (spans: readonly ReadableSpan[], result: RunResult) => timesOf(spans).map(([name, id, start, end]) => [name, id, (start as number) - origin(result), (end as number) - origin(result)]);
    expect(relative(late, second)).toEqual(relative(live, first));
  });

  it('records what a run under way has done so far, then follows the rest', async () => {
    const run = createCompiler({ ...models(['Action: Finish(done)']), tools: [search(), combine()] }).run('q');
    // Until both searches run: the plan has streamed, the combine waits for them.
    await vi.advanceTimersByTimeAsync(250);
    expect(run.events.filter((event) => event.type === 'task-start')).toHaveLength(2);
    traceRun(run, { tracer });
    expect(exporter.getFinishedSpans()).toEqual([]);
    const result = await settle(run.result());
    const spans = exporter.getFinishedSpans();
    expect(treeOf(spans)).toEqual(
      [
        'invoke_agent llmcompiler < (root)',
        'plan llmcompiler < invoke_agent llmcompiler',
        'chat planner-model < plan llmcompiler',
        'execute_tool search < invoke_agent llmcompiler',
        'execute_tool search < invoke_agent llmcompiler',
        'execute_tool combine < invoke_agent llmcompiler',
        'chat joiner-model < invoke_agent llmcompiler',
      ].sort(),
    );
    const origin = ms(one(spans, 'invoke_agent llmcompiler').startTime) - result.events[0]!.time;
    for (const record of result.tasks) {
      const span = spans.find((candidate) => candidate.attributes['gen_ai.tool.call.id'] === String(record.task.id))!;
      expect(ms(span.startTime) - origin).toBeCloseTo(record.startedAt!, 3);
      expect(ms(span.endTime) - origin).toBeCloseTo(record.endedAt!, 3);
    }
  });
});
