// A LangGraph.js app with LLMCompiler as its agent, LangChain tools and LangChain's ChatOpenAI.
//
// With no configuration it runs on a local simulated model (an OpenAI-compatible server on 127.0.0.1)
// through ChatOpenAI. With OPENAI_API_KEY set (an empty one counts as not set) it runs on OpenAI, or on
// OPENAI_BASE_URL when that is set too: OPENAI_MODEL names the model (default gpt-4o-mini).
import { ChatOpenAI } from '@langchain/openai';
import { createAgentGraph } from './agent-graph.js';
import { startSimulatedModel } from './simulated-model.js';

const apiKey = process.env.OPENAI_API_KEY?.trim() || undefined;
const server = apiKey === undefined ? await startSimulatedModel({ timeToFirstTokenMs: 300, outputTokensPerSecond: 80 }) : undefined;
const chatModel = server
  ? new ChatOpenAI({ model: 'simulated', apiKey: 'no-key-needed', configuration: { baseURL: server.url } })
  : new ChatOpenAI({ model: process.env.OPENAI_MODEL?.trim() || 'gpt-4o-mini', temperature: 0, apiKey });

const endpoint = `${(process.env.OPENAI_BASE_URL?.trim() || 'https://api.openai.com/v1').replace(/\/+$/, '')}/chat/completions`;
console.log(server ? `Model: simulated, on ${server.url} (no network, no key)` : `Model: ${chatModel.model}, calling ${endpoint}`);
try {
  const graph = createAgentGraph(chatModel);
  const state = await graph.invoke({ question: 'How much deeper is the Mariana Trench than the Puerto Rico Trench?' });
  for (const step of state.steps) console.log(`  ${step}`);
  console.log(`\n${state.answer}`);
} finally {
  await server?.close();
}
