import type { Compiler } from '@llmcompiler/core';
import { DynamicStructuredTool } from '@langchain/core/tools';
import { optionChecks } from '@llmcompiler/core/internal';
import { checkCompiler } from './compiler-runnable.js';

/** The name and description a compiler takes on as a LangChain tool. */
export interface CompilerAsToolOptions {
  /**
   * The tool's name, as the calling agent's model sees it.
   *
   * @example
   * ```ts
   * name: 'research'
   * ```
   */
  readonly name: string;
  /**
   * When to use it and what it answers, for the calling agent's model.
   *
   * @example
   * ```ts
   * description: 'Answers questions about ocean trenches, looking up and comparing as needed.'
   * ```
   */
  readonly description: string;
}

/**
 * Wraps a compiler as a LangChain tool that takes `{ question: string }` and returns the run's answer, so a
 * LangChain or LangGraph agent can hand a whole multi-step question to it. The config's signal aborts the
 * run; a failed run throws its error.
 *
 * @throws {InvalidOptionError} when `compiler` is not a compiler, or `name` or `description` is missing.
 *
 * @example
 * ```ts
 * const research = compilerAsTool(compiler, { name: 'research', description: 'Answers research questions.' });
 * await research.invoke({ question: 'How deep is the Mariana Trench?' });
 * ```
 */
export function compilerAsTool(compiler: Compiler, options: CompilerAsToolOptions): DynamicStructuredTool {
  checkCompiler(compiler);
  const check = optionChecks();
  check.object('options', options, 'an object with `name` and `description`');
  check.keys('', options as unknown as Record<string, unknown>, ['name', 'description']);
  check.string('name', options.name, true);
  check.string('description', options.description);
  return new DynamicStructuredTool({
    name: options.name,
    description: options.description,
    schema: {
      type: 'object',
      properties: { question: { type: 'string', description: 'The question to answer, with everything needed to answer it.' } },
      required: ['question'],
    },
    func: async (input: { question: string }, _runManager, config) => {
      const result = await compiler.run(input.question, { signal: config?.signal }).result();
      return result.answer;
    },
  });
}
