import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { ChatOpenAI } from '@langchain/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentGraph } from './agent-graph.js';
import { startSimulatedModel } from './simulated-model.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the LangGraph agent', () => {
  it('answers through ChatOpenAI on the simulated server, running the LangChain tools', async () => {
    server = await startSimulatedModel();
    const chatModel = new ChatOpenAI({ model: 'simulated', apiKey: 'test', maxRetries: 0, configuration: { baseURL: server.url } });
    const state = await createAgentGraph(chatModel).invoke({ question: 'How much deeper is the Mariana Trench than the Puerto Rico Trench?' });

    expect(state.answer).toBe('The Mariana Trench is 2,618 m deeper than the Puerto Rico Trench.\n(3 tool calls)');
    expect(state.steps.map((step) => step.replace(/ \(\d+ ms\)$/, '')).sort()).toEqual([
      '1. lookup_depth -> ok',
      '2. lookup_depth -> ok',
      '3. subtract -> ok',
    ]);
    // One planner call and one joiner call: no replan.
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.body.stop).toEqual(['<END_OF_PLAN>']);
  });
});
