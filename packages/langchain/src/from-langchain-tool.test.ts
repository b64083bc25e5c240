import { createCompiler } from '@llmcompiler/core';
import { tool as lcTool, DynamicStructuredTool, DynamicTool } from '@langchain/core/tools';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { fromLangChainChatModel } from './from-langchain-chat-model.js';
import { fromLangChainTool, fromLangChainTools } from './from-langchain-tool.js';

const context = (signal = new AbortController().signal) => ({ signal, taskId: 1, attempt: 1, runId: 'run-1' });

const weather = lcTool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
  name: 'weather',
  description: 'Current weather of a city.',
  schema: z.object({ city: z.string().describe('the city') }),
});

describe('fromLangChainTool', () => {
  it('keeps the name and description, shows a zod 4 schema as JSON Schema, and calls the tool', async () => {
    const ours = fromLangChainTool(weather);
    expect(ours.name).toBe('weather');
    expect(ours.description).toBe('Current weather of a city.');
    expect(ours.inputSchema.jsonSchema()).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string', description: 'the city' } },
      required: ['city'],
    });
    expect(await ours.inputSchema.validate({ city: 1 })).toMatchObject({ success: false });
    await expect(ours.execute({ city: 'Oslo' }, context())).resolves.toBe('Sunny in Oslo');
  });

  it('takes a JSON Schema tool as it is', async () => {
    const jsonTool = lcTool(async (input: Record<string, unknown>) => `got ${JSON.stringify(input)}`, {
      name: 'echo',
      description: 'Echoes.',
      schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    });
    const ours = fromLangChainTool(jsonTool);
    expect(ours.inputSchema.jsonSchema()).toMatchObject({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });
    expect(await ours.inputSchema.validate({})).toMatchObject({ success: false });
    await expect(ours.execute({ text: 'hi' }, context())).resolves.toBe('got {"text":"hi"}');
  });

  it('converts a zod 3 schema to JSON Schema', async () => {
    const legacy = new DynamicStructuredTool({
      name: 'legacy',
      description: 'A zod 3 tool.',
      schema: z3.object({ n: z3.number() }),
      func: async ({ n }) => n * 2,
    });
    const ours = fromLangChainTool(legacy);
    expect(ours.inputSchema.jsonSchema()).toMatchObject({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
    await expect(ours.execute({ n: 21 }, context())).resolves.toBe(42);
  });

  it('takes a DynamicTool, whose string input is the `input` property', async () => {
    const shout = new DynamicTool({ name: 'shout', description: 'Upper-cases text.', func: async (text: string) => text.toUpperCase() });
    const ours = fromLangChainTool(shout);
    expect(ours.inputSchema.jsonSchema()).toMatchObject({ type: 'object', properties: { input: { type: 'string' } } });
    await expect(ours.execute({ input: 'hey' }, context())).resolves.toBe('HEY');
  });

  it("defaults sideEffects to 'unsafe' and passes the options on", () => {
    expect(fromLangChainTool(weather)).toMatchObject({ sideEffects: 'unsafe', timeoutMs: undefined, concurrency: Infinity });
    const ours = fromLangChainTool(weather, { sideEffects: 'none', timeoutMs: 500, retry: { attempts: 2 }, concurrency: 3 });
    expect(ours).toMatchObject({ sideEffects: 'none', timeoutMs: 500, concurrency: 3, retry: { attempts: 2 } });
  });

  it('hands the abort signal to the LangChain tool', async () => {
    let seen: AbortSignal | undefined;
    let started!: () => void;
    const whenStarted = new Promise<void>((resolve) => (started = resolve));
    const slow = lcTool(
      (_input: { x: string }, config) =>
        new Promise<string>((_resolve, reject) => {
          seen = config.signal;
          started();
          config.signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
        }),
      { name: 'slow', description: 'Never ends on its own.', schema: z.object({ x: z.string() }) },
    );
    const controller = new AbortController();
    const call = fromLangChainTool(slow).execute({ x: 'a' }, context(controller.signal));
    await whenStarted;
    expect(seen?.aborted).toBe(false);
    controller.abort(new Error('cancelled'));
    await expect(call).rejects.toThrow();
    expect(seen?.aborted).toBe(true);
  });

  it('propagates what the tool throws', async () => {
    const broken = lcTool(
      async () => {
        throw new Error('upstream is down');
      },
      { name: 'broken', description: 'Fails.', schema: z.object({}) },
    );
    await expect(fromLangChainTool(broken).execute({}, context())).rejects.toThrow('upstream is down');
  });

  it('converts a list with the same options', () => {
    const tools = fromLangChainTools([weather, weather], { sideEffects: 'idempotent' });
    expect(tools.map((ours) => [ours.name, ours.sideEffects])).toEqual([
      ['weather', 'idempotent'],
      ['weather', 'idempotent'],
    ]);
  });

  it('runs in a compiler, and a failing tool becomes the observation while the others still run', async () => {
    const broken = lcTool(
      async () => {
        throw new Error('upstream is down');
      },
      { name: 'broken', description: 'Fails.', schema: z.object({ q: z.string() }) },
    );
    const model = new FakeListChatModel({
      responses: [
        '1. weather("Oslo")\n2. broken("x")\n3. join()',
        'Thought: weather is known.\nAction: Finish(Sunny in Oslo)',
      ],
    });
    const compiler = createCompiler({
      model: fromLangChainChatModel(model),
      tools: fromLangChainTools([weather, broken], { sideEffects: 'none' }),
    });
    const result = await compiler.run('Weather in Oslo?').result();
    expect(result.answer).toBe('Sunny in Oslo');
    expect(result.tasks.map((record) => [record.task.tool, record.outcome])).toEqual([
      ['weather', 'ok'],
      ['broken', 'error'],
    ]);
    expect(result.tasks[0]?.value).toBe('Sunny in Oslo');
    expect(String(result.tasks[1]?.error)).toContain('upstream is down');
  });

  it('runs zod 3 tools and a DynamicTool in a compiler, with values flowing between them', async () => {
    const double = new DynamicStructuredTool({
      name: 'double',
      description: 'Doubles a number.',
      schema: z3.object({ n: z3.number() }),
      func: async ({ n }) => n * 2,
    });
    const describeNumber = new DynamicTool({ name: 'describe_number', description: 'Says a number.', func: async (text: string) => `the number ${text}` });
    const model = new FakeListChatModel({
      responses: ['1. double(21)\n2. double($1)\n3. describe_number("twice 21 is $2")\n4. join()', 'Action: Finish(84)'],
    });
    const compiler = createCompiler({
      model: fromLangChainChatModel(model),
      tools: fromLangChainTools([double, describeNumber], { sideEffects: 'none' }),
    });
    const result = await compiler.run('Double 21 twice.').result();
    expect(result.answer).toBe('84');
    expect(result.tasks.map((record) => [record.task.tool, record.outcome, record.value])).toEqual([
      ['double', 'ok', 42],
      ['double', 'ok', 84],
      ['describe_number', 'ok', 'the number twice 21 is 84'],
    ]);
  });
});
