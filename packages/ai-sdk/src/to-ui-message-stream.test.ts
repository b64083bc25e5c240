import { createCompiler, type Run } from '@llmcompiler/core';
import { fakeTool, scriptedModel } from '@llmcompiler/core/test';
import { readUIMessageStream, uiMessageChunkSchema } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  toUIMessageStream,
  toUIMessageStreamResponse,
  type LLMCompilerUIMessage,
  type LLMCompilerUIMessageChunk,
  type PlanData,
  type TaskData,
} from './to-ui-message-stream.js';

const lookup = fakeTool({
  name: 'lookup',
  input: z.object({ name: z.string() }),
  sideEffects: 'none',
  result: ({ name }) => {
    if (name === 'Atlantis') throw new Error('No trench named Atlantis');
    return { name, depth: name === 'Mariana' ? 10994 : 8376 };
  },
});
const subtract = fakeTool({ name: 'subtract', input: z.object({ a: z.number(), b: z.number() }), sideEffects: 'none', result: ({ a, b }) => a - b });

function trenchRun(responses: string[]): Run {
  const model = scriptedModel({ responses, chunkSize: 4 });
  return createCompiler({ model, tools: [lookup, subtract] }).run('How much deeper is the Mariana Trench?');
}

const PLAN = '1. lookup("Mariana")\n2. lookup("Puerto Rico")\n3. subtract(a=$1.depth, b=$2.depth)\n4. join()';

async function readChunks(stream: ReadableStream<LLMCompilerUIMessageChunk>): Promise<LLMCompilerUIMessageChunk[]> {
  const chunks: LLMCompilerUIMessageChunk[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); next.done !== true; next = await reader.read()) chunks.push(next.value);
  return chunks;
}

/** Every state the AI SDK's reader built, the last one being the message `useChat` ends with. */
async function readMessages(stream: ReadableStream<LLMCompilerUIMessageChunk>): Promise<LLMCompilerUIMessage[]> {
  const messages: LLMCompilerUIMessage[] = [];
  for await (const message of readUIMessageStream<LLMCompilerUIMessage>({ stream, terminateOnError: true })) messages.push(structuredClone(message));
  return messages;
}

async function validChunk(chunk: unknown): Promise<boolean> {
  const schema = uiMessageChunkSchema() as unknown as { validate?: (value: unknown) => PromiseLike<{ success: boolean }> | { success: boolean } };
  return (await schema.validate?.(chunk))?.success ?? false;
}

