import { createCompiler, ReplanLimitError, type CompilerOptions } from '@llmcompiler/core';
import { fakeTool, scriptedModel } from '@llmcompiler/core/test';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scriptedAgent, type AgentScript } from './scripted-agent.js';
import { startFakeOpenAI, type FakeOpenAIServer } from './start-fake-openai.js';

function tools() {
  const search = fakeTool({
    name: 'search',
    input: z.object({ query: z.string() }),
    sideEffects: 'none',
    result: ({ query }: { query: string }) => ({ query, count: query.length }),
  });
  const math = fakeTool({ name: 'math', input: z.object({ problem: z.string() }), sideEffects: 'none', result: 42 });
  return { search, math };
}

const script: AgentScript = {
  plan: [
    { tool: 'search', args: { query: 'Mariana Trench' }, thought: 'Look it up.' },
    { tool: 'math', args: { problem: '$1.count * 2' } },
  ],
  answer: 'done',
};

async function run(agent: AgentScript, options: Partial<Omit<CompilerOptions, 'model' | 'tools'>> = {}) {
  const { search, math } = tools();
  const model = scriptedModel({ responses: scriptedAgent(agent) });
  const result = await createCompiler({ model, tools: [search, math], ...options }).run('How deep?').result();
  return { result, search, math, model };
}

describe('one round, in every plan format', () => {
  for (const format of ['text', 'json', 'tool-calls'] as const) {
    it(`plans the script's tasks as ${format}, references resolved, and the joiner finishes with the answer`, async () => {
      const { result, search, math, model } = await run(script, { planner: { format } });
      expect(search.calls.map((call) => call.input)).toEqual([{ query: 'Mariana Trench' }]);
      expect(math.calls.map((call) => call.input)).toEqual([{ problem: '14 * 2' }]);
      expect(result.answer).toBe('done');
      expect(result.rounds).toHaveLength(1);
      expect(result.rounds[0]).toMatchObject({ planEnd: 'join', errors: [], warnings: [] });
      expect(model.requests).toHaveLength(2);
    });
  }

  it('writes the text plan a planner would, ending at the stop sequence', () => {
    const agent = scriptedAgent(script);
    expect(agent({ messages: [], stop: ['<END_OF_PLAN>'] })).toBe(
      [
        'Thought: Look it up.',
        '1. search(query="Mariana Trench")',
        '2. math(problem="$1.count * 2")',
        '3. join()<END_OF_PLAN>',
      ].join('\n'),
    );
  });

  it('answers a JSON joiner with JSON', async () => {
    const { result, model } = await run(script, { joiner: { format: 'json' } });
    expect(result.answer).toBe('done');
    expect(model.requests[1]?.responseFormat).toEqual({ type: 'json' });
  });

  it('computes the answer from the joiner’s request when `answer` is a function', async () => {
    const { result } = await run({
      plan: [{ tool: 'search', args: { query: 'abc' } }],
      answer: ({ prompt, round }) => `round ${round}: ${/Observation: (.*)/.exec(prompt)?.[1]}`,
    });
    expect(result.answer).toBe('round 1: {"query":"abc","count":3}');
  });
});

