import { createCompiler } from '@llmcompiler/core';
import { openai } from '@llmcompiler/openai';
import { countTextTokens, startFakeOpenAI, type FakeOpenAIServer } from '@llmcompiler/testing';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { compilerTools } from './approaches/llmcompiler.js';
import { idealRun } from './ideal.js';
import { createOracle, planText, requestKind } from './oracle.js';
import type { ModelProfile, Scenario } from './types.js';
import { makeTask, createWorld, TOOL_SPECS } from './world.js';

const instant: ModelProfile = { name: 'instant', timeToFirstTokenMs: 0, outputTokensPerSecond: 1e9, promptTokensPerSecond: 1e12 };

const scenario: Scenario = {
  workload: 'parallelqa',
  id: 'q1',
  question: 'If Mariana Trench was 20% shallower and the Puerto Rico Trench was 20% deeper, which one would be shallower?',
  answer: 'Mariana Trench',
  tasks: [
    makeTask(1, 'search', 'Mariana Trench'),
    makeTask(2, 'math', 'Mariana Trench 20% shallower', [1]),
    makeTask(3, 'search', 'Puerto Rico Trench'),
    makeTask(4, 'math', 'Puerto Rico Trench 20% deeper', [3]),
    makeTask(5, 'math', 'which is shallower', [2, 4]),
  ],
};

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const oracle = createOracle([scenario], () => instant);
const tools = TOOL_SPECS.map(({ name, description, parameters }) => ({ type: 'function' as const, function: { name, description, parameters } }));

async function turn(client: OpenAI, messages: OpenAI.ChatCompletionMessageParam[], parallel: boolean) {
  const completion = await client.chat.completions.create({ model: 'm', messages, tools, parallel_tool_calls: parallel });
  const message = completion.choices[0]!.message;
  messages.push(message);
  for (const call of message.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    messages.push({ role: 'tool', tool_call_id: call.id, content: `result of ${call.function.name}` });
  }
  return message;
}