describe('toUIMessageStream', () => {
  it('reads back with the AI SDK’s reader as the plan, each task’s outcome and the answer', async () => {
    const run = trenchRun([PLAN, 'Thought: Task 3.\nAction: Finish(The Mariana Trench is 2618 m deeper.)']);
    const messages = await readMessages(toUIMessageStream(run, { messageId: 'msg-1' }));
    const final = messages.at(-1)!;

    expect(final.id).toBe('msg-1');
    expect(final.role).toBe('assistant');
    const text = final.parts.filter((part) => part.type === 'text');
    expect(text).toEqual([{ type: 'text', text: 'The Mariana Trench is 2618 m deeper.', state: 'done' }]);
    // Data parts with ids are updated in place: one plan part, one part per task.
    const plans = final.parts.filter((part) => part.type === 'data-plan').map((part) => part.data as PlanData);
    expect(plans).toEqual([
      {
        round: 1,
        status: 'planned',
        tasks: [
          { id: 1, tool: 'lookup', call: 'lookup("Mariana")' },
          { id: 2, tool: 'lookup', call: 'lookup("Puerto Rico")' },
          { id: 3, tool: 'subtract', call: 'subtract(a=$1.depth, b=$2.depth)' },
        ],
      },
    ]);
    const tasks = final.parts.filter((part) => part.type === 'data-task').map((part) => part.data as TaskData);
    expect(tasks.map(({ id, tool, state, result }) => ({ id, tool, state, result }))).toEqual([
      { id: 1, tool: 'lookup', state: 'ok', result: { name: 'Mariana', depth: 10994 } },
      { id: 2, tool: 'lookup', state: 'ok', result: { name: 'Puerto Rico', depth: 8376 } },
      { id: 3, tool: 'subtract', state: 'ok', result: 2618 },
    ]);
    for (const task of tasks) expect(task.endedAt).toBeGreaterThanOrEqual(task.startedAt!);

    // Along the way the client saw the plan grow and each task move from planned to running to its outcome.
    const statesOfTask1 = messages.map((message) => (message.parts.find((part) => part.type === 'data-task' && part.id === 'task-1') as { data: TaskData } | undefined)?.data);
    expect([...new Set(statesOfTask1.map((data) => data?.state).filter((state) => state !== undefined))]).toEqual(['planned', 'running', 'ok']);
    const planSizes = messages.map((message) => (message.parts.find((part) => part.type === 'data-plan')?.data as PlanData | undefined)?.tasks.length ?? 0);
    expect(new Set(planSizes)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('writes chunks the AI SDK’s chunk schema accepts, from start to finish', async () => {
    const chunks = await readChunks(toUIMessageStream(trenchRun([PLAN, 'Action: Finish(2618 m)'])));
    expect(chunks[0]).toEqual({ type: 'start' });
    expect(chunks.at(-1)).toEqual({ type: 'finish' });
    const text = chunks.filter((chunk) => chunk.type.startsWith('text-'));
    expect(text[0]).toEqual({ type: 'text-start', id: 'answer' });
    expect(text.at(-1)).toEqual({ type: 'text-end', id: 'answer' });
    expect(text.slice(1, -1).map((chunk) => (chunk.type === 'text-delta' ? chunk.delta : '')).join('')).toBe('2618 m');
    for (const chunk of chunks) expect(await validChunk(chunk), JSON.stringify(chunk)).toBe(true);
    expect(await validChunk({ type: 'text-delta', id: 'answer' })).toBe(false); // the schema does check
  });

  it('shows a failed task’s error, a replan with its feedback, and the next round', async () => {
    const run = trenchRun([
      '1. lookup("Atlantis")\n2. join()',
      'Thought: No such trench.\nAction: Replan(look up the Mariana Trench)',
      '3. lookup("Mariana")\n4. join()',
      'Action: Finish(10994 m)',
    ]);
    const final = (await readMessages(toUIMessageStream(run))).at(-1)!;
    const plans = final.parts.filter((part) => part.type === 'data-plan').map((part) => part.data as PlanData);
    expect(plans.map(({ round, status, feedback }) => ({ round, status, feedback }))).toEqual([
      { round: 1, status: 'replanned', feedback: 'look up the Mariana Trench' },
      { round: 2, status: 'planned', feedback: undefined },
    ]);
    const tasks = final.parts.filter((part) => part.type === 'data-task').map((part) => part.data as TaskData);
    expect(tasks.map(({ id, round, state, error }) => ({ id, round, state, error }))).toEqual([
      { id: 1, round: 1, state: 'error', error: 'No trench named Atlantis' },
      { id: 3, round: 2, state: 'ok', error: undefined },
    ]);
  });

  it('ends with an error chunk when the run fails, with onError’s text', async () => {
    const model = scriptedModel({ responses: [{ failure: { type: 'throw', error: new Error('provider is down (key sk-secret)') } }] });
    const run = createCompiler({ model, tools: [lookup] }).run('How deep?');
    const chunks = await readChunks(toUIMessageStream(run, { onError: () => 'The model is unavailable.' }));
    expect(chunks.at(-1)).toEqual({ type: 'error', errorText: 'The model is unavailable.' });
    await expect(run.result()).rejects.toThrow('provider is down');

    const plain = createCompiler({ model: scriptedModel({ responses: [{ failure: { type: 'throw', error: new Error('provider is down') } }] }), tools: [lookup] }).run('How deep?');
    expect((await readChunks(toUIMessageStream(plain))).at(-1)).toEqual({ type: 'error', errorText: 'provider is down' });
    await plain.result().catch(() => {});
  });

  it('ends with an abort chunk when the run is aborted, and aborts the run when the stream is cancelled', async () => {
    const slow = fakeTool({ name: 'lookup', input: z.object({ name: z.string() }), sideEffects: 'none', latencyMs: 60_000, result: 1 });
    const aborted = createCompiler({ model: scriptedModel({ responses: ['1. lookup("x")\n2. join()'] }), tools: [slow] }).run('q');
    aborted.on('task-start', () => aborted.abort(new Error('stop')));
    expect((await readChunks(toUIMessageStream(aborted))).at(-1)).toEqual({ type: 'abort' });
    await aborted.result().catch(() => {});

    const cancelled = createCompiler({ model: scriptedModel({ responses: ['1. lookup("x")\n2. join()'] }), tools: [slow] }).run('q');
    const reader = toUIMessageStream(cancelled).getReader();
    for (let next = await reader.read(); next.value?.type !== 'data-task' || (next.value.data as TaskData).state !== 'running'; next = await reader.read());
    const reason = new Error('browser went away');
    await reader.cancel(reason);
    await expect(cancelled.result()).rejects.toBe(reason);
  });

  it('serves the stream as a Response of server-sent events', async () => {
    const response = toUIMessageStreamResponse(trenchRun([PLAN, 'Action: Finish(2618 m)']), { headers: { 'x-run': 'yes' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(response.headers.get('x-run')).toBe('yes');
    const body = await response.text();
    expect(body).toContain('data: {"type":"start"}');
    const events = body.split('\n\n').filter((event) => event.startsWith('data: {')).map((event) => JSON.parse(event.slice(6)) as LLMCompilerUIMessageChunk);
    expect(events.map((event) => (event.type === 'text-delta' ? event.delta : '')).join('')).toBe('2618 m');
    expect(events.at(-1)).toEqual({ type: 'finish' });
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
