import { createCompiler, type AnyTool, type LanguageModel, type RunEvent } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { DynamicStructuredTool, DynamicTool, tool as lcTool, type StructuredToolInterface } from '@langchain/core/tools';
import type { IterableReadableStream } from '@langchain/core/utils/stream';
import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { compilerAsRunnable, compilerAsTool, fromLangChainChatModel, fromLangChainTool, toLangChainTool } from './index.js';

const compiler = createCompiler({ model: scriptedModel({ responses: [] }), tools: [] });

test('every kind of LangChain tool comes in', () => {
  const zod4 = lcTool(async ({ city }: { city: string }) => city, { name: 'a', description: 'A.', schema: z.object({ city: z.string() }) });
  const zod3 = new DynamicStructuredTool({ name: 'b', description: 'B.', schema: z3.object({ n: z3.number() }), func: async ({ n }) => n });
  const json = lcTool(async () => 'x', { name: 'c', description: 'C.', schema: { type: 'object', properties: {} } });
  const dynamic = new DynamicTool({ name: 'd', description: 'D.', func: async (text: string) => text });
  for (const lc of [zod4, zod3, json, dynamic]) expectTypeOf(fromLangChainTool(lc)).toEqualTypeOf<AnyTool>();
  // @ts-expect-error a plain function is not a LangChain tool
  fromLangChainTool(async () => 'x');
});

test('our tools go out as LangChain tools', () => {
  const ours = fromLangChainTool(new DynamicTool({ name: 'd', description: 'D.', func: async (text: string) => text }));
  expectTypeOf(toLangChainTool(ours)).toExtend<StructuredToolInterface>();
  expectTypeOf(compilerAsTool(compiler, { name: 'r', description: 'R.' })).toExtend<StructuredToolInterface>();
});

test('the runnable takes a question and answers with a string; stream yields RunEvents', () => {
  const runnable = compilerAsRunnable(compiler);
  expectTypeOf(runnable.invoke).parameter(0).toEqualTypeOf<string | { readonly question: string }>();
  expectTypeOf(runnable.invoke('q')).resolves.toEqualTypeOf<string>();
  expectTypeOf(runnable.batch(['q'])).resolves.toEqualTypeOf<string[]>();
  expectTypeOf(runnable.stream('q')).resolves.toEqualTypeOf<IterableReadableStream<RunEvent>>();
  expectTypeOf(runnable.streamRunEvents('q')).toEqualTypeOf<AsyncGenerator<RunEvent, void, undefined>>();
  // @ts-expect-error the question is required
  void runnable.invoke({});
});

test('a chat model becomes a LanguageModel', () => {
  expectTypeOf(fromLangChainChatModel).parameter(0).toEqualTypeOf<BaseChatModel>();
  expectTypeOf(fromLangChainChatModel({} as BaseChatModel)).toEqualTypeOf<LanguageModel>();
});