describe('the oracle', () => {
  it('writes the plan with references to the tasks each step needs', () => {
    expect(planText(scenario)).toBe(
      [
        '1. search("Mariana Trench")',
        '2. math("Mariana Trench 20% shallower", ["$1"])',
        '3. search("Puerto Rico Trench")',
        '4. math("Puerto Rico Trench 20% deeper", ["$3"])',
        '5. math("which is shallower", ["$2", "$4"])',
        '6. join()',
      ].join('\n'),
    );
  });

  it('answers ReAct one call per turn, in plan order, with a thought, then the answer', async () => {
    server = await startFakeOpenAI({ responder: oracle.responder });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k' });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: scenario.question }];
    const calls: string[] = [];
    for (let index = 0; index < 5; index++) {
      const message = await turn(client, messages, false);
      expect(message.content).toMatch(/^I have \d of the 5 results/);
      expect(message.tool_calls).toHaveLength(1);
      const call = message.tool_calls![0]!;
      if (call.type === 'function') calls.push(`${call.function.name} ${call.function.arguments}`);
    }
    expect(calls[0]).toBe('search {"query":"Mariana Trench"}');
    expect(calls[1]).toBe(`math {"problem":"Mariana Trench 20% shallower","context":["${scenario.tasks[0]!.fact}"]}`);
    expect((await turn(client, messages, false)).content).toBe('Mariana Trench');
  });

  it('answers function calling with every call whose inputs are done, turn by turn', async () => {
    server = await startFakeOpenAI({ responder: oracle.responder });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k' });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: scenario.question }];
    const names = async () => (await turn(client, messages, true)).tool_calls?.map((call) => (call.type === 'function' ? call.function.name : '')) ?? [];
    expect(await names()).toEqual(['search', 'search']);
    expect(await names()).toEqual(['math', 'math']);
    expect(await names()).toEqual(['math']);
    const last = await turn(client, messages, true);
    expect(last.tool_calls ?? []).toEqual([]);
    expect(last.content).toBe('Mariana Trench');
  });

  it('plans and joins for LLMCompiler, whose run calls every task with the right inputs', async () => {
    server = await startFakeOpenAI({ responder: oracle.responder });
    const seen: string[] = [];
    const world = createWorld([scenario], (call) => seen.push(`${call.tool}:${call.key}`), { latencyScale: 0 });
    const compiler = createCompiler({ model: openai('m', { baseURL: server.url, apiKey: 'k' }), tools: compilerTools(world) });
    const result = await compiler.run(scenario.question).result();
    expect(result.answer).toBe('Mariana Trench');
    expect(result.tasks.map((record) => record.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(seen.sort()).toEqual(scenario.tasks.map((task) => `${task.tool}:${task.key}`).sort());
    expect(server.requests.map((request) => requestKind(request.body))).toEqual(['planner', 'joiner']);
    expect(server.requests.every((request) => oracle.scenarioOf(request.body) === scenario)).toBe(true);
  });

  it('refuses a question it does not know, and a tool result id it did not give', async () => {
    server = await startFakeOpenAI({ responder: oracle.responder });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Who?' }], tools })).rejects.toThrow(/unknown question/);
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: scenario.question },
      { role: 'assistant', content: null, tool_calls: [{ id: 'x1', type: 'function', function: { name: 'search', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'x1', content: 'r' },
    ];
    await expect(client.chat.completions.create({ model: 'm', messages, tools })).rejects.toThrow(/ids like call_t3/);
  });
});

describe('the world', () => {
  it('answers the calls it knows with their output and refuses others', async () => {
    const world = createWorld([scenario], undefined, { latencyScale: 0 });
    await expect(world.runTool('search', { query: 'Mariana Trench' })).resolves.toBe(scenario.tasks[0]!.output);
    await expect(world.runTool('search', { query: 'Atlantis' })).rejects.toThrow('Expected a search the simulated world knows, got "Atlantis"');
    await expect(world.runTool('math', { problem: 1 })).rejects.toThrow("Expected math's `problem` to be a string, got number");
  });

  it('draws the same latency and output for the same call, whatever the scenario', () => {
    expect(makeTask(7, 'search', 'Mariana Trench')).toMatchObject({ latencyMs: scenario.tasks[0]!.latencyMs, output: scenario.tasks[0]!.output });
    expect(scenario.tasks[0]!.output).toMatch(/^Mariana Trench: \d+\. /);
  });

  it('rejects a call with the reason of the aborted signal', async () => {
    const world = createWorld([scenario]);
    const controller = new AbortController();
    const call = world.runTool('search', { query: 'Mariana Trench' }, controller.signal);
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow('stop');
  });
});

describe('the ideal bound', () => {
  const model: ModelProfile = { name: 'm', timeToFirstTokenMs: 100, outputTokensPerSecond: 10, promptTokensPerSecond: 1_000 };

  it('starts each task when its line has streamed and its inputs are done, then adds the joiner', () => {
    const run = idealRun(scenario, model, { plannerPromptTokens: 500, joinerPromptTokens: 1_000, joinerCompletionTokens: 6 });
    const tools = run.spans.filter((span) => span.kind === 'tool');
    const [search1, math2, search3, math4, math5] = tools;
    // The first token after 100 + 500 ms; a token each 100 ms after it.
    const lineTokens = countTextTokens('1. search("Mariana Trench")');
    expect(search1!.startMs).toBe(600 + (lineTokens - 1) * 100);
    expect(search1!.endMs).toBe(search1!.startMs + scenario.tasks[0]!.latencyMs);
    expect(search3!.startMs).toBeGreaterThan(search1!.startMs);
    expect(math2!.startMs).toBeGreaterThanOrEqual(search1!.endMs);
    expect(math4!.startMs).toBeGreaterThanOrEqual(search3!.endMs);
    expect(math5!.startMs).toBeGreaterThanOrEqual(Math.max(math2!.endMs, math4!.endMs));
    const joiner = run.spans.at(-1)!;
    expect(joiner).toMatchObject({ kind: 'llm', label: 'joiner' });
    // 100 ms + 1,000 prompt tokens at 1,000/s + 5 more tokens at 10/s.
    expect(joiner.endMs - joiner.startMs).toBeCloseTo(100 + 1_000 + 500);
    expect(run.totalMs).toBe(joiner.endMs);
  });
});
