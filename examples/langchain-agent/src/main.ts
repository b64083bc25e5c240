// A LangGraph.js app with LLMCompiler as its agent, LangChain tools and LangChain's ChatOpenAI.
//
// With no configuration it runs on a local simulated model (an OpenAI-compatible server on 127.0.0.1)
// through ChatOpenAI. With OPENAI_API_KEY set it runs on OpenAI: OPENAI_MODEL names it (default gpt-4o-mini).
import { ChatOpenAI } from '@langchain/openai';
import { createAgentGraph } from './agent-graph.js';
import { startSimulatedModel } from './simulated-model.js';

const live = process.env.OPENAI_API_KEY !== undefined;
const server = live ? undefined : await startSimulatedModel({ timeToFirstTokenMs: 300, outputTokensPerSecond: 80 });
const chatModel = server
  ? new ChatOpenAI({ model: 'simulated', apiKey: 'no-key-needed', configuration: { baseURL: server.url } })
  : new ChatOpenAI({ model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini', temperature: 0 });

console.log(`Model: ${server ? `simulated, on ${server.url}` : `${chatModel.model} (live)`}`);
try {
  const graph = createAgentGraph(chatModel);
  const state = await graph.invoke({ question: 'How much deeper is the Mariana Trench than the Puerto Rico Trench?' });
  for (const step of state.steps) console.log(`  ${step}`);
  console.log(`\n${state.answer}`);
} finally {
  await server?.close();
}
