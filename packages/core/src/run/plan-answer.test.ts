import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel, type ScriptedResponse } from '../test/scripted-model.js';
import type { CompilerOptions } from './compiler-options.js';
import { createCompiler } from './create-compiler.js';
import type { RunResult } from './run-result.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function tools() {
  const search = fakeTool({
    name: 'search',
    input: z.object({ query: z.string() }),
    sideEffects: 'none',
    latencyMs: 100,
    result: ({ query }: { query: string }) => ({ name: query, depth: 30_000 - query.length * 1000 }),
    fail: ({ query }: { query: string }) => (query === 'nowhere' ? new Error('No such place') : undefined),
  });
  const math = fakeTool({
    name: 'math',
    input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
    sideEffects: 'none',
    latencyMs: 10,
    result: ({ context }: { problem: string; context?: unknown[] | undefined }) => (context as number[]).reduce((a, b) => a - b),
  });
  return [search, math];
}

const JOINER = 'Action: Finish(from the joiner)';

async function run(plan: ScriptedResponse, options: Partial<CompilerOptions> = {}): Promise<{ result: RunResult; calls: number; requests: number }> {
  const model = scriptedModel({ responses: [plan, JOINER] });
  const started = createCompiler({ model, tools: tools(), ...options }).run('How much deeper is the Mariana Trench than the Puerto Rico Trench?');
  await vi.runAllTimersAsync();
  const result = await started.result();
  return { result, calls: result.usage.calls, requests: model.requests.length };
}

const TASKS = '1. search("Mariana Trench")\n2. search("Puerto Rico Trench")\n3. math("difference", [$1.depth, $2.depth])';

