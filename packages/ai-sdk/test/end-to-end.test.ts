// The whole path over real HTTP: the compiler, this package's adapters, the AI SDK's own providers
// (`@ai-sdk/openai-compatible` and `@ai-sdk/anthropic`, with their real fetch, SSE parsing and error
// handling) and the local server of @llmcompiler/testing, which speaks OpenAI's chat completions and
// Anthropic's Messages API.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createCompiler, ModelCallError, ModelStreamError, type LanguageModel, type ModelRequest, type ModelStreamPart, type RunEvent } from '@llmcompiler/core';
import { scriptedAgent, startFakeOpenAI, type Answer, type FakeOpenAIOptions, type FakeOpenAIServer } from '@llmcompiler/testing';
import { tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromAISDKModel, fromAISDKTools, type FromAISDKModelOptions } from '../src/index.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const depths: Record<string, number> = { 'mariana trench': 10994, 'puerto rico trench': 8376 };
const tools = fromAISDKTools(
  {
    lookup: tool({
      description: 'Depth of an ocean trench in meters.',
      inputSchema: z.object({ name: z.string() }),
      execute: async ({ name }) => {
        const depth = depths[name.toLowerCase()];
        if (depth === undefined) throw new Error(`No trench named ${name}`);
        return { name, depth };
      },
    }),
    subtract: tool({
      description: 'a minus b.',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }) => a - b,
    }),
  },
  { sideEffects: 'none' },
);

const script = {
  plan: [
    { tool: 'lookup', args: { name: 'Mariana Trench' } },
    { tool: 'lookup', args: { name: 'Puerto Rico Trench' } },
    { tool: 'subtract', args: { a: '$1.depth', b: '$2.depth' } },
  ],
  answer: ({ prompt }: { prompt: string }) => (prompt.includes('2618') ? 'The Mariana Trench is 2618 m deeper.' : 'I could not tell.'),
};

type Provider = 'openai-compatible' | 'anthropic';

async function modelOn(provider: Provider, options: FakeOpenAIOptions, adapter: FromAISDKModelOptions = {}): Promise<LanguageModel> {
  server = await startFakeOpenAI(options);
  const model =
    provider === 'anthropic'
      ? createAnthropic({ baseURL: server.url, apiKey: 'test-key' })('claude-sonnet-4-5')
      : createOpenAICompatible({ name: 'fake', baseURL: server.url, apiKey: 'test-key', includeUsage: true })('fake-model');
  return fromAISDKModel(model, adapter);
}

const planTasks = (events: readonly RunEvent[]) => events.filter((event) => event.type === 'task-planned').length;

describe.each(['openai-compatible', 'anthropic'] as const)('%s as planner and joiner, over HTTP', (provider) => {
  it('plans in text, runs AI SDK tools with values flowing between them, and answers', async () => {
    const model = await modelOn(provider, { responder: scriptedAgent(script) });
    const result = await createCompiler({ model, tools }).run('How much deeper is the Mariana Trench than the Puerto Rico Trench?').result();

    expect(result.answer).toBe('The Mariana Trench is 2618 m deeper.');
    expect(result.tasks.map((record) => [record.task.tool, record.outcome, record.value])).toEqual([
      ['lookup', 'ok', { name: 'Mariana Trench', depth: 10994 }],
      ['lookup', 'ok', { name: 'Puerto Rico Trench', depth: 8376 }],
      ['subtract', 'ok', 2618],
    ]);
    const [planner, joiner] = server!.requests;
    expect(planner?.body.stop).toEqual(['<END_OF_PLAN>']);
    expect(planner?.body.stream).toBe(true);
    if (provider === 'anthropic') expect(planner?.anthropic?.stop_sequences).toEqual(['<END_OF_PLAN>']);
    // Usage is what the server counted, through the provider's own usage parsing.
    expect(result.usage.planner.promptTokens).toBe(planner?.usage?.promptTokens);
    expect(result.usage.planner.completionTokens).toBe(planner?.usage?.completionTokens);
    expect(result.usage.joiner.promptTokens).toBe(joiner?.usage?.promptTokens);
    expect(result.events.find((event) => event.type === 'plan-end')).toMatchObject({ reason: 'join', clean: true });
  });

  it('plans with native tool calls', async () => {
    const model = await modelOn(provider, { responder: scriptedAgent(script), tokensPerChunk: 2 });
    const compiler = createCompiler({ model, tools, planner: { format: 'tool-calls' } });
    const result = await compiler.run('How much deeper is the Mariana Trench?').result();

    expect(result.answer).toBe('The Mariana Trench is 2618 m deeper.');
    expect(result.tasks.map((record) => record.value)).toEqual([
      { name: 'Mariana Trench', depth: 10994 },
      { name: 'Puerto Rico Trench', depth: 8376 },
      2618,
    ]);
    const offered = server!.requests[0]?.body.tools?.map((definition) => definition.function.name);
    expect(offered).toEqual(['lookup', 'subtract', 'join']);
    expect(result.events.find((event) => event.type === 'plan-end')).toMatchObject({ reason: 'join', finishReason: 'tool-calls', clean: true });
  });

  it('fails the run with ModelCallError when the provider answers 500', async () => {
    const model = await modelOn(provider, { responses: [{ fault: { type: 'status', status: 500, message: 'Upstream exploded' } }] }, { maxRetries: 0 });
    const error = await createCompiler({ model, tools }).run('How deep?').result().catch((thrown: unknown) => thrown);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, providerMessage: 'Upstream exploded', requestId: 'req_fake_0' });
    expect(error).toMatchObject({ code: provider === 'anthropic' ? 'api_error' : 'server_error' });
  });

  it('retries a 429 after its retry-after, then runs', async () => {
    const answers: Answer[] = [{ fault: { type: 'status', status: 429, retryAfterSeconds: 0 } }];
    const agent = scriptedAgent(script);
    const model = await modelOn(provider, { responder: (request, { callIndex }) => answers[callIndex] ?? agent(request) });
    const result = await createCompiler({ model, tools }).run('How deep?').result();
    expect(result.answer).toBe('The Mariana Trench is 2618 m deeper.');
    expect(server!.requests.map((request) => request.status)).toEqual([429, 200, 200]);
  });

  it('reports a 429 that outlasts the retries as ModelCallError with the rate-limit code', async () => {
    const limited: Answer = { fault: { type: 'status', status: 429, retryAfterSeconds: 0 } };
    const model = await modelOn(provider, { responses: [limited, limited] }, { maxRetries: 1 });
    const error = await createCompiler({ model, tools }).run('How deep?').result().catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: 'ModelCallError', status: 429, code: provider === 'anthropic' ? 'rate_limit_error' : 'rate_limit_exceeded' });
    expect(server!.requests).toHaveLength(2);
  });

  it.each([
    ['truncated (the response ends cleanly, without its end)', 'truncate'],
    ['cut (the connection drops)', 'cut'],
  ] as const)('fails the run with ModelStreamError when the plan stream is %s', async (_, type) => {
    const model = await modelOn(provider, { responses: [{ content: '1. lookup("Mariana Trench")\n2. lookup("Puerto', fault: { type, afterTokens: 6 } }] });
    const run = createCompiler({ model, tools }).run('How deep?');
    const error = await run.result().catch((thrown: unknown) => thrown);
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Model `(fake-model|claude-sonnet-4-5)` stream was cut off before it finished: /);
    expect(run.events.find((event) => event.type === 'plan-end')).toMatchObject({ clean: false });
  });

  it('fails the run with ModelCallError for an error event inside the stream', async () => {
    const model = await modelOn(provider, {
      responses: [{ content: '1. lookup("Mariana Trench")\n2. join()', fault: { type: 'error-event', afterTokens: 4, message: 'Overloaded right now' } }],
    });
    const error = await createCompiler({ model, tools }).run('How deep?').result().catch((thrown: unknown) => thrown);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: undefined, providerMessage: 'Overloaded right now' });
  });

  it('aborts the HTTP request when the run is aborted mid-plan', async () => {
    const model = await modelOn(provider, { responses: [{ content: '1. lookup("Mariana Trench")\n2. join()', fault: { type: 'hang', afterTokens: 3 } }] });
    const run = createCompiler({ model, tools }).run('How deep?');
    const reason = new Error('user left');
    run.on('plan-token', () => run.abort(reason));
    await expect(run.result()).rejects.toBe(reason);
    await expect.poll(() => server!.requests[0]?.aborted).toBe(true);
  });
});

