// The spans of real runs (scripted models, fake tools, fake timers) through the real OpenTelemetry SDK.
import { createCompiler, InvalidOptionError, type RunResult } from '@llmcompiler/core';
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
