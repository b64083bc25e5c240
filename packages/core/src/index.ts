/**
 * @module
 * LLMCompiler for TypeScript: a planner streams a plan of tool calls whose arguments reference earlier
 * results (`$1`, `$2.rows`); each task is parsed, checked and handed on the moment its inputs exist.
 *
 * @example
 * ```ts
 * import { parsePlan, tool } from '@llmcompiler/core';
 * import { z } from 'zod';
 *
 * const search = tool({
 *   name: 'search',
 *   description: 'Search Wikipedia for an entity; returns the first paragraph.',
 *   input: z.object({ query: z.string() }),
 *   sideEffects: 'none',
 *   execute: async ({ query }) => `(first paragraph about ${query})`,
 * });
 *
 * const { tasks } = parsePlan('1. search("Mariana Trench")\n2. join()', { tools: [search] });
 * // tasks[0].args -> { query: 'Mariana Trench' }
 * ```
 */
export * from './errors/index.js';
export * from './graph/index.js';
export * from './plan/index.js';
export * from './tool/index.js';
export * from './execute/index.js';
export * from './model/index.js';
export * from './planner/index.js';
export * from './joiner/index.js';
export * from './run/index.js';
export * from './journal/index.js';
export * from './instrument/index.js';
export * from './select/index.js';
