import { createCompiler } from '@llmcompiler/core';
import { createJoinerMessages, createPlannerMessages } from '@llmcompiler/core/internal';
import { openai } from '@llmcompiler/openai';
import { countTextTokens, startFakeOpenAI, type ChatRequest, type FakeOpenAIServer } from '@llmcompiler/testing';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { compilerTools } from './approaches/llmcompiler.js';
import { FRAMING, createOracle, framingTokens, joinerText, planText, requestKind, writePlan, type Oracle } from './oracle.js';
import { joinArgument, statedAnswerForm } from './stated-answer.js';
import { JOINER_THOUGHT_TOKENS, joinerAsksForThought, plannerThoughtStyle, takesThought } from './thoughts.js';
import type { ModelProfile, Scenario } from './types.js';
import { QUICK_SIZES, buildWorkloads } from './workloads.js';
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

const oracle = createOracle([scenario], { modelOf: () => instant, caching: false, thoughtBudget: 20 });
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

  it('answers ReAct one call per turn, in plan order, after its thought, then the answer alone', async () => {
    server = await startFakeOpenAI({ responder: oracle.responder });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k' });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: scenario.question }];
    const calls: string[] = [];
    for (let index = 0; index < 5; index++) {
      const message = await turn(client, messages, false);
      expect(countTextTokens(message.content ?? '')).toBe(20);
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

const tools_ = tools;

/** A chat request as a client would send it: the messages, and tools for a function-calling turn. */
function request(messages: ChatRequest['messages'], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'm', messages, ...extra } as ChatRequest;
}

function answerOf(theOracle: Oracle, body: ChatRequest) {
  const answer = theOracle.responder(body, { callIndex: 0, signal: new AbortController().signal });
  if (typeof answer === 'string' || answer instanceof Promise) throw new Error('Expected the oracle to answer at once with details');
  return { answer, note: theOracle.noteOf(body)! };
}

describe('the fair oracle', () => {
  const plannerMessages = createPlannerMessages({ question: scenario.question, tools: compilerTools(createWorld([scenario])), format: 'text' });
  const joinerMessages = createJoinerMessages({ question: scenario.question, tasks: [], mustFinish: false, format: 'text' });

  it("writes the planner's thoughts where the examples in its prompt put them, as long as theirs", () => {
    // Read from the prompt core builds today, whatever its examples are: the oracle follows them when they change.
    const style = plannerThoughtStyle(plannerMessages[0]!.content as string);
    const seen = { root: 0, dependent: 0 };
    const expected: string[] = [];
    let thoughtTokens = 0;
    for (const task of scenario.tasks) {
      const kind = task.deps.length === 0 ? 'root' : 'dependent';
      if (takesThought(++seen[kind], style[kind].rate) && style[kind].tokens > 0) {
        expected.push(`Thought: ${style[kind].tokens}`);
        thoughtTokens += style[kind].tokens;
      }
      expected.push(`${task.id}.`);
    }
    expected.push('6.');
    const { answer, note } = answerOf(oracle, request(plannerMessages as unknown as ChatRequest['messages']));
    const lines = (answer.content ?? '').replace('<END_OF_PLAN>', '').split('\n');
    expect(lines.map((line) => (line.startsWith('Thought:') ? `Thought: ${countTextTokens(line)}` : line.split(' ')[0]))).toEqual(expected);
    expect(note.thoughtTokens).toBe(thoughtTokens);
    expect(note.taskLineEnds).toHaveLength(5);
  });

  it('writes no planner thought when the prompt has no examples, or examples without thoughts', () => {
    const bare = createPlannerMessages({ question: scenario.question, tools: compilerTools(createWorld([scenario])), format: 'text', examples: false });
    expect(plannerThoughtStyle(bare[0]!.content as string)).toEqual({ root: { rate: 0, tokens: 0 }, dependent: { rate: 0, tokens: 0 } });
    const plain = 'Examples.\n\nQuestion: x\nPlan:\n1. search("a")\n2. calc($1)\n3. join()<END_OF_PLAN>';
    expect(writePlan(scenario, plannerThoughtStyle(plain)).text).toBe(planText(scenario));
  });

  it('writes the joiner thought its prompt asks for, then the answer', () => {
    const system = joinerMessages[0]!.content as string;
    const { answer, note } = answerOf(oracle, request(joinerMessages as unknown as ChatRequest['messages']));
    const lines = (answer.content ?? '').split('\n');
    expect(lines.at(-1)).toBe('Action: Finish(Mariana Trench)');
    if (joinerAsksForThought(system)) {
      expect(lines[0]).toMatch(/^Thought: /);
      expect(countTextTokens(lines[0]!)).toBe(JOINER_THOUGHT_TOKENS);
      expect(note.thoughtTokens).toBe(JOINER_THOUGHT_TOKENS);
    } else {
      expect(lines).toHaveLength(1);
      expect(note.thoughtTokens).toBe(0);
    }
  });

  it('leaves the joiner thought out when the prompt makes it optional or shows none', () => {
    expect(joinerText(scenario, false)).toBe('Action: Finish(Mariana Trench)');
    const optional = 'You are the last step. A thought is optional.\nThought: <your reasoning>\nAction: Finish(<the answer>)';
    const { answer } = answerOf(oracle, request([{ role: 'system', content: optional }, joinerMessages[1]!] as unknown as ChatRequest['messages']));
    expect(answer.content).toBe('Action: Finish(Mariana Trench)');
  });

  for (const budget of [0, 20, 40]) {
    it(`gives ReAct and function calling ${budget} tokens of thought per call, and the answer alone`, () => {
      const budgeted = createOracle([scenario], { modelOf: () => instant, caching: false, thoughtBudget: budget });
      const user = { role: 'user' as const, content: scenario.question };
      const react = answerOf(budgeted, request([user], { tools: tools_, parallel_tool_calls: false }));
      expect(countTextTokens(react.answer.content ?? '')).toBe(budget);
      expect(react.answer.toolCalls).toHaveLength(1);
      const parallel = answerOf(budgeted, request([user], { tools: tools_ }));
      expect(parallel.answer.toolCalls).toHaveLength(2);
      expect(countTextTokens(parallel.answer.content ?? '')).toBe(2 * budget);
      expect(parallel.note.thoughtTokens).toBe(2 * budget);
    });
  }

  it('counts the framing of tool calls as providers write it, and takes the time to write it', () => {
    expect(framingTokens(0)).toBe(0);
    expect(framingTokens(1)).toBe(FRAMING.loneCall);
    expect(framingTokens(3)).toBe(FRAMING.parallelTurn + 3 * FRAMING.parallelCall);
    const slow: ModelProfile = { name: 'slow', timeToFirstTokenMs: 100, outputTokensPerSecond: 10, promptTokensPerSecond: 1_000 };
    const timed = createOracle([scenario], { modelOf: () => slow, caching: false, thoughtBudget: 0 });
    const { answer, note } = answerOf(timed, request([{ role: 'user', content: scenario.question }], { tools: tools_ }));
    expect(note.framingTokens).toBe(framingTokens(2));
    // The answer's tokens come slower, so that writing them and the framing takes as long as at 10 tokens/s.
    const written = note.completionTokens;
    expect(answer.latency?.outputTokensPerSecond).toBeCloseTo((10 * written) / (written + note.framingTokens));
    expect(answer.latency?.timeToFirstTokenMs).toBeCloseTo(100 + note.promptTokens);
    expect(note.calls.map((call) => call.taskId)).toEqual([1, 3]);
    expect(note.calls[1]!.endToken).toBe(written);
  });

  it('reads a cached prefix at a discount when caching is on, for every approach alike', () => {
    const model: ModelProfile = { name: 'm', timeToFirstTokenMs: 0, outputTokensPerSecond: 10, promptTokensPerSecond: 1_000 };
    const cached = createOracle([scenario], { modelOf: () => model, caching: true, thoughtBudget: 0 });
    const long = { role: 'system' as const, content: `Answer the question. ${'Background words for the cache. '.repeat(300)}` };
    const user = { role: 'user' as const, content: scenario.question };
    const first = answerOf(cached, request([long, user], { tools: tools_ }));
    const second = answerOf(cached, request([long, user], { tools: tools_ }));
    expect(first.note.cachedTokens).toBe(0);
    expect(second.note.cachedTokens).toBeGreaterThan(1_024);
    expect(second.note.cachedTokens % 128).toBe(0);
    expect(second.note.firstTokenMs).toBeCloseTo(first.note.firstTokenMs - second.note.cachedTokens * 0.8);
  });
});

describe('the stated answer', () => {
  const compilerTools_ = compilerTools(createWorld([scenario]));
  const plannerPrompt = (answerInPlan: boolean) =>
    createPlannerMessages({ question: scenario.question, tools: compilerTools_, format: 'text', answerInPlan })[0]!.content as string;
  const workloads = buildWorkloads(QUICK_SIZES);
  const firstOf = (name: string) => workloads.find((workload) => workload.name === name)!.scenarios[0]!;

  /** Runs LLMCompiler as the benchmark does (the default options) on one scenario, against the oracle. */
  async function runCompiler(theScenario: Scenario, planner?: { answerInPlan: boolean }) {
    const theOracle = createOracle([theScenario], { modelOf: () => instant, caching: false, thoughtBudget: 20 });
    server = await startFakeOpenAI({ responder: theOracle.responder });
    const world = createWorld([theScenario], undefined, { latencyScale: 0 });
    const compiler = createCompiler({ model: openai('m', { baseURL: server.url, apiKey: 'k' }), tools: compilerTools(world), ...(planner === undefined ? {} : { planner }) });
    const result = await compiler.run(theScenario.question).result();
    const plan = result.events.map((event) => (event.type === 'plan-token' ? event.text : '')).join('');
    return {
      result,
      kinds: server.requests.map((request) => requestKind(request.body)),
      joinLine: plan.replace('<END_OF_PLAN>', '').split('\n').at(-1)!,
      source: result.events.findLast((event) => event.type === 'join-end')?.source,
    };
  }

  it("is asked for by core's planner prompt with answerInPlan, in a form the oracle reads from it, and not without", () => {
    expect(statedAnswerForm(plannerPrompt(true))).toBeDefined();
    expect(statedAnswerForm(plannerPrompt(false))).toBeUndefined();
  });

  it('is written bare for a whole reference and quoted for a template, as the prompt shows them, and left out otherwise', () => {
    const both = { bareReference: true, quotedTemplate: true };
    expect(joinArgument('$5', both)).toBe('$5');
    expect(joinArgument('$5', { bareReference: false, quotedTemplate: true })).toBe('"$5"');
    expect(joinArgument('The end of the chain is $25.', both)).toBe('"The end of the chain is $25."');
    expect(joinArgument('The end of the chain is $25.', { bareReference: true, quotedTemplate: false })).toBe('');
    expect(joinArgument(undefined, both)).toBe('');
    expect(joinArgument('$5', undefined)).toBe('');
    expect(statedAnswerForm('End with `N. join($3)`.')).toEqual({ bareReference: true, quotedTemplate: false });
    expect(statedAnswerForm('3. join("The tower is $2 m taller.")<END_OF_PLAN>')).toEqual({ bareReference: false, quotedTemplate: true });
    expect(statedAnswerForm('3. join("It costs $$5.")\n4. join()')).toBeUndefined();
  });

  it('follows the structure of each workload: a template where the answer is a value, none where it needs judgement', () => {
    const templated = workloads.filter((workload) => workload.scenarios.every((each) => each.statedAnswer !== undefined)).map((workload) => workload.name);
    const judged = workloads.filter((workload) => workload.scenarios.every((each) => each.statedAnswer === undefined)).map((workload) => workload.name);
    expect(templated).toEqual(['parallelqa', 'deep']);
    expect(judged).toEqual(['hotpotqa', 'movie', 'wide', 'random']);
    // Resolved with the tools' outputs, every template gives the dataset's answer.
    for (const each of workloads.flatMap((workload) => workload.scenarios)) {
      if (each.statedAnswer === undefined) continue;
      const resolved = each.statedAnswer.replace(/\$(\d+)/g, (_, id: string) => each.tasks[Number(id) - 1]!.output);
      expect(resolved).toBe(each.answer);
    }
  });

  for (const name of ['parallelqa', 'deep']) {
    it(`ends the ${name} plan with the answer, which LLMCompiler gives without the joiner, scored right`, async () => {
      const theScenario = firstOf(name);
      const { result, kinds, joinLine, source } = await runCompiler(theScenario);
      expect(joinLine).toBe(`${theScenario.tasks.length + 1}. join(${joinArgument(theScenario.statedAnswer, statedAnswerForm(plannerPrompt(true)))})`);
      expect(joinLine).not.toMatch(/join\(\)$/);
      expect(result.answer).toBe(theScenario.answer);
      expect(kinds).toEqual(['planner']);
      expect(source).toBe('plan');
    });
  }

  for (const name of ['hotpotqa', 'movie']) {
    it(`ends the ${name} plan with join(), and the joiner answers`, async () => {
      const theScenario = firstOf(name);
      const { result, kinds, joinLine, source } = await runCompiler(theScenario);
      expect(joinLine).toBe(`${theScenario.tasks.length + 1}. join()`);
      expect(result.answer).toBe(theScenario.answer);
      expect(kinds).toEqual(['planner', 'joiner']);
      expect(source).toBe('joiner');
    });
  }

  it('is not written when the planner is told not to state answers, and the joiner answers', async () => {
    const theScenario = firstOf('parallelqa');
    const { result, kinds, joinLine, source } = await runCompiler(theScenario, { answerInPlan: false });
    expect(joinLine).toBe(`${theScenario.tasks.length + 1}. join()`);
    expect(result.answer).toBe(theScenario.answer);
    expect(kinds).toEqual(['planner', 'joiner']);
    expect(source).toBe('joiner');
  });
});
