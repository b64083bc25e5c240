// The Responses API over real HTTP: the compiler, this adapter with `api: 'responses'`, the real `openai`
// client, and `POST /v1/responses` of the local server of @llmcompiler/testing on 127.0.0.1.
import { createCompiler, RunTimeoutError, type RunEvent } from '@llmcompiler/core';
import { fakeTool } from '@llmcompiler/core/test';
import { countPromptTokens, countTextTokens, scriptedAgent, startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from '@llmcompiler/testing';
import { OpenAI } from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ModelCallError, ModelStreamError, openai, type OpenAIModelSettings } from '../src/index.js';
import { clearOpenAIEnv } from './scripted-fetch.js';

let server: FakeOpenAIServer | undefined;
beforeEach(() => clearOpenAIEnv(vi.stubEnv));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: FakeOpenAIOptions, settings: OpenAIModelSettings = {}) {
  server = await startFakeOpenAI({ latency: { timeToFirstTokenMs: 0, outputTokensPerSecond: 400 }, ...options });
  const model = openai('gpt-test', { api: 'responses', baseURL: server.url, apiKey: 'sk-test-key-never-shown', maxRetries: 0, ...settings });
  return { server, model };
}

function tools() {
  const search = fakeTool({
    name: 'search',
    input: z.object({ query: z.string() }),
    sideEffects: 'none',
    latencyMs: 5,
    result: ({ query }: { query: string }) => ({ query, depth: query.length }),
  });
  const report = fakeTool({ name: 'write_report', input: z.object({ text: z.string() }), sideEffects: 'unsafe', result: 'saved' });
  return { search, report };
}

const PLAN = [
  '1. search("Mariana Trench")',
  '2. search("Puerto Rico Trench")',
  'Thought: Now the report, which needs both.',
  '3. write_report(text="depths: $1.depth and $2.depth")',
  '4. join()<END_OF_PLAN>',
].join('\n');
const FINISH = 'Thought: done.\nAction: Finish(The Mariana Trench is deeper.)';
const firstTaskStart = (events: readonly RunEvent[]) => events.find((event) => event.type === 'task-start')!;
const planEnd = (events: readonly RunEvent[]) => events.find((event) => event.type === 'plan-end')!;

