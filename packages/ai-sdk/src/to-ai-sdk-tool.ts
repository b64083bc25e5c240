import type { Compiler } from '@llmcompiler/core';
import { optionChecks } from '@llmcompiler/core/internal';
import { jsonSchema, type Tool } from 'ai';

/** Options of {@link toAISDKTool}. */
export interface ToAISDKToolOptions {
  /**
   * When to use the tool and what it answers, for the calling agent's model.
   *
   * @default 'Answers a question that needs several tool calls, running them in parallel where it can.'
   * @example
   * ```ts
   * description: 'Answers questions about ocean trenches, looking up and comparing as needed.'
   * ```
   */
  readonly description?: string | undefined;
}

/** The input of the tool {@link toAISDKTool} makes. */
export interface CompilerToolInput {
  /** The question to answer, with everything needed to answer it. */
  readonly question: string;
}

const DEFAULT_DESCRIPTION = 'Answers a question that needs several tool calls, running them in parallel where it can.';

/**
 * Wraps a compiler as one AI SDK tool that takes `{ question: string }` and returns the run's answer, so
 * that a `generateText` / `streamText` agent (or a `ToolLoopAgent`) can hand a whole multi-step question to
 * it: the compiler plans, runs the tools in parallel and joins, in one step of the agent. The agent's
 * `abortSignal` aborts the run; a failed run throws its error, which the agent sees as a tool error.
 *
 * @throws {InvalidOptionError} when `compiler` is not a compiler or an option is wrong.
 *
 * @example
 * ```ts
 * import { generateText, stepCountIs } from 'ai';
 *
 * const { text } = await generateText({
 *   model: openai('gpt-4o'),
 *   tools: { research: toAISDKTool(compiler, { description: 'Answers research questions.' }) },
 *   stopWhen: stepCountIs(3),
 *   prompt: 'How much deeper is the Mariana Trench than the Puerto Rico Trench?',
 * });
 * ```
 */
export function toAISDKTool(compiler: Compiler, options: ToAISDKToolOptions = {}): Tool<CompilerToolInput, string> {
  const check = optionChecks();
  if (compiler === null || typeof compiler !== 'object' || typeof (compiler as Partial<Compiler>).run !== 'function') {
    check.fail('compiler', 'a compiler from createCompiler()', compiler);
  }
  check.object('options', options);
  check.keys('', options as Record<string, unknown>, ['description']);
  const description = options.description === undefined ? DEFAULT_DESCRIPTION : check.string('description', options.description, true);
  return {
    description,
    inputSchema: jsonSchema<CompilerToolInput>({
      type: 'object',
      properties: { question: { type: 'string', description: 'The question to answer, with everything needed to answer it.' } },
      required: ['question'],
      additionalProperties: false,
    }),
    execute: async ({ question }, { abortSignal }) => {
      const result = await compiler.run(question, abortSignal === undefined ? {} : { signal: abortSignal }).result();
      return result.answer;
    },
  };
}
