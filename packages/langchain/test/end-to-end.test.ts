// The whole path over real HTTP: the compiler, this package's adapters, LangChain's `ChatOpenAI` with the
// real `openai` client inside, and the local OpenAI-compatible server of @llmcompiler/testing.
import { createCompiler } from '@llmcompiler/core';
import { countPromptTokens, countTextTokens, startFakeOpenAI, type Answer, type FakeOpenAIServer } from '@llmcompiler/testing';
import { tool as lcTool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compilerAsRunnable, fromLangChainChatModel, fromLangChainTools } from '../src/index.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function chatModelOn(responses: readonly Answer[]) {
  server = await startFakeOpenAI({ responses });
  const chatModel = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'test', maxRetries: 0, configuration: { baseURL: server.url } });
  return { server, model: fromLangChainChatModel(chatModel) };
}

const depths: Record<string, number> = { 'mariana trench': 10994, 'puerto rico trench': 8376 };
const lookup = lcTool(
  async ({ name }: { name: string }) => {
    const depth = depths[name.toLowerCase()];
    if (depth === undefined) throw new Error(`No trench named ${name}`);
    return { name, depth };
  },
  { name: 'lookup', description: 'Depth of an ocean trench in meters.', schema: z.object({ name: z.string() }) },
);
const subtract = lcTool(async ({ a, b }: { a: number; b: number }) => a - b, {
  name: 'subtract',
  description: 'a minus b.',
  schema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
});

const PLAN = [
  '1. lookup("Mariana Trench")',
  '2. lookup("Puerto Rico Trench")',
  '3. subtract(a=$1.depth, b=$2.depth)',
  '4. join()',
].join('\n');

describe('ChatOpenAI as planner and joiner, over HTTP', () => {
  it('plans in text, runs LangChain tools with values flowing between them, and answers', async () => {
    const joinerText = 'Thought: Task 3 has it.\nAction: Finish(The Mariana Trench is 2618 m deeper.)';
    const { server, model } = await chatModelOn([PLAN, joinerText]);
    const compiler = createCompiler({ model, tools: fromLangChainTools([lookup, subtract], { sideEffects: 'none' }) });
    const result = await compiler.run('How much deeper is the Mariana Trench than the Puerto Rico Trench?').result();

    expect(result.answer).toBe('The Mariana Trench is 2618 m deeper.');
    expect(result.tasks.map((record) => [record.task.tool, record.outcome, record.value])).toEqual([
      ['lookup', 'ok', { name: 'Mariana Trench', depth: 10994 }],
      ['lookup', 'ok', { name: 'Puerto Rico Trench', depth: 8376 }],
      ['subtract', 'ok', 2618],
    ]);
    const [planner, joiner] = server.requests;
    expect(planner?.body.stop).toEqual(['<END_OF_PLAN>']);
    expect(planner?.body.stream).toBe(true);
    expect(planner?.body.messages.map((message) => message.role)).toEqual(['system', 'user']);
    // Usage comes from LangChain's usage_metadata, which is what the server counted.
    expect(result.usage.planner.promptTokens).toBe(countPromptTokens(planner!.body));
    expect(result.usage.joiner.promptTokens).toBe(countPromptTokens(joiner!.body));
    expect(result.usage.joiner.completionTokens).toBe(countTextTokens(joinerText));
    expect(result.events.find((event) => event.type === 'plan-end')).toMatchObject({ reason: 'join', finishReason: 'stop', clean: true });
  });

  it('plans with native tool calls through bindTools', async () => {
    const { server, model } = await chatModelOn([
      {
        toolCalls: [
          { name: 'lookup', arguments: { name: 'Mariana Trench' } },
          { name: 'lookup', arguments: { name: 'Puerto Rico Trench' } },
          { name: 'subtract', arguments: { a: '$1.depth', b: '$2.depth' } },
          { name: 'join', arguments: {} },
        ],
      },
      'Action: Finish(2618 m)',
    ]);
    const compiler = createCompiler({
      model,
      tools: fromLangChainTools([lookup, subtract], { sideEffects: 'none' }),
      planner: { format: 'tool-calls' },
    });
    const result = await compiler.run('How much deeper is the Mariana Trench?').result();
    expect(result.answer).toBe('2618 m');
    expect(result.tasks.map((record) => record.value)).toEqual([
      { name: 'Mariana Trench', depth: 10994 },
      { name: 'Puerto Rico Trench', depth: 8376 },
      2618,
    ]);
    const tools = server.requests[0]?.body.tools as { function: { name: string } }[] | undefined;
    expect(tools?.map((definition) => definition.function.name)).toEqual(['lookup', 'subtract', 'join']);
  });

  it('carries a LangChain tool error to the joiner, which replans', async () => {
    const { model } = await chatModelOn([
      '1. lookup("Atlantis Trench")\n2. join()',
      'Thought: That trench does not exist.\nAction: Replan(look up the Mariana Trench instead)',
      '3. lookup("Mariana Trench")\n4. join()',
      'Action: Finish(10994 m)',
    ]);
    const compiler = createCompiler({ model, tools: fromLangChainTools([lookup], { sideEffects: 'none' }) });
    const result = await compiler.run('How deep is the Atlantis Trench?').result();
    expect(result.answer).toBe('10994 m');
    expect(result.tasks.map((record) => record.outcome)).toEqual(['error', 'ok']);
    expect(String(result.tasks[0]?.error)).toContain('No trench named Atlantis Trench');
  });

  it('answers through the Runnable', async () => {
    const { model } = await chatModelOn([PLAN, 'Action: Finish(2618 m)']);
    const runnable = compilerAsRunnable(createCompiler({ model, tools: fromLangChainTools([lookup, subtract], { sideEffects: 'none' }) }));
    await expect(runnable.invoke({ question: 'How much deeper?' })).resolves.toBe('2618 m');
  });
});