describe('the Responses API end to end over HTTP', () => {
  it('a text plan: the first task starts before the plan has finished streaming, and the run answers', async () => {
    // The server sends the plan, its stop sequence and a few tokens more, then stalls: the run finishes only
    // because the adapter ends the stream at <END_OF_PLAN>, and the server sees the client go away.
    const plan = { content: `${PLAN}\nThis text after the stop sequence is never read.`, fault: { type: 'hang', afterTokens: countTextTokens(PLAN) + 3 } } as const;
    const { server, model } = await setup({ responses: [plan, FINISH] });
    const { search, report } = tools();
    const result = await createCompiler({ model, tools: [search, report] }).run('Which trench is deeper?').result();
    expect(result.answer).toBe('The Mariana Trench is deeper.');
    expect(firstTaskStart(result.events).time).toBeLessThan(planEnd(result.events).time);
    expect(planEnd(result.events)).toMatchObject({ reason: 'join', finishReason: 'stop', clean: true });
    expect(report.calls.map((call) => call.input)).toEqual([{ text: 'depths: 14 and 18' }]);
    const [planner, joiner] = server.requests;
    expect(planner).toMatchObject({ path: '/v1/responses', responsesBody: { store: false, stream: true } });
    expect(planner?.responsesBody).not.toHaveProperty('stop');
    // The adapter cut the plan at <END_OF_PLAN> and ended the request; the joiner's call ran to its end.
    await expect.poll(() => planner?.aborted).toBe(true);
    expect(joiner).toMatchObject({ aborted: false, status: 200 });
    expect(result.usage.joiner).toEqual({
      promptTokens: countPromptTokens(joiner!.body),
      completionTokens: countTextTokens(FINISH),
      totalTokens: countPromptTokens(joiner!.body) + countTextTokens(FINISH),
    });
  });

  it('a tool-call plan: the arguments stream, so a task starts before the plan ends', async () => {
    const { server, model } = await setup({
      responder: scriptedAgent({
        plan: [
          { tool: 'search', args: { query: 'Mariana Trench' } },
          { tool: 'search', args: { query: 'Puerto Rico Trench' } },
          { tool: 'write_report', args: { text: 'depths: $1.depth and $2.depth' } },
        ],
        answer: 'The Mariana Trench is deeper.',
      }),
    });
    const { search, report } = tools();
    const result = await createCompiler({ model, tools: [search, report], planner: { format: 'tool-calls' } }).run('Which trench is deeper?').result();
    expect(result.answer).toBe('The Mariana Trench is deeper.');
    expect(firstTaskStart(result.events).time).toBeLessThan(planEnd(result.events).time);
    expect(planEnd(result.events)).toMatchObject({ finishReason: 'tool-calls', clean: true });
    expect(search.calls.map((call) => call.input.query)).toEqual(['Mariana Trench', 'Puerto Rico Trench']);
    expect(report.calls.map((call) => call.input)).toEqual([{ text: 'depths: 14 and 18' }]);
    const offered = server.requests[0]?.responsesBody?.tools ?? [];
    expect(offered.map((tool) => [tool.type, tool.name, tool.strict])).toEqual([
      ['function', 'search', false],
      ['function', 'write_report', false],
      ['function', 'join', false],
    ]);
    expect(result.usage.planner.completionTokens).toBe(server.requests[0]?.usage?.completionTokens);
  });

  it('retries a 429 from the model and then succeeds', async () => {
    const { server, model } = await setup({ responses: [{ fault: { type: 'status', status: 429, retryAfterSeconds: 0 } }, PLAN, FINISH] }, { maxRetries: 1 });
    const { search, report } = tools();
    const result = await createCompiler({ model, tools: [search, report] }).run('q').result();
    expect(result.answer).toBe('The Mariana Trench is deeper.');
    expect(server.requests.map((request) => request.status)).toEqual([429, 200, 200]);
  });

  it('a stream truncated mid-plan is a ModelStreamError, and the unsafe tool never runs', async () => {
    const { model } = await setup({ responses: [{ content: PLAN, fault: { type: 'truncate', afterTokens: 20 } }] });
    const { search, report } = tools();
    const run = createCompiler({ model, tools: [search, report] }).run('q');
    const error = await run.result().catch((caught: unknown) => caught);
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('the response ended without a response.completed or response.incomplete event');
    expect(report.calls).toHaveLength(0);
    expect(planEnd(run.events)).toMatchObject({ clean: false });
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
  });

  it('an error event mid-plan is a ModelCallError with the provider’s message and code', async () => {
    const { model } = await setup({
      responses: [{ content: PLAN, fault: { type: 'error-event', afterTokens: 5, message: 'The model is overloaded.', code: 'server_error' } }],
    });
    const { search, report } = tools();
    const error = await createCompiler({ model, tools: [search, report] }).run('q').result().catch((caught: unknown) => caught);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: undefined, providerMessage: 'The model is overloaded.', code: 'server_error' });
  });

  it('the server closing the connection before answering is a ModelCallError naming the /responses URL', async () => {
    const { server, model } = await setup({ responses: [{ fault: { type: 'disconnect' } }] });
    const error = await createCompiler({ model, tools: Object.values(tools()) }).run('q').result().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as Error).message).toBe(`Could not connect to ${server.url}/responses: UND_ERR_SOCKET (no retries)`);
  });

  it('a malformed event is a ModelStreamError naming the parse error', async () => {
    server = await startFakeOpenAI({ responses: [{ content: PLAN, fault: { type: 'malformed', afterTokens: 5 } }] });
    // The `openai` client logs an event it cannot parse before it throws; this client logs nothing.
    const client = new OpenAI({ baseURL: server.url, apiKey: 'sk-test-key-never-shown', maxRetries: 0, logLevel: 'off' });
    const model = openai('gpt-test', { api: 'responses', client });
    const error = await createCompiler({ model, tools: Object.values(tools()) }).run('q').result().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelStreamError);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('a stream that stalls, with the run’s timeoutMs: a RunTimeoutError, and the HTTP request is ended', async () => {
    const { server, model } = await setup({ responses: [{ content: PLAN, fault: { type: 'hang', afterTokens: 5 } }] });
    const run = createCompiler({ model, tools: Object.values(tools()), timeoutMs: 150 }).run('q');
    const error = await run.result().catch((caught: unknown) => caught);
    expect(RunTimeoutError.isInstance(error)).toBe(true);
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });

  it('a plan cut by max_output_tokens finishes with `length`', async () => {
    const { model } = await setup({ responses: [{ content: PLAN, fault: { type: 'length', afterTokens: 12 } }, FINISH] });
    const { search, report } = tools();
    const result = await createCompiler({ model, tools: [search, report] }).run('q').result();
    expect(planEnd(result.events)).toMatchObject({ finishReason: 'length', clean: false });
    expect(report.calls).toHaveLength(0);
  });

  it('ends the HTTP request on the server and reaches the running tools when aborted', async () => {
    const { server, model } = await setup({ responses: [PLAN, FINISH], latency: { timeToFirstTokenMs: 0, outputTokensPerSecond: 20 } });
    const hang = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', hang: true });
    const run = createCompiler({ model, tools: [hang] }).run('q');
    await new Promise<RunEvent>((resolve) => run.on('task-start', resolve));
    run.abort(new Error('stop now'));
    const error = await run.result().catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('stop now');
    expect(hang.calls[0]?.outcome).toBe('aborted');
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });
});

describe('a scripted agent over the Responses API', () => {
  for (const [plan, join] of [['text', 'text'], ['json', 'json'], ['tool-calls', 'text']] as const) {
    it(`plays planner and joiner: ${plan} plans, ${join} decisions, a replan and then an answer`, async () => {
      const { server, model } = await setup({
        responder: scriptedAgent({
          rounds: [
            { plan: [{ tool: 'search', args: { query: 'Mariana' } }], replan: 'Search the full name.' },
            { plan: [{ tool: 'search', args: { query: 'Mariana Trench' } }, { tool: 'write_report', args: { text: '$1.depth and $2.depth' } }], answer: 'done' },
          ],
        }),
      });
      const { search, report } = tools();
      const result = await createCompiler({ model, tools: [search, report], planner: { format: plan }, joiner: { format: join } }).run('How deep?').result();
      expect(search.calls.map((call) => call.input.query)).toEqual(['Mariana', 'Mariana Trench']);
      expect(report.calls[0]?.input).toEqual({ text: '7 and 14' });
      expect(result.answer).toBe('done');
      expect(server.requests.map((request) => request.path)).toEqual(Array(4).fill('/v1/responses'));
    });
  }
});
