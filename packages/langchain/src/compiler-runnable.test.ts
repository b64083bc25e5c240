import { createCompiler, tool, type RunEvent } from '@llmcompiler/core';
import { scriptedModel } from '@llmcompiler/core/test';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compilerAsTool } from './compiler-as-tool.js';
import { compilerAsRunnable } from './compiler-runnable.js';
import { fromLangChainChatModel } from './from-langchain-chat-model.js';

const depth = tool({
  name: 'depth',
  description: 'Depth of a trench in meters.',
  input: z.object({ name: z.string() }),
  sideEffects: 'none',
  execute: async ({ name }) => (name === 'Mariana' ? 10994 : 8376),
});

/** A compiler whose planner and joiner are one LangChain fake chat model, answering in turn. */
function compilerWith(responses: string[]) {
  const chatModel = new FakeListChatModel({ responses });
  return createCompiler({ model: fromLangChainChatModel(chatModel), tools: [depth] });
}

const PLAN = '1. depth("Mariana")\n2. depth("Puerto Rico")\n3. join()';

describe('CompilerRunnable', () => {
  it('invoke answers a question given as a string or as { question }', async () => {
    const runnable = compilerAsRunnable(compilerWith([PLAN, 'Action: Finish(Mariana, by 2618 m)']));
    await expect(runnable.invoke('Which is deeper?')).resolves.toBe('Mariana, by 2618 m');
    await expect(runnable.invoke({ question: 'Which is deeper?' })).resolves.toBe('Mariana, by 2618 m');
  });

  it('batch runs one run per input', async () => {
    const runnable = compilerAsRunnable(compilerWith([PLAN, 'Action: Finish(one)', PLAN, 'Action: Finish(two)']));
    await expect(runnable.batch(['First?', { question: 'Second?' }], { maxConcurrency: 1 })).resolves.toEqual(['one', 'two']);
  });

  it('stream yields the run events in order, ending with run-end', async () => {
    const runnable = compilerAsRunnable(compilerWith([PLAN, 'Action: Finish(deep)']));
    const events: RunEvent[] = [];
    for await (const event of await runnable.stream({ question: 'Which is deeper?' })) events.push(event);
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('run-start');
    expect(types.at(-1)).toBe('run-end');
    expect(types.filter((type) => type === 'task-end')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'finished', answer: 'deep' });
    expect(events.map((event) => event.sequence)).toEqual([...events.keys()].map((index) => events[0]!.sequence + index));
  });

  it('streamRunEvents yields the same events as an async generator', async () => {
    const runnable = compilerAsRunnable(compilerWith([PLAN, 'Action: Finish(deep)', PLAN, 'Action: Finish(deep)']));
    const streamed: string[] = [];
    for await (const event of await runnable.stream('Which is deeper?')) streamed.push(event.type);
    const generated: string[] = [];
    for await (const event of runnable.streamRunEvents('Which is deeper?')) generated.push(event.type);
    expect(generated).toEqual(streamed);
  });

  it('stream throws the run error after the events of a failed run', async () => {
    // The joiner's answer cannot be read (an action that is neither Finish nor Replan): the run fails.
    const runnable = compilerAsRunnable(compilerWith(['1. nope("x")\n2. join()', 'Thought: nope is no tool.\nAction: Give up']));
    const types: string[] = [];
    const consume = async () => {
      for await (const event of await runnable.stream('Which is deeper?')) types.push(event.type);
    };
    await expect(consume()).rejects.toThrow(/nope/);
    expect(types.at(-1)).toBe('run-end');
  });

  it('aborts the run when the consumer leaves the stream early', async () => {
    let toolSignal: AbortSignal | undefined;
    const slow = tool({
      name: 'slow',
      description: 'Never finishes on its own.',
      input: z.object({ q: z.string() }),
      sideEffects: 'none',
      execute: ({ q }, { signal }) => {
        toolSignal = signal;
        return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
      },
    });
    const chatModel = new FakeListChatModel({ responses: ['1. slow("x")\n2. join()'] });
    const runnable = compilerAsRunnable(createCompiler({ model: fromLangChainChatModel(chatModel), tools: [slow] }));
    for await (const event of await runnable.stream('Go')) {
      if (event.type === 'task-start') break;
    }
    expect(toolSignal?.aborted).toBe(true);
  });

  it('hands its answer to the next step of a chain, invoked or streamed', async () => {
    const chain = compilerAsRunnable(compilerWith([PLAN, 'Action: Finish(deep)', PLAN, 'Action: Finish(deep)'])).pipe(
      RunnableLambda.from((answer: string) => answer.toUpperCase()),
    );
    await expect(chain.invoke('Which is deeper?')).resolves.toBe('DEEP');
    const chunks: string[] = [];
    for await (const chunk of await chain.stream('Which is deeper?')) chunks.push(chunk);
    expect(chunks.join('')).toBe('DEEP');
  });

  it('reports one chain run to LangChain callbacks, and each run event to streamEvents', async () => {
    const runnable = compilerAsRunnable(compilerWith([PLAN, 'Action: Finish(deep)', PLAN, 'Action: Finish(deep)']));
    const seen: string[] = [];
    const handler = {
      handleChainStart: (_chain: unknown, inputs: unknown) => void seen.push(`start ${JSON.stringify(inputs)}`),
      handleChainEnd: (outputs: unknown) => void seen.push(`end ${JSON.stringify(outputs)}`),
    };
    for await (const _ of await runnable.stream('Which is deeper?', { callbacks: [handler] }));
    expect(seen).toEqual(['start {"input":"Which is deeper?"}', 'end {"output":"deep"}']);

    const chunks: unknown[] = [];
    for await (const event of runnable.streamEvents('Which is deeper?', { version: 'v2' })) {
      if (event.event === 'on_chain_stream') chunks.push((event.data as { chunk: RunEvent }).chunk.type);
    }
    expect(chunks[0]).toBe('run-start');
    expect(chunks.at(-1)).toBe('run-end');
  });

  it('rejects a stream of an input that is not a question', async () => {
    const runnable = compilerAsRunnable(compilerWith([PLAN]));
    await expect(runnable.stream({} as never)).rejects.toThrow('Expected `input` to be a question');
  });

  it('aborts the run when the config signal aborts', async () => {
    // A planner that never answers until aborted.
    const model = scriptedModel({ responses: [PLAN], timeToFirstTokenMs: 60_000 });
    const runnable = compilerAsRunnable(createCompiler({ model, tools: [depth] }));
    const controller = new AbortController();
    const answer = runnable.invoke('Which is deeper?', { signal: controller.signal });
    controller.abort(new Error('user left'));
    await expect(answer).rejects.toThrow();
  });

  it('rejects an input that is not a question', async () => {
    const runnable = compilerAsRunnable(compilerWith([PLAN]));
    await expect(runnable.invoke({} as never)).rejects.toThrow('Expected `input` to be a question');
  });
});

describe('compilerAsTool', () => {
  it('is a LangChain tool taking { question } and returning the answer', async () => {
    const research = compilerAsTool(compilerWith([PLAN, 'Action: Finish(Mariana)']), {
      name: 'research',
      description: 'Answers questions about trenches.',
    });
    expect(research.name).toBe('research');
    expect(research.schema).toMatchObject({ required: ['question'] });
    await expect(research.invoke({ question: 'Which is deeper?' })).resolves.toBe('Mariana');
  });

  it('aborts the run with the config signal', async () => {
    const model = scriptedModel({ responses: [PLAN], timeToFirstTokenMs: 60_000 });
    const research = compilerAsTool(createCompiler({ model, tools: [depth] }), { name: 'research', description: 'Answers.' });
    const controller = new AbortController();
    const answer = research.invoke({ question: 'Which is deeper?' }, { signal: controller.signal });
    controller.abort(new Error('user left'));
    await expect(answer).rejects.toThrow();
  });
});
