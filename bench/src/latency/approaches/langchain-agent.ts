import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import type { JSONSchema } from '@langchain/core/utils/json_schema';
import { ChatOpenAI } from '@langchain/openai';
import { AIMessage, createAgent } from 'langchain';
import type { Approach, ApproachAnswer, RunContext, World } from '../types.js';

/** The instruction the LangChain agent starts with. */
export const langchainSystemPrompt =
  'Answer the question using the tools; when you know the answer, reply with the answer only.';

/** The world's tools as LangChain tools, their inputs described (and validated) by the world's JSON Schemas. */
export function langchainTools(world: World): StructuredToolInterface[] {
  return world.tools.map((spec) =>
    tool((input: unknown, config) => world.runTool(spec.name, input, config.signal), {
      name: spec.name,
      description: spec.description,
      schema: spec.parameters as JSONSchema,
    }),
  );
}

/** Graph steps for `maxSteps` LLM calls: each call and the tool node after it take one step each, plus slack. */
export function recursionLimitFor(maxSteps: number): number {
  return 2 * maxSteps + 5;
}

/**
 * The answer, and when it arrived: the model does not stream, so the last model call's reply comes whole
 * (its `handleLLMEnd`, run in line rather than in LangChain's background callback queue).
 */
async function answer(question: string, context: RunContext): Promise<ApproachAnswer> {
  let llmEndedAt = Number.NaN;
  const timing = {
    awaitHandlers: true,
    handleLLMEnd: () => {
      llmEndedAt = performance.now();
    },
  };
  const model = new ChatOpenAI({
    model: context.model,
    apiKey: context.apiKey,
    configuration: { baseURL: context.baseURL },
    maxRetries: 0,
  });
  const agent = createAgent({ model, tools: langchainTools(context.world), systemPrompt: langchainSystemPrompt });
  const state = await agent.invoke(
    { messages: [{ role: 'user', content: question }] },
    {
      recursionLimit: recursionLimitFor(context.maxSteps),
      callbacks: [timing],
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    },
  );
  const last = state.messages.findLast((message) => AIMessage.isInstance(message));
  if (last === undefined) {
    throw new Error(`Expected the agent's messages to end with an AI message, got ${state.messages.length} messages without one`);
  }
  return { answer: last.text.trim(), firstAnswerAt: Number.isNaN(llmEndedAt) ? performance.now() : llmEndedAt };
}

/** LangChain's prebuilt agent (a LangGraph ReAct loop) with an OpenAI chat model. */
export const langchainAgent: Approach = {
  name: 'langchain',
  description:
    'LangChain.js `createAgent` (`langchain` 1.5.14 on LangGraph 1.7.3, `ChatOpenAI` from `@langchain/openai` 1.4.7, not streamed): the agent graph runs each turn’s tool calls concurrently; graph recursion limit = 2 × maxSteps + 5.',
  run: answer,
};