describe('an answer stated in the plan', () => {
  it('finishes the run without the joiner when every task it names succeeded', async () => {
    const { result, requests } = await run(`${TASKS}\n4. join("The $1.name is $3 m deeper.")<END_OF_PLAN>`);
    expect(result.answer).toBe('The Mariana Trench is 4000 m deeper.');
    expect(requests).toBe(1);
    expect(result.usage.calls).toBe(1);
    const types = result.events.map((event) => event.type).filter((type) => type.startsWith('join') || type === 'answer-delta' || type === 'run-end');
    expect(types).toEqual(['join-start', 'answer-delta', 'join-end', 'run-end']);
    expect(result.events.find((event) => event.type === 'answer-delta')).toMatchObject({ round: 1, text: 'The Mariana Trench is 4000 m deeper.' });
    expect(result.events.find((event) => event.type === 'join-end')).toMatchObject({
      source: 'plan',
      usage: undefined,
      decision: { thought: undefined, action: { type: 'finish', answer: 'The Mariana Trench is 4000 m deeper.' } },
    });
    expect(result.rounds[0]!.planAnswer).toMatchObject({ dependencies: [1, 3], source: '"The $1.name is $3 m deeper."' });
    expect(result.firstAnswerAt).toBe(result.events.find((event) => event.type === 'answer-delta')!.time);
  });

  it('gives a whole reference as its value: text as it is, anything else as JSON', async () => {
    expect((await run(`${TASKS}\n4. join($3)`)).result.answer).toBe('4000');
    expect((await run(`${TASKS}\n4. join(answer=$1.name)`)).result.answer).toBe('Mariana Trench');
    expect((await run(`${TASKS}\n4. join($1)`)).result.answer).toBe('{"name":"Mariana Trench","depth":16000}');
  });

  it('is read from JSON plans and native tool calls too', async () => {
    const json = [
      '{"tasks": [',
      '{"id": 1, "tool": "search", "args": {"query": "Mariana Trench"}},',
      '{"id": 2, "tool": "search", "args": {"query": "Puerto Rico Trench"}},',
      '{"id": 3, "tool": "math", "args": {"problem": "difference", "context": ["$1.depth", "$2.depth"]}},',
      '{"tool": "join", "answer": "$3 m (costs $$0)"}',
      ']}',
    ].join('\n');
    const fromJson = await run(json, { planner: { format: 'json' } });
    expect([fromJson.result.answer, fromJson.requests]).toEqual(['4000 m (costs $0)', 1]);
    const toolCalls = {
      toolCalls: [
        { name: 'search', arguments: { query: 'Mariana Trench' } },
        { name: 'search', arguments: { query: 'Puerto Rico Trench' } },
        { name: 'math', arguments: { problem: 'difference', context: ['$1.depth', '$2.depth'] } },
        { name: 'join', arguments: { answer: 'It is $3 m deeper.' } },
      ],
    };
    const fromCalls = await run(toolCalls, { planner: { format: 'tool-calls' } });
    expect([fromCalls.result.answer, fromCalls.requests]).toEqual(['It is 4000 m deeper.', 1]);
  });

  it('leaves the answer to the joiner when the plan states none', async () => {
    const { result, requests } = await run(`${TASKS}\n4. join()`);
    expect(result.answer).toBe('from the joiner');
    expect(requests).toBe(2);
    expect(result.events.find((event) => event.type === 'join-end')).toMatchObject({ source: 'joiner' });
  });

  it('leaves the answer to the joiner when a task it names failed or was skipped', async () => {
    const failed = await run('1. search("nowhere")\n2. join("It is $1.depth m deep.")');
    expect([failed.result.answer, failed.requests]).toEqual(['from the joiner', 2]);
    const skipped = await run('1. search("nowhere")\n2. math("x", [$1.depth])\n3. search("b")\n4. join("$2 and $3.name")');
    expect([skipped.result.answer, skipped.requests]).toEqual(['from the joiner', 2]);
  });

  it('still finishes without the joiner when only a task it does not name failed', async () => {
    const { result, requests } = await run('1. search("nowhere")\n2. search("Mariana Trench")\n3. join($2.name)');
    expect([result.answer, requests]).toEqual(['Mariana Trench', 1]);
  });

  it('leaves the answer to the joiner when the plan was cut off', async () => {
    const { result, requests } = await run({ text: `${TASKS}\n4. join("$3 m")`, finishReason: 'length' });
    expect([result.answer, requests]).toEqual(['from the joiner', 2]);
  });

  it('leaves the answer to the joiner when it names no task, or a path the result lacks', async () => {
    expect((await run(`${TASKS}\n4. join("About 4 km")`)).requests).toBe(2);
    expect((await run(`${TASKS}\n4. join("$1.height m")`)).requests).toBe(2);
  });

  it('is not used when planner.answerInPlan is false, nor by default with a function joiner', async () => {
    const plan = `${TASKS}\n4. join("$3 m")`;
    const off = await run(plan, { planner: { answerInPlan: false } });
    expect([off.result.answer, off.requests]).toEqual(['from the joiner', 2]);
    const model = scriptedModel({ responses: [plan] });
    const started = createCompiler({ model, tools: tools(), joiner: () => 'from the function' }).run('q');
    await vi.runAllTimersAsync();
    expect((await started.result()).answer).toBe('from the function');
    expect(model.requests[0]!.messages[0]!.content).not.toContain('join(answer?: string)');
  });

  it('is described in the planner prompt, with examples that state their answers, only when the plan may state one', async () => {
    const model = scriptedModel({ responses: [`${TASKS}\n4. join($3)`] });
    createCompiler({ model, tools: tools() }).run('q');
    await vi.runAllTimersAsync();
    const system = model.requests[0]!.messages[0]!.content;
    expect(system).toContain('join(answer?: string)');
    expect(system).toContain('state it in the join so that it reaches the user without another step');
    expect(system).toContain('4. join("The Eiffel Tower is $3 meters taller than the Statue of Liberty.")<END_OF_PLAN>');
    const off = scriptedModel({ responses: [`${TASKS}\n4. join()`, JOINER] });
    createCompiler({ model: off, tools: tools(), planner: { answerInPlan: false } }).run('q');
    await vi.runAllTimersAsync();
    expect(off.requests[0]!.messages[0]!.content).not.toContain('state it in the join');
    expect(off.requests[0]!.messages[0]!.content).toContain('4. join()<END_OF_PLAN>');
  });
});
