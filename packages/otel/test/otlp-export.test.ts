// The spans of a run leave the process over OTLP/HTTP, as a user's collector receives them: a real exporter
// posting to a receiver on 127.0.0.1 that decodes each request.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createCompiler } from '@llmcompiler/core';
import { fakeTool, scriptedModel } from '@llmcompiler/core/test';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { traceRuns } from '../src/index.js';

interface OtlpSpan {
  readonly name: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

it('exports the spans of a run over OTLP/HTTP to a collector', async () => {
  const received: { path: string | undefined; type: string | undefined; body: unknown }[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({ path: request.url, type: request.headers['content-type'], body: JSON.parse(body.toString('utf8')) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;

  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` }))] });
  onTestFinished(() => provider.shutdown());
  const model = scriptedModel({
    modelId: 'planner-model',
    responses: ['1. search("a")\n2. search("b")\n3. join()', 'Action: Finish(found both)'],
  });
  const search = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 20, result: 'found' });
  const compiler = traceRuns(createCompiler({ model, tools: [search] }), { tracer: provider.getTracer('otlp-test'), providerName: 'openai' });
  const result = await compiler.run('Find a and b').result();
  await provider.forceFlush();

  expect(received.length).toBeGreaterThan(0);
  expect(received.every((request) => request.path === '/v1/traces' && request.type === 'application/json')).toBe(true);
  const spans = received.flatMap(({ body }) =>
    (body as { resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) => {
        expect(scope.scope.name).toBe('otlp-test');
        return scope.spans;
      }),
    ),
  );
  const attribute = (span: OtlpSpan, key: string) => span.attributes.find((item) => item.key === key)?.value;
  expect(spans.map((span) => span.name).sort()).toEqual(
    ['chat planner-model', 'chat planner-model', 'execute_tool search', 'execute_tool search', 'invoke_agent llmcompiler', 'plan llmcompiler'].sort(),
  );
  const root = spans.find((span) => span.name === 'invoke_agent llmcompiler')!;
  const plan = spans.find((span) => span.name === 'plan llmcompiler')!;
  expect(root.parentSpanId ?? '').toBe('');
  expect(attribute(root, 'llmcompiler.run.id')).toEqual({ stringValue: result.runId });
  expect(attribute(root, 'gen_ai.operation.name')).toEqual({ stringValue: 'invoke_agent' });
  expect(plan.parentSpanId).toBe(root.spanId);
  const calls = spans.filter((span) => span.name === 'chat planner-model');
  // One call plans (under the plan span), the other joins (under the agent span).
  expect(calls.map((span) => span.parentSpanId).sort()).toEqual([plan.spanId, root.spanId].sort());
  const tools = spans.filter((span) => span.name === 'execute_tool search');
  expect(tools.map((span) => span.parentSpanId)).toEqual([root.spanId, root.spanId]);
  expect(tools.map((span) => attribute(span, 'gen_ai.tool.call.id')?.stringValue).sort()).toEqual(['1', '2']);
  for (const span of tools) {
    const record = result.tasks.find((task) => String(task.task.id) === attribute(span, 'gen_ai.tool.call.id')?.stringValue)!;
    const nanos = BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
    expect(Number(nanos) / 1e6).toBeCloseTo(record.endedAt! - record.startedAt!, 2);
  }
});
