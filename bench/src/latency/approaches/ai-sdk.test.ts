import { afterEach, describe, expect, it } from 'vitest';
import { aiSdk, aiSdkSystemPrompt } from './ai-sdk.js';
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


describe('ai-sdk', () => {
  it('runs both calls of a step and sends both results back', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, ' A was born first. '] });
    const world = createStubWorld();

    await expect(aiSdk.run(QUESTION, contextFor(server, world))).resolves.toMatchObject({ answer: 'A was born first.' });

    expect(server.requests).toHaveLength(2);
    const first = server.requests[0]?.body;
    expect(first?.messages).toEqual([
      { role: 'system', content: aiSdkSystemPrompt },
      { role: 'user', content: QUESTION },
    ]);
    expect(first?.tools?.map((tool) => tool.function.name)).toEqual(['search', 'math']);
    expect(world.calls).toEqual([
      { tool: 'search', input: { query: 'A' } },
      { tool: 'search', input: { query: 'B' } },
    ]);
    expect(toolMessages(server.requests[1])).toEqual([
      { id: 'call_0_0', text: 'result of A' },
      { id: 'call_0_1', text: 'result of B' },
    ]);
    expect(world.events.slice(0, 2)).toEqual(['start search({"query":"A"})', 'start search({"query":"B"})']);
  });

  it('sends neither parallel_tool_calls nor stream, and tool_choice: auto', async () => {
    const server = await servers.start({ responses: ['Nothing to look up.'] });

    await aiSdk.run(QUESTION, contextFor(server, createStubWorld()));

    const body = server.requests[0]?.body;
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(body).not.toHaveProperty('stream');
    expect(body?.tool_choice).toBe('auto');
  });

  it('shows a failing tool to the model as an error result and goes on', async () => {
    const server = await servers.start({
      responses: [{ toolCalls: [{ name: 'search', arguments: { query: FAILING_QUERY } }] }, 'I could not find out.'],
    });

    await expect(aiSdk.run(QUESTION, contextFor(server, createStubWorld()))).resolves.toMatchObject({ answer: 'I could not find out.' });

    // The SDK sends the error's message alone, without an `Error:` prefix.
    expect(toolMessages(server.requests[1])).toEqual([{ id: 'call_0_0', text: SEARCH_FAILURE }]);
  });

  it('does not reject at the step limit: it stops after maxSteps steps and resolves with the last step’s text', async () => {
    const server = await servers.start({
      responder: (_request, { callIndex }) => ({
        content: `Looking up q${callIndex}.`,
        toolCalls: [{ name: 'search', arguments: { query: `q${callIndex}` } }],
      }),
    });
    const world = createStubWorld();

    await expect(aiSdk.run(QUESTION, contextFor(server, world, { maxSteps: 3 }))).resolves.toMatchObject({ answer: 'Looking up q2.' });

    expect(server.requests).toHaveLength(3);
    // The last step's tool calls still run, though no LLM call reads their results.
    expect(world.calls).toHaveLength(3);
  });

  it('rejects when the signal aborts while the model is answering', async () => {
    const { responder, requested } = hangingResponder();
    const server = await servers.start({ responder });
    const controller = new AbortController();

    const run = aiSdk.run(QUESTION, contextFor(server, createStubWorld(), { signal: controller.signal }));
    await requested;
    controller.abort();

    await expect(run).rejects.toThrow(/abort/i);
  });
});

describe('ai-sdk: the first answer token', () => {
  it('comes after the last tool has ended, and no later than the run resolves', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'A was born first.'] });
    const { answer, lastToolEnd, resolvedAt } = await timeAnswer(aiSdk, server);
    expect(answer.answer).toBe('A was born first.');
    expect(answer.firstAnswerAt).toBeGreaterThan(lastToolEnd);
    expect(answer.firstAnswerAt).toBeLessThanOrEqual(resolvedAt);
  });
});
