import { countTextTokens } from '@llmcompiler/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolName } from '../types.js';
import { parallelFunctionCalling, parallelFunctionCallingStreaming, parallelFunctionCallingSystemPrompt } from './parallel-function-calling.js';
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


describe('parallel function calling', () => {
  it('asks with parallel_tool_calls: true, runs both calls and sends both results back', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'A was born first.'] });
    const world = createStubWorld();

    await expect(parallelFunctionCalling.run(QUESTION, contextFor(server, world))).resolves.toMatchObject({ answer: 'A was born first.' });

    expect(server.requests).toHaveLength(2);
    const first = server.requests[0]?.body;
    expect(first).toMatchObject({ parallel_tool_calls: true, stream: true });
    expect(first?.messages).toEqual([
      { role: 'system', content: parallelFunctionCallingSystemPrompt },
      { role: 'user', content: QUESTION },
    ]);
    expect(world.calls).toEqual([
      { tool: 'search', input: { query: 'A' } },
      { tool: 'search', input: { query: 'B' } },
    ]);
    expect(toolMessages(server.requests[1])).toEqual([
      { id: 'call_0_0', text: 'result of A' },
      { id: 'call_0_1', text: 'result of B' },
    ]);
  });

  it('runs the calls of one turn concurrently', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'done'] });
    const world = createStubWorld();

    await parallelFunctionCalling.run(QUESTION, contextFor(server, world));

    expect(world.events).toEqual([
      'start search({"query":"A"})',
      'start search({"query":"B"})',
      'end search({"query":"A"})',
      'end search({"query":"B"})',
    ]);
  });

  it('gives a failing call its own error message and leaves the other calls alone', async () => {
    const server = await servers.start({
      responses: [
        { toolCalls: [{ name: 'search', arguments: { query: FAILING_QUERY } }, { name: 'search', arguments: { query: 'B' } }] },
        'B only.',
      ],
    });

    await expect(parallelFunctionCalling.run(QUESTION, contextFor(server, createStubWorld()))).resolves.toMatchObject({ answer: 'B only.' });

    expect(toolMessages(server.requests[1])).toEqual([
      { id: 'call_0_0', text: `Error: ${SEARCH_FAILURE}` },
      { id: 'call_0_1', text: 'result of B' },
    ]);
  });

  it('rejects with a StepLimitError after maxSteps LLM calls that all ask for tools', async () => {
    const server = await servers.start({
      responder: (_request, { callIndex }) => ({ toolCalls: [{ name: 'search', arguments: { query: `q${callIndex}` } }] }),
    });

    await expect(parallelFunctionCalling.run(QUESTION, contextFor(server, createStubWorld(), { maxSteps: 2 }))).rejects.toThrow(
      StepLimitError,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('rejects when the signal aborts while the model is answering', async () => {
    const { responder, requested } = hangingResponder();
    const server = await servers.start({ responder });
    const controller = new AbortController();

    const run = parallelFunctionCalling.run(QUESTION, contextFor(server, createStubWorld(), { signal: controller.signal }));
    await requested;
    controller.abort();

    await expect(run).rejects.toThrow(/abort/i);
  });
});

describe('streaming parallel function calling', () => {
  it('starts a call as soon as its arguments have streamed, while the turn is still being written', async () => {
    // The stream stops for good partway through the second call: only a call started early can run.
    const firstCall = 1 + countTextTokens('{"query":"A"}');
    const server = await servers.start({ responder: () => ({ ...SEARCH_BOTH, fault: { type: 'hang', afterTokens: firstCall + 2 } }) });
    const stub = createStubWorld();
    let started!: () => void;
    const callStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const world = { ...stub, runTool: (tool: ToolName, input: unknown) => (started(), stub.runTool(tool, input)) };
    const controller = new AbortController();

    const run = parallelFunctionCallingStreaming.run(QUESTION, contextFor(server, world, { signal: controller.signal }));
    run.catch(() => {});
    await callStarted;
    expect(stub.calls).toEqual([{ tool: 'search', input: { query: 'A' } }]);
    controller.abort(new Error('stop'));
    await expect(run).rejects.toThrow();
  });

  it('answers like parallel function calling: every call runs once and its result goes back in order', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'A was born first.'] });
    const world = createStubWorld();

    await expect(parallelFunctionCallingStreaming.run(QUESTION, contextFor(server, world))).resolves.toMatchObject({ answer: 'A was born first.' });

    expect(world.calls).toEqual([
      { tool: 'search', input: { query: 'A' } },
      { tool: 'search', input: { query: 'B' } },
    ]);
    expect(toolMessages(server.requests[1])).toEqual([
      { id: 'call_0_0', text: 'result of A' },
      { id: 'call_0_1', text: 'result of B' },
    ]);
  });
});

describe('parallel-function-calling-streaming: the first answer token', () => {
  it('comes after the last tool has ended, and no later than the run resolves', async () => {
    const server = await servers.start({ responses: [SEARCH_BOTH, 'A was born first.'] });
    const { answer, lastToolEnd, resolvedAt } = await timeAnswer(parallelFunctionCallingStreaming, server);
    expect(answer.answer).toBe('A was born first.');
    expect(answer.firstAnswerAt).toBeGreaterThan(lastToolEnd);
    expect(answer.firstAnswerAt).toBeLessThanOrEqual(resolvedAt);
  });
});
