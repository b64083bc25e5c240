/**
 * @module
 * LangChain and llmcompiler, both ways: LangChain tools as llmcompiler tools and back, a compiler as a
 * LangChain tool or `Runnable` (for LCEL chains and LangGraph nodes), and any LangChain chat model as the
 * compiler's planner and joiner.
 *
 * @example
 * ```ts
 * import { createCompiler } from '@llmcompiler/core';
 * import { compilerAsRunnable, fromLangChainChatModel, fromLangChainTools } from '@llmcompiler/langchain';
 * import { ChatOpenAI } from '@langchain/openai';
 *
 * const compiler = createCompiler({
 *   model: fromLangChainChatModel(new ChatOpenAI({ model: 'gpt-4o-mini' })),
 *   tools: fromLangChainTools([search, calculator], { sideEffects: 'none' }),
 * });
 * const answer = await compilerAsRunnable(compiler).invoke('How much deeper is the Mariana Trench?');
 * ```
 */
export { fromLangChainTool, fromLangChainTools, type FromLangChainToolOptions, type LangChainToolLike } from './from-langchain-tool.js';
export { toLangChainTool } from './to-langchain-tool.js';
export { compilerAsTool, type CompilerAsToolOptions } from './compiler-as-tool.js';
export { CompilerRunnable, compilerAsRunnable, type CompilerInput } from './compiler-runnable.js';
export { fromLangChainChatModel, type FromLangChainChatModelOptions } from './from-langchain-chat-model.js';
export { toLangChainMessages } from './to-langchain-messages.js';
export { toFinishReason } from './to-finish-reason.js';
