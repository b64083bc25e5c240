// The whole path over real HTTP: the compiler, this adapter, the real `openai` client, and the local
// OpenAI-compatible server of @llmcompiler/testing on 127.0.0.1.
import { createCompiler, type ConversationMessage, type LanguageModel, type RunEvent } from '@llmcompiler/core';
import { fakeTool } from '@llmcompiler/core/test';
import {
  countPromptTokens,
  countTextTokens,
  messageText,
  scriptedAgent,
  startFakeOpenAI,
  type AgentScript,
  type Answer,
  type FakeOpenAIServer,
} from '@llmcompiler/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelStreamError } from '../src/errors/model-stream-error.js';
import { openai } from '../src/index.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(responses: readonly Answer[], latency = { timeToFirstTokenMs: 0, outputTokensPerSecond: 400 }) {
  server = await startFakeOpenAI({ responses, latency });
  const model: LanguageModel = openai('gpt-test', { baseURL: server.url, apiKey: 'sk-test-key-never-shown', maxRetries: 2 });
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
  '4. join()',
].join('\n');

describe('end to end over HTTP', () => {
  it('starts the first task before the plan has finished streaming, and answers', async () => {
    const { model } = await setup([PLAN, 'Thought: done.\nAction: Finish(The Mariana Trench is deeper.)']);
    const { search, report } = tools();
    const run = createCompiler({ model, tools: [search, report] }).run('Which trench is deeper?');
    const result = await run.result();
    expect(result.answer).toBe('The Mariana Trench is deeper.');
    const firstStart = result.events.find((event) => event.type === 'task-start')!;
    const planEnd = result.events.find((event) => event.type === 'plan-end')!;
    expect(firstStart.time).toBeLessThan(planEnd.time);
    expect(planEnd).toMatchObject({ reason: 'join', finishReason: 'stop', clean: true });
    expect(report.calls.map((call) => call.input)).toEqual([{ text: 'depths: 14 and 18' }]);
  });

  it('streams the answer while the joiner writes it, its pieces adding up to the answer', async () => {
    const answer = 'The Mariana Trench (in the Pacific) is about 2,600 m deeper than the "Puerto Rico" Trench.';
    const { model } = await setup([PLAN, `Action: Finish(${answer})\nDone.`], { timeToFirstTokenMs: 0, outputTokensPerSecond: 200 });
    const { search, report } = tools();
    const run = createCompiler({ model, tools: [search, report] }).run('Which trench is deeper?');
    const pieces: string[] = [];
    for await (const text of run.textStream) pieces.push(text);
    const result = await run.result();
    expect(result.answer).toBe(answer);
    expect(pieces.join('')).toBe(answer);
    expect(pieces.length).toBeGreaterThan(1);
    expect(result.firstAnswerAt).toBeLessThan(result.events.find((event) => event.type === 'join-end')!.time);
  });

  it('finishes without the joiner when the plan states its answer and its tasks succeeded', async () => {
    const { server, model } = await setup([`1. search("Mariana Trench")\n2. join("It is $1.depth deep.")`]);
    const { search, report } = tools();
    const result = await createCompiler({ model, tools: [search, report] }).run('How deep is the Mariana Trench?').result();
    expect(result.answer).toBe('It is 14 deep.');
    expect(server.requests).toHaveLength(1);
    expect(result.events.find((event) => event.type === 'join-end')).toMatchObject({ source: 'plan' });
  });

  it('reports usage equal to what the server counted', async () => {
    const joinerText = 'Action: Finish(ok)';
    const { server, model } = await setup([PLAN, joinerText]);
    const { search, report } = tools();
    const result = await createCompiler({ model, tools: [search, report] }).run('q').result();
    const [planner, joiner] = server.requests;
    expect(result.usage.planner.promptTokens).toBe(countPromptTokens(planner!.body));
    expect(result.usage.joiner.promptTokens).toBe(countPromptTokens(joiner!.body));
    // The server stops the plan before its stop sequence; the planner was asked for <END_OF_PLAN>.
    expect(planner!.body.stop).toEqual(['<END_OF_PLAN>']);
    expect(result.usage.planner.completionTokens).toBe(countTextTokens(PLAN));
    expect(result.usage.joiner.completionTokens).toBe(countTextTokens(joinerText));
    expect(result.usage.total.totalTokens).toBe(
      countPromptTokens(planner!.body) + countPromptTokens(joiner!.body) + countTextTokens(PLAN) + countTextTokens(joinerText),
    );
  });

  it('retries a 429 from the model and then succeeds', async () => {
    const { server, model } = await setup([
      { fault: { type: 'status', status: 429, retryAfterSeconds: 0 } },
      PLAN,
      'Action: Finish(ok)',
    ]);
    const { search, report } = tools();
    const result = await createCompiler({ model, tools: [search, report] }).run('q').result();
    expect(result.answer).toBe('ok');
    expect(server.requests.map((request) => request.status)).toEqual([429, 200, 200]);
  });

  it('leaves the unsafe tool unrun when the stream is cut mid-plan, and fails with a clear error', async () => {
    const { model } = await setup([{ content: PLAN, fault: { type: 'cut', afterTokens: 20 } }]);
    const { search, report } = tools();
    const run = createCompiler({ model, tools: [search, report] }).run('q');
    const error = await run.result().catch((caught: unknown) => caught);
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect(report.calls).toHaveLength(0);
    expect(run.events.find((event) => event.type === 'plan-end')).toMatchObject({ clean: false });
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
  });

  it('ends the HTTP request on the server and reaches the running tools when aborted', async () => {
    // The planner streams slowly (20 tokens/s), so the run is aborted while the plan is still coming.
    const { server, model } = await setup([PLAN, 'Action: Finish(never)'], { timeToFirstTokenMs: 0, outputTokensPerSecond: 20 });
    const hang = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', hang: true });
    const run = createCompiler({ model, tools: [hang] }).run('q');
    const started = new Promise<RunEvent>((resolve) => run.on('task-start', resolve));
    await started;
    run.abort(new Error('stop now'));
    const error = await run.result().catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('stop now');
    expect(hang.calls[0]?.outcome).toBe('aborted');
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });
});

