import { createCompiler, ToolDefinitionError } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { dynamicTool, jsonSchema, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromAISDKTool, fromAISDKTools } from './from-ai-sdk-tool.js';

const controller = () => new AbortController();

describe('fromAISDKTool', () => {
  it('keeps the name, description and zod input schema, and validates with it', async () => {
    const weather = tool({
      description: 'Current weather of a city.',
      inputSchema: z.object({ city: z.string(), unit: z.enum(['C', 'F']).default('C') }),
      execute: async ({ city, unit }) => `Sunny in ${city}, 21 °${unit}`,
    });
    const ours = fromAISDKTool('weather', weather, { sideEffects: 'none' });
    expect(ours).toMatchObject({ name: 'weather', description: 'Current weather of a city.', sideEffects: 'none' });
    expect(ours.inputSchema.jsonSchema()).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' }, unit: { enum: ['C', 'F'] } },
      required: ['city'],
    });
    await expect(ours.inputSchema.validate({ city: 'Oslo' })).resolves.toEqual({ success: true, value: { city: 'Oslo', unit: 'C' } });
    const invalid = await ours.inputSchema.validate({ city: 3 });
    expect(invalid.success).toBe(false);
  });

  it('passes the abort signal and a tool-call id unique to each call to execute', async () => {
    const seen: { toolCallId: string; abortSignal: AbortSignal | undefined; messages: unknown }[] = [];
    const echo = tool({
      description: 'Echo.',
      inputSchema: z.object({ text: z.string() }),
      execute: async ({ text }, { toolCallId, abortSignal, messages }) => {
        seen.push({ toolCallId, abortSignal, messages });
        return text;
      },
    });
    const ours = fromAISDKTool('echo', echo);
    const signal = controller().signal;
    await expect(ours.execute({ text: 'a' }, { signal, runId: 'run-a', taskId: 3, attempt: 1 })).resolves.toBe('a');
    await ours.execute({ text: 'b' }, { signal, runId: 'run-a', taskId: 3, attempt: 2 });
    expect(seen[0]?.abortSignal).toBe(signal);
    expect(seen[0]?.messages).toEqual([]);
    expect(seen[0]?.toolCallId).toBe('llmcompiler-run-a-3-1');
    expect(seen[1]?.toolCallId).not.toBe(seen[0]?.toolCallId);
  });

  it('validates with the validate function of a jsonSchema(), and shows its JSON Schema', async () => {
    const schema = jsonSchema<{ n: number }>(
      { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      { validate: (value) => (typeof (value as { n?: unknown }).n === 'number' && (value as { n: number }).n > 0 ? { success: true, value: value as { n: number } } : { success: false, error: new Error('n must be a positive number') }) },
    );
    const ours = fromAISDKTool('square', tool({ description: 'n squared.', inputSchema: schema, execute: async ({ n }) => n * n }));
    expect(ours.inputSchema.jsonSchema()).toMatchObject({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
    await expect(ours.inputSchema.validate({ n: 3 })).resolves.toEqual({ success: true, value: { n: 3 } });
    const refused = await ours.inputSchema.validate({ n: -1 });
    expect(refused).toMatchObject({ success: false });
    expect(JSON.stringify(refused)).toContain('n must be a positive number');
  });

  it('validates a jsonSchema() without validate as a JSON Schema', async () => {
    const ours = fromAISDKTool(
      'lookup',
      dynamicTool({ description: 'Look up.', inputSchema: jsonSchema({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }), execute: async (input) => input }),
    );
    await expect(ours.inputSchema.validate({ id: 2 })).resolves.toEqual({ success: true, value: { id: 2 } });
    const refused = await ours.inputSchema.validate({ id: 'two' });
    expect(refused.success).toBe(false);
  });

  it('takes the last value of a tool that streams its results', async () => {
    const progress = tool({
      description: 'Counts.',
      inputSchema: z.object({}),
      async *execute() {
        yield 'one';
        yield 'two';
      },
    });
    await expect(fromAISDKTool('progress', progress).execute({}, { signal: controller().signal, runId: 'run-a', taskId: 1, attempt: 1 })).resolves.toBe('two');
  });

  it('refuses a tool without execute', () => {
    const clientSide = tool({ description: 'Asks the user.', inputSchema: z.object({ question: z.string() }) });
    expect(() => fromAISDKTool('ask', clientSide)).toThrow(ToolDefinitionError);
    expect(() => fromAISDKTool('ask', clientSide)).toThrow(
      'Expected `execute` of tool `ask` to be a function (a tool without `execute` runs in the client, which a plan cannot wait for), got `undefined`',
    );
    expect(() => fromAISDKTools([] as never)).toThrow('Expected `tools` to be an AI SDK tool set');
  });

  it('runs AI SDK tools in a compiler run, a failure becoming the observation', async () => {
    const tools = fromAISDKTools(
      {
        lookup: tool({
          description: 'Depth of a trench.',
          inputSchema: z.object({ name: z.string() }),
          execute: async ({ name }) => {
            if (name !== 'Mariana') throw new Error(`No trench named ${name}`);
            return 10994;
          },
        }),
      },
      { sideEffects: 'none' },
    );
    const model = scriptedModel({
      responses: ['1. lookup("Mariana")\n2. lookup("Atlantis")\n3. join()', 'Thought: One failed.\nAction: Finish(10994 m)'],
    });
    const result = await createCompiler({ model, tools }).run('How deep?').result();
    expect(result.answer).toBe('10994 m');
    expect(result.tasks.map((record) => [record.outcome, record.value])).toEqual([
      ['ok', 10994],
      ['error', undefined],
    ]);
    expect(String(result.tasks[1]?.error)).toContain('No trench named Atlantis');
  });
});
