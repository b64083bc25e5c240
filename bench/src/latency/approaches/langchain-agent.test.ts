import { afterEach, describe, expect, it } from 'vitest';
import { langchainAgent, langchainSystemPrompt, recursionLimitFor } from './langchain-agent.js';
import {
  FAILING_QUERY,
  QUESTION,
  SEARCH_BOTH,
  SEARCH_FAILURE,
  contextFor,
  createServerPool,
  createStubWorld,
  timeAnswer,
  hangingResponder,
  toolMessages,
} from './test-helpers.js';

const servers = createServerPool();
afterEach(() => servers.closeAll());


describe('langchain', () => {
  it('runs both calls of a turn concurrently and sends both results back', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, ' A was born first. '] });
    const world = createStubWorld();

    await expect(langchainAgent.run(QUESTION, contextFor(server, world))).resolves.toMatchObject({ answer: 'A was born first.' });

    expect(server.requests).toHaveLength(2);
    const first = server.requests[0]?.body;
    // ChatOpenAI sends the system prompt as a list of content parts.
    expect(first?.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: langchainSystemPrompt }] },
      { role: 'user', content: QUESTION },
    ]);
    expect(first?.tools?.map((tool) => tool.function.name)).toEqual(['search', 'math']);
    expect(world.calls).toEqual([
      { tool: 'search', input: { query: 'A' } },
      { tool: 'search', input: { query: 'B' } },
    ]);
    expect(world.events.slice(0, 2)).toEqual(['start search({"query":"A"})', 'start search({"query":"B"})']);
    expect(toolMessages(server.requests[1])).toEqual([
      { id: 'call_0_0', text: 'result of A' },
      { id: 'call_0_1', text: 'result of B' },
    ]);
  });

  it('sends stream: false and no parallel_tool_calls', async () => {
    const server = await servers.start({ responses: ['Nothing to look up.'] });

    await langchainAgent.run(QUESTION, contextFor(server, createStubWorld()));

    const body = server.requests[0]?.body;
    expect(body?.stream).toBe(false);
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it('shows a failing tool to the model as an error message and goes on', async () => {
    const server = await servers.start({
      responses: [{ toolCalls: [{ name: 'search', arguments: { query: FAILING_QUERY } }] }, 'I could not find out.'],
    });

    await expect(langchainAgent.run(QUESTION, contextFor(server, createStubWorld()))).resolves.toMatchObject({ answer: 'I could not find out.' });

    // createAgent's default tool error handler.
    expect(toolMessages(server.requests[1])).toEqual([{ id: 'call_0_0', text: `Error: ${SEARCH_FAILURE}\n Please fix your mistakes.` }]);
  });

  it('checks tool inputs against the JSON Schema before the world sees them', async () => {
    const server = await servers.start({
      responses: [{ toolCalls: [{ name: 'search', arguments: { topic: 'A' } }] }, 'done'],
    });
    const world = createStubWorld();

    await langchainAgent.run(QUESTION, contextFor(server, world));

    expect(world.calls).toEqual([]);
    expect(toolMessages(server.requests[1])[0]?.text).toMatch(/^Error invoking tool 'search' with kwargs \{"topic":"A"\}/);
  });

  it('rejects with GraphRecursionError once the recursion limit is hit, after maxSteps + 3 LLM calls', async () => {
    const server = await servers.start({
      responder: (_request, { callIndex }) => ({ toolCalls: [{ name: 'search', arguments: { query: `q${callIndex}` } }] }),
    });
    const world = createStubWorld();

    const run = langchainAgent.run(QUESTION, contextFor(server, world, { maxSteps: 3 }));

    await expect(run).rejects.toMatchObject({ name: 'GraphRecursionError' });
    await expect(run).rejects.toThrow(`Recursion limit of ${recursionLimitFor(3)} reached`);
    // The limit of 11 graph steps holds 6 model calls and the 5 tool rounds between them.
    expect(server.requests).toHaveLength(6);
    expect(world.calls).toHaveLength(5);
  });

  it('rejects when the signal aborts while the model is answering', async () => {
    const { responder, requested } = hangingResponder();
    const server = await servers.start({ responder });
    const controller = new AbortController();

    const run = langchainAgent.run(QUESTION, contextFor(server, createStubWorld(), { signal: controller.signal }));
    await requested;
    controller.abort();

    await expect(run).rejects.toThrow(/abort/i);
  });
});

describe('langchain: the first answer token', () => {
  it('comes after the last tool has ended, and no later than the run resolves', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'A was born first.'] });
    const { answer, lastToolEnd, resolvedAt } = await timeAnswer(langchainAgent, server);
    expect(answer.answer).toBe('A was born first.');
    expect(answer.firstAnswerAt).toBeGreaterThan(lastToolEnd);
    expect(answer.firstAnswerAt).toBeLessThanOrEqual(resolvedAt);
  });
});
