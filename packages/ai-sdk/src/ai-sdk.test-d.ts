import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createCompiler, type AnyTool, type LanguageModel, type Run } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { dynamicTool, jsonSchema, streamText, tool, wrapLanguageModel, type UIMessage, type UIMessageChunk } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { fromAISDKModel, fromAISDKTools, toAISDKTool, toUIMessageStream, type LLMCompilerUIMessage, type TaskData } from './index.js';

const compiler = createCompiler({ model: scriptedModel({ responses: [] }), tools: [] });

test('every AI SDK language model comes in', () => {
  const anthropic = createAnthropic({ apiKey: 'k' })('claude-sonnet-4-5');
  const compatible = createOpenAICompatible({ name: 'x', baseURL: 'http://127.0.0.1:1/v1' })('m');
  const wrapped = wrapLanguageModel({ model: compatible, middleware: [] });
  for (const model of [anthropic, compatible, wrapped, new MockLanguageModelV3()]) expectTypeOf(fromAISDKModel(model)).toEqualTypeOf<LanguageModel>();
  // @ts-expect-error a model id needs its provider
  fromAISDKModel('gpt-4o-mini');
});

test('tool sets of tool() and dynamicTool() come in', () => {
  const tools = {
    zod: tool({ description: 'A.', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => city }),
    json: tool({ description: 'B.', inputSchema: jsonSchema<{ n: number }>({ type: 'object' }), execute: async ({ n }) => n }),
    dynamic: dynamicTool({ description: 'C.', inputSchema: z.object({}), execute: async () => 'x' }),
  };
  expectTypeOf(fromAISDKTools(tools)).toEqualTypeOf<AnyTool[]>();
});

test('the compiler is a tool of streamText', () => {
  const research = toAISDKTool(compiler);
  streamText({ model: new MockLanguageModelV3(), tools: { research }, prompt: 'q' });
  expectTypeOf(research.execute).parameter(0).toEqualTypeOf<{ readonly question: string }>();
});

test('the UI message stream is a stream of AI SDK chunks, typed for useChat', () => {
  const run = {} as Run;
  expectTypeOf(toUIMessageStream(run)).toExtend<ReadableStream<UIMessageChunk>>();
  expectTypeOf<LLMCompilerUIMessage>().toExtend<UIMessage>();
  type DataTask = Extract<LLMCompilerUIMessage['parts'][number], { type: 'data-task' }>;
  expectTypeOf<DataTask['data']>().toEqualTypeOf<TaskData>();
});