describe('several rounds', () => {
  it('replans, numbering the new plan after the first, which may refer to the first plan’s results; then finishes', async () => {
    const { result, search, math } = await run({
      rounds: [
        { plan: [{ tool: 'search', args: { query: 'Mariana' } }], replan: 'Search the full name.' },
        { plan: [{ tool: 'search', args: { query: 'Mariana Trench' } }, { tool: 'math', args: { problem: '$1.count + $2.count' } }], answer: 'done' },
      ],
    });
    expect(search.calls.map((call) => call.input.query)).toEqual(['Mariana', 'Mariana Trench']);
    expect(math.calls[0]?.input).toEqual({ problem: '7 + 14' });
    expect(result.rounds.map((round) => round.taskIds)).toEqual([[1], [2, 3]]);
    expect(result.rounds[0]?.decision).toMatchObject({ action: { type: 'replan', feedback: 'Search the full name.' } });
    expect(result.answer).toBe('done');
  });

  it('replans in the tool-calls and JSON formats too', async () => {
    for (const format of ['json', 'tool-calls'] as const) {
      const { result } = await run(
        {
          rounds: [
            { plan: [{ tool: 'search', args: { query: 'a' } }], replan: 'again' },
            { plan: [{ tool: 'math', args: { problem: '$1.count' } }], answer: 'ok' },
          ],
        },
        { planner: { format }, joiner: { format: 'json' } },
      );
      expect(result.rounds.map((round) => round.taskIds)).toEqual([[1], [2]]);
      expect(result.answer).toBe('ok');
    }
  });

  it('a joiner that replans on the last round allowed fails the run, as a real one would', async () => {
    const rounds = [
      { plan: [{ tool: 'search', args: { query: 'a' } }], replan: 'again' },
      { plan: [{ tool: 'search', args: { query: 'b' } }], replan: 'and again' },
    ];
    await expect(run({ rounds }, { maxReplans: 1 })).rejects.toBeInstanceOf(ReplanLimitError);
  });

  it('a planner request beyond the script fails with a message that says so', async () => {
    const rounds = [{ plan: [{ tool: 'search', args: { query: 'a' } }], replan: 'again' }];
    await expect(run({ rounds })).rejects.toThrow('scriptedAgent: planner request #2, but the script has 1 round');
  });
});

describe('requests it cannot answer', () => {
  it('throws for a request that is neither the planner’s nor the joiner’s', () => {
    expect(() => scriptedAgent(script)({ messages: [{ role: 'user', content: 'Hi' }] })).toThrow(
      'scriptedAgent: a request that is neither the planner’s nor the joiner’s',
    );
  });

  it('throws for a joiner request before any plan', () => {
    expect(() => scriptedAgent(script)({ messages: [{ role: 'system', content: 'Action: Finish(<answer>)' }] })).toThrow(
      'scriptedAgent: a joiner request before any planner request',
    );
  });
});

describe('script checks', () => {
  it('names the malformed field', () => {
    expect(() => scriptedAgent({ plan: [{ tool: '' }], answer: 'x' })).toThrow('Expected `script.plan[0].tool` to be a tool name');
    expect(() => scriptedAgent({ plan: [{ tool: 'join' }], answer: 'x' })).toThrow('(the final join is added)');
    expect(() => scriptedAgent({ plan: [], answer: 'x', replan: 'y' })).toThrow('Expected `script` to be a round with either `answer` or `replan`, got both');
    expect(() => scriptedAgent({ rounds: [{ plan: [] }] })).toThrow('Expected `rounds[0]` to be a round with either `answer` or `replan`, got neither');
    expect(() => scriptedAgent({ rounds: [] })).toThrow('Expected `rounds` to be a non-empty array, got an array of length 0');
    expect(() => scriptedAgent({ plan: [{ tool: 'a', args: [] as never }], answer: 'x' })).toThrow('Expected `script.plan[0].args` to be an object');
  });
});

describe('over HTTP, as the fake server’s responder', () => {
  let server: FakeOpenAIServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers the planner (its plan cut at the stop sequence) and then the joiner, through the openai client', async () => {
    server = await startFakeOpenAI({ responder: scriptedAgent(script) });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
    const plan = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'q' }], stop: ['<END_OF_PLAN>'] });
    expect(plan.choices[0]?.message.content).toBe(
      'Thought: Look it up.\n1. search(query="Mariana Trench")\n2. math(problem="$1.count * 2")\n3. join()',
    );
    const decision = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'system', content: 'Reply with Action: Finish(<answer>)' }],
    });
    expect(decision.choices[0]?.message.content).toBe('Thought: The results answer the question.\nAction: Finish(done)');
  });

  it('answers a planner that offers a `join` tool with tool calls', async () => {
    server = await startFakeOpenAI({ responder: scriptedAgent(script) });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
    const tools = ['search', 'math', 'join'].map((name) => ({ type: 'function' as const, function: { name } }));
    const plan = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'q' }], tools });
    const calls = plan.choices[0]?.message.tool_calls?.map((call) => (call.type === 'function' ? [call.function.name, call.function.arguments] : []));
    expect(calls).toEqual([
      ['search', '{"query":"Mariana Trench"}'],
      ['math', '{"problem":"$1.count * 2"}'],
      ['join', '{}'],
    ]);
  });
});
