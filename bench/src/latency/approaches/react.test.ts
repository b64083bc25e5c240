import { afterEach, describe, expect, it } from 'vitest';
import { react, reactSystemPrompt } from './react.js';
import { StepLimitError } from './step-limit-error.js';
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


describe('react', () => {
  it('streams one turn per LLM call with parallel_tool_calls: false and answers with the last message', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, '  A was born first.\n'] });
    const world = createStubWorld();

    await expect(react.run(QUESTION, contextFor(server, world))).resolves.toMatchObject({ answer: 'A was born first.' });

    expect(server.requests).toHaveLength(2);
    const first = server.requests[0]?.body;
    expect(first).toMatchObject({ model: 'fake-model', parallel_tool_calls: false, stream: true, stream_options: { include_usage: true } });
    expect(first?.messages).toEqual([
      { role: 'system', content: reactSystemPrompt },
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
  });

  it('runs the calls of one turn one after the other, in order', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'done'] });
    const world = createStubWorld();

    await react.run(QUESTION, contextFor(server, world));

    expect(world.events).toEqual([
      'start search({"query":"A"})',
      'end search({"query":"A"})',
      'start search({"query":"B"})',
      'end search({"query":"B"})',
    ]);
  });

  it('shows a failing tool to the model as an error message and goes on', async () => {
    const server = await servers.start({
      responses: [{ toolCalls: [{ name: 'search', arguments: { query: FAILING_QUERY } }] }, 'I could not find out.'],
    });

    await expect(react.run(QUESTION, contextFor(server, createStubWorld()))).resolves.toMatchObject({ answer: 'I could not find out.' });

    expect(toolMessages(server.requests[1])).toEqual([{ id: 'call_0_0', text: `Error: ${SEARCH_FAILURE}` }]);
  });

  it('answers invalid JSON arguments and unknown tools with error messages', async () => {
    const server = await servers.start({
      responses: [{ toolCalls: [{ name: 'search', arguments: '{"query": ' }, { name: 'browse', arguments: {} }] }, 'done'],
    });
    const world = createStubWorld();

    await react.run(QUESTION, contextFor(server, world));

    expect(world.calls).toEqual([]);
    const [invalid, unknown] = toolMessages(server.requests[1]);
    expect(invalid?.text).toMatch(/^Error: Expected the arguments to be JSON, got `\{"query": `/);
    expect(unknown?.text).toBe('Error: Expected a tool among search, math, got `browse`');
  });

  it('rejects with a StepLimitError after maxSteps LLM calls that all ask for tools', async () => {
    const server = await servers.start({
      responder: (_request, { callIndex }) => ({ toolCalls: [{ name: 'search', arguments: { query: `q${callIndex}` } }] }),
    });
    const world = createStubWorld();

    const run = react.run(QUESTION, contextFor(server, world, { maxSteps: 3 }));

    await expect(run).rejects.toThrow(StepLimitError);
    await expect(run).rejects.toThrow('Expected a final answer within 3 LLM calls (maxSteps), got tool calls from every one of them');
    expect(server.requests).toHaveLength(3);
    expect(world.calls).toHaveLength(3);
  });

  it('rejects when the signal aborts while the model is answering', async () => {
    const { responder, requested } = hangingResponder();
    const server = await servers.start({ responder });
    const controller = new AbortController();

    const run = react.run(QUESTION, contextFor(server, createStubWorld(), { signal: controller.signal }));
    await requested;
    controller.abort();

    await expect(run).rejects.toThrow(/abort/i);
  });
});

describe('react: the first answer token', () => {
  it('comes after the last tool has ended, and no later than the run resolves', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'A was born first.'] });
    const { answer, lastToolEnd, resolvedAt } = await timeAnswer(react, server);
    expect(answer.answer).toBe('A was born first.');
    expect(answer.firstAnswerAt).toBeGreaterThan(lastToolEnd);
    expect(answer.firstAnswerAt).toBeLessThanOrEqual(resolvedAt);
  });
});
