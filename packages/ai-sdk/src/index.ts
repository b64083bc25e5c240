/**
 * @module
 * The Vercel AI SDK and llmcompiler: any AI SDK language model (`ai` 6 or 7) as the compiler's planner and
 * joiner, AI SDK tools as llmcompiler tools, the whole compiler as one AI SDK tool for a `generateText` /
 * `streamText` agent, and a run as an AI SDK UI message stream that `useChat` renders (the plan, each task's
 * state and the streamed answer).
 *
 * @example
 * ```ts
 * import { createCompiler } from '@llmcompiler/core';
 * import { fromAISDKModel, fromAISDKTools, toUIMessageStreamResponse } from '@llmcompiler/ai-sdk';
 * import { anthropic } from '@ai-sdk/anthropic';
 *
 * const compiler = createCompiler({
 *   model: fromAISDKModel(anthropic('claude-sonnet-4-5')),
 *   tools: fromAISDKTools({ search, weather }, { sideEffects: 'none' }),
 *   planner: { format: 'tool-calls' },
 * });
 * export const POST = async (request: Request) =>
 *   toUIMessageStreamResponse(compiler.run('Weather in the two largest cities of Japan?', { signal: request.signal }));
 * ```
 */
export { fromAISDKModel, type FromAISDKModelOptions } from './from-ai-sdk-model.js';
export type { AISDKLanguageModel } from './ai-sdk-model-types.js';
export { fromAISDKTool, fromAISDKTools, type AISDKToolLike, type FromAISDKToolOptions } from './from-ai-sdk-tool.js';
export { toAISDKTool, type CompilerToolInput, type ToAISDKToolOptions } from './to-ai-sdk-tool.js';
export {
  toUIMessageStream,
  toUIMessageStreamResponse,
  type LLMCompilerDataTypes,
  type LLMCompilerUIMessage,
  type LLMCompilerUIMessageChunk,
  type PlanData,
  type PlanTaskData,
  type TaskData,
  type TaskState,
  type ToUIMessageStreamOptions,
} from './to-ui-message-stream.js';