describe('a scripted agent over HTTP', () => {
  for (const [plan, join] of [['text', 'text'], ['json', 'json'], ['tool-calls', 'text']] as const) {
    it(`plays planner and joiner through this adapter: ${plan} plans, ${join} decisions, a replan and then an answer`, async () => {
      server = await startFakeOpenAI({
        responder: scriptedAgent({
          rounds: [
            { plan: [{ tool: 'search', args: { query: 'Mariana' } }], replan: 'Search the full name.' },
            { plan: [{ tool: 'search', args: { query: 'Mariana Trench' } }, { tool: 'write_report', args: { text: '$1.depth and $2.depth' } }], answer: 'done' },
          ],
        }),
      });
      const model = openai('gpt-test', { baseURL: server.url, apiKey: 'sk-test-key-never-shown', maxRetries: 0 });
      const { search, report } = tools();
      const result = await createCompiler({ model, tools: [search, report], planner: { format: plan }, joiner: { format: join } })
        .run('How deep?')
        .result();
      expect(search.calls.map((call) => call.input.query)).toEqual(['Mariana', 'Mariana Trench']);
      expect(report.calls[0]?.input).toEqual({ text: '7 and 14' });
      expect(result.answer).toBe('done');
      expect(server.requests).toHaveLength(4);
    });
  }
});

describe('a conversation over HTTP', () => {
  /**
   * A responder that plays one scripted agent per turn: the turn is told by the assistant messages in the
   * request, which are the conversation's earlier answers.
   */
  function turns(scripts: readonly AgentScript[]) {
    const agents = scripts.map((script) => scriptedAgent(script));
    return (request: Parameters<ReturnType<typeof scriptedAgent>>[0]) => agents[request.messages.filter((message) => message.role === 'assistant').length]!(request);
  }

  it('carries the earlier turns to the server as chat messages, turn after turn', async () => {
    server = await startFakeOpenAI({
      responder: turns([
        { plan: [{ tool: 'search', args: { query: 'Mariana Trench' } }], answer: 'It is 14 deep.' },
        {
          plan: [{ tool: 'search', args: { query: 'Puerto Rico Trench' } }],
          // The second turn's joiner reads the first turn's answer from the conversation.
          answer: ({ request }) => `Deeper than the ${request.messages.some((message) => message.content === 'It is 14 deep.') ? 'first' : 'unknown'} one: 18.`,
        },
      ]),
    });
    const model = openai('gpt-test', { baseURL: server.url, apiKey: 'sk-test-key-never-shown', maxRetries: 0 });
    const { search, report } = tools();
    const compiler = createCompiler({ model, tools: [search, report], planner: { answerInPlan: false } });
    const history: ConversationMessage[] = [];
    for (const question of ['How deep is the Mariana Trench?', 'And the Puerto Rico Trench?']) {
      history.push({ role: 'user', content: question });
      history.push(...(await compiler.run(history).result()).messages);
    }
    expect(history.map((message) => message.content)).toEqual([
      'How deep is the Mariana Trench?',
      'It is 14 deep.',
      'And the Puerto Rico Trench?',
      'Deeper than the first one: 18.',
    ]);
    expect(search.calls.map((call) => call.input.query)).toEqual(['Mariana Trench', 'Puerto Rico Trench']);
    // The second turn's planner and joiner requests, as the server received them: system, the first turn, the question.
    for (const request of server.requests.slice(2)) {
      const messages = request.body.messages.map((message) => [message.role, messageText(message)]);
      expect(messages.slice(1, 3)).toEqual([
        ['user', 'How deep is the Mariana Trench?'],
        ['assistant', 'It is 14 deep.'],
      ]);
      expect(messages.at(-1)![1]).toContain('Question: And the Puerto Rico Trench?');
    }
  });

  it('sends a JSON joiner the answer schema as a json_schema response format, and types the answer', async () => {
    server = await startFakeOpenAI({
      responder: scriptedAgent({ plan: [{ tool: 'search', args: { query: 'Mariana Trench' } }], answer: '{"name": "Mariana Trench", "depth": 14}' }),
    });
    const model = openai('gpt-test', { baseURL: server.url, apiKey: 'sk-test-key-never-shown', maxRetries: 0 });
    const { search, report } = tools();
    const compiler = createCompiler({ model, tools: [search, report], joiner: { format: 'json' } });
    const result = await compiler.run('How deep is the Mariana Trench?', { answer: z.object({ name: z.string(), depth: z.number() }) }).result();
    expect(result.answer).toEqual({ name: 'Mariana Trench', depth: 14 });
    const joiner = server.requests[1]!.body;
    expect(joiner.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'joiner_decision', schema: { properties: { answer: { type: 'object', required: ['name', 'depth'] } } } },
    });
  });
});