describe('Anthropic as a tool-call planner', () => {
  const slowly = { latency: { timeToFirstTokenMs: 0, outputTokensPerSecond: 200 }, tokensPerChunk: 2 };

  it('streams tool inputs (eager_input_streaming), so the first task starts before the plan ends', async () => {
    const model = await modelOn('anthropic', { responder: scriptedAgent(script), ...slowly });
    const run = createCompiler({ model, tools, planner: { format: 'tool-calls' } }).run('How much deeper is the Mariana Trench?');
    const result = await run.result();

    const planner = server!.requests[0]?.anthropic;
    expect(planner?.tools?.map((definition) => [definition.name, definition.eager_input_streaming])).toEqual([
      ['lookup', true],
      ['subtract', true],
      ['join', true],
    ]);
    const firstStart = result.events.find((event) => event.type === 'task-start');
    const planEnd = result.events.find((event) => event.type === 'plan-end');
    expect(firstStart).toMatchObject({ record: { task: { id: 1 } } });
    // Timestamps on the run's clock: task 1 ran while tasks 2 and 3 were still being written.
    expect(firstStart!.time).toBeLessThan(planEnd!.time);
    expect(firstStart!.sequence).toBeLessThan(planEnd!.sequence);
    expect(planTasks(result.events.filter((event) => event.sequence < firstStart!.sequence))).toBeLessThan(3);
  });

  it('gets each tool input in pieces with tool streaming, in one burst without', async () => {
    const toolCalls = [{ name: 'lookup', arguments: { name: 'Mariana Trench', unit: 'meters', note: 'the deepest point' } }];
    const request: ModelRequest = {
      messages: [{ role: 'user', content: 'Plan.' }],
      tools: [{ name: 'lookup', description: 'Depth.', parameters: { type: 'object', properties: { name: { type: 'string' } } } }],
    };
    const argumentDeltas = async (adapter: FromAISDKModelOptions) => {
      const model = await modelOn('anthropic', { responses: [{ toolCalls }] }, adapter);
      const parts: ModelStreamPart[] = [];
      for await (const part of model.stream(request)) parts.push(part);
      await server!.close();
      return parts.filter((part) => part.type === 'tool-call-delta' && part.arguments !== undefined);
    };
    const streamed = await argumentDeltas({});
    const burst = await argumentDeltas({ providerOptions: { anthropic: { toolStreaming: false } } });

    const whole = JSON.stringify(toolCalls[0]?.arguments);
    const joined = (parts: ModelStreamPart[]) => parts.map((part) => (part.type === 'tool-call-delta' ? part.arguments : '')).join('');
    expect(streamed.length).toBeGreaterThan(3);
    expect(joined(streamed)).toBe(whole);
    expect(burst).toHaveLength(1);
    expect(joined(burst)).toBe(whole);
  });
});
