import { createCompiler, type LanguageModel } from '@llmcompiler/core';
import { compilerAsRunnable, fromLangChainChatModel, fromLangChainTools } from '@llmcompiler/langchain';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { lookupDepth, subtract } from './tools.js';

/** The graph's state: the question in, the answer and a trace of the tool calls out. */
export const AgentState = Annotation.Root({
  question: Annotation<string>,
  answer: Annotation<string>,
  /** One line per tool call, `3. subtract -> ok (12 ms)`, in the order they ended. */
  steps: Annotation<string[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
});

/**
 * A LangGraph app whose agent node is an LLMCompiler run: the LangChain chat model plans and joins, the
 * LangChain tools run in parallel as soon as their inputs exist. A second node turns the run into a reply.
 */
export function createAgentGraph(chatModel: BaseChatModel) {
  const model: LanguageModel = fromLangChainChatModel(chatModel);
  // Both tools only read, so they may start while the plan is still streaming.
  const tools = fromLangChainTools([lookupDepth, subtract], { sideEffects: 'none', timeoutMs: 10_000 });
  const agent = compilerAsRunnable(createCompiler({ model, tools, maxReplans: 1 }));

  return new StateGraph(AgentState)
    .addNode('agent', async (state, config) => {
      const steps: string[] = [];
      let answer = '';
      for await (const event of agent.streamRunEvents(state.question, { signal: config.signal })) {
        if (event.type === 'task-end') {
          const { task, outcome, startedAt, endedAt } = event.record;
          const ms = startedAt !== undefined && endedAt !== undefined ? ` (${Math.round(endedAt - startedAt)} ms)` : '';
          steps.push(`${task.id}. ${task.tool} -> ${outcome}${ms}`);
        }
        if (event.type === 'run-end' && event.answer !== undefined) answer = event.answer;
      }
      return { answer, steps };
    })
    .addNode('reply', (state) => ({ answer: `${state.answer}\n(${state.steps.length} tool calls)` }))
    .addEdge(START, 'agent')
    .addEdge('agent', 'reply')
    .addEdge('reply', END)
    .compile();
}
