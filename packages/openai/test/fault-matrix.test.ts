// Faults through the public API, over real HTTP: createCompiler with this adapter and the real `openai` client
// against the local server of @llmcompiler/testing on 127.0.0.1. Each run must settle: with a typed error, or with
// the fault as an error observation the joiner saw, `run-end` its last event, and no unhandled rejection (the
// shared test setup, vitest.setup.ts, fails a test that leaves one).
import {
  createCompiler,
  JoinerParseError,
  RunTimeoutError,
  TaskSkippedError,
  type CompilerOptions,
  type Run,
  type RunEvent,
  type RunResult,
} from '@llmcompiler/core';
import { fakeTool } from '@llmcompiler/core/test';
import { countTextTokens, startFakeOpenAI, type Answer, type FakeOpenAIServer } from '@llmcompiler/testing';
import { OpenAI } from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ModelCallError, ModelStreamError, openai, type OpenAIModelSettings } from '../src/index.js';
import { clearOpenAIEnv } from './scripted-fetch.js';

const PLAN = ['1. search("Mariana Trench")', '2. search("Puerto Rico Trench")', '3. write_report(text="$1 and $2")', '4. join()'].join('\n');
const FINISH = 'Thought: Both depths are known.\nAction: Finish(The Mariana Trench is deeper.)';
/** `retry-after: 0` makes the `openai` client retry at once: retries cost no waiting. */
const retryAt = (status: number): Answer => ({ fault: { type: 'status', status, retryAfterSeconds: 0 } });

let server: FakeOpenAIServer | undefined;
beforeEach(() => {
  clearOpenAIEnv(vi.stubEnv);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function tools() {
  const search = fakeTool({
    name: 'search',
    input: z.object({ query: z.string() }),
    sideEffects: 'none',
    result: ({ query }: { query: string }) => `${query}: deep`,
  });
  const report = fakeTool({ name: 'write_report', input: z.object({ text: z.string() }), sideEffects: 'unsafe', result: 'saved' });
  return { search, report };
}

interface Setup {
  readonly answers: readonly Answer[];
  readonly model?: OpenAIModelSettings;
  readonly compiler?: Partial<Omit<CompilerOptions, 'model' | 'tools'>>;
  /** The base URL to use instead of the server's (e.g. where nothing listens). */
  readonly baseURL?: string;
}

async function start({ answers, model: settings = {}, compiler = {}, baseURL }: Setup) {
  server = await startFakeOpenAI({ responses: answers });
  const model = openai('gpt-test', { baseURL: baseURL ?? server.url, apiKey: 'sk-fault-matrix-key', maxRetries: 0, ...settings });
  const { search, report } = tools();
  const run = createCompiler({ model, tools: [search, report], ...compiler }).run('Which trench is deeper?');
  return { server, run, search, report };
}

/** How the run settled: its result or its error, both checked against its events. */
async function settle(run: Run): Promise<{ result?: RunResult; error?: unknown; events: readonly RunEvent[] }> {
  let settled: { result?: RunResult; error?: unknown };
  try {
    settled = { result: await run.result() };
  } catch (error) {
    settled = { error };
  }
  const { events } = run;
  expect(events.filter((event) => event.type === 'run-end')).toHaveLength(1);
  const end = events.at(-1);
  expect(end?.type).toBe('run-end');
  if (end?.type === 'run-end') expect(end.error).toBe(settled.error);
  return { ...settled, events };
}

const runEnd = (events: readonly RunEvent[]) => events.at(-1) as Extract<RunEvent, { type: 'run-end' }>;
const planEnd = (events: readonly RunEvent[]) => events.find((event) => event.type === 'plan-end');

describe('HTTP status errors', () => {
  it('429 on every attempt: a ModelCallError once the retries are spent', async () => {
    const { run, server, report } = await start({ answers: [retryAt(429), retryAt(429)], model: { maxRetries: 1 } });
    const { error, events } = await settle(run);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', modelId: 'gpt-test' });
    expect(server.requests.map((request) => request.status)).toEqual([429, 429]);
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
    expect(report.calls).toHaveLength(0);
  });

  it('500 on every attempt: a ModelCallError once the retries are spent', async () => {
    const { run, server } = await start({ answers: [retryAt(500), retryAt(500)], model: { maxRetries: 1 } });
    const { error, events } = await settle(run);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(2);
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
  });

  it('a 500 from the joiner after a clean plan: the tools ran, the run fails with a ModelCallError', async () => {
    const { run, search, report } = await start({ answers: [PLAN, retryAt(500)] });
    const { error, events } = await settle(run);
    expect(error).toMatchObject({ name: 'ModelCallError', status: 500 });
    expect(search.calls).toHaveLength(2);
    expect(report.calls).toHaveLength(1);
    expect(events.some((event) => event.type === 'join-start')).toBe(true);
  });
});

describe('broken streams', () => {
  it('a stream truncated cleanly, without finish chunk or [DONE]: a ModelStreamError, unsafe tools never run', async () => {
    const { run, search, report } = await start({ answers: [{ content: PLAN, fault: { type: 'truncate', afterTokens: 12 } }] });
    const { error, events } = await settle(run);
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('the response ended without a finish_reason');
    expect(planEnd(events)).toMatchObject({ clean: false });
    expect(report.calls).toHaveLength(0);
    expect(search.calls.every((call) => call.outcome !== undefined)).toBe(true);
  });

  it('the server closes the connection mid-stream: a ModelStreamError, unsafe tools never run', async () => {
    const { run, report } = await start({ answers: [{ content: PLAN, fault: { type: 'cut', afterTokens: 12 } }] });
    const { error, events } = await settle(run);
    expect(error).toBeInstanceOf(ModelStreamError);
    expect(planEnd(events)).toMatchObject({ clean: false });
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
    expect(report.calls).toHaveLength(0);
  });

  it('the server closes the connection before answering: a ModelCallError without status', async () => {
    const { run, server: fake } = await start({ answers: [{ fault: { type: 'disconnect' } }] });
    const { error } = await settle(run);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ status: undefined, url: `${fake.url}/chat/completions`, code: 'UND_ERR_SOCKET' });
    expect((error as Error).message).toBe(`Could not connect to ${fake.url}/chat/completions: UND_ERR_SOCKET (no retries)`);
  });

  it('a malformed JSON chunk: a ModelStreamError naming the parse error', async () => {
    // The `openai` client logs a chunk it cannot parse before it throws; this client logs nothing.
    const answers: Answer[] = [{ content: PLAN, fault: { type: 'malformed', afterTokens: 5 } }];
    server = await startFakeOpenAI({ responses: answers });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'sk-fault-matrix-key', maxRetries: 0, logLevel: 'off' });
    const { search, report } = tools();
    const run = createCompiler({ model: openai('gpt-test', { client }), tools: [search, report] }).run('q');
    const { error, events } = await settle(run);
    expect(error).toBeInstanceOf(ModelStreamError);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
  });

  it('an error event inside the stream: a ModelCallError with the provider’s message', async () => {
    const { run } = await start({
      answers: [{ content: PLAN, fault: { type: 'error-event', afterTokens: 5, message: 'The model is overloaded.', code: 'overloaded' } }],
    });
    const { error } = await settle(run);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ status: undefined, providerMessage: 'The model is overloaded.', code: 'overloaded' });
  });

  it('connection refused (nothing listens on the port): a ModelCallError without status', async () => {
    const closed = await startFakeOpenAI();
    const { url } = closed;
    await closed.close();
    const { run } = await start({ answers: [], baseURL: url });
    const { error, events } = await settle(run);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ status: undefined, code: 'ECONNREFUSED' });
    expect((error as Error).message).toBe(`Could not connect to ${url}/chat/completions: ECONNREFUSED (no retries)`);
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
  });
});

describe('stalls', () => {
  it('a stream that stalls, with the run’s timeoutMs: a RunTimeoutError, and the HTTP request is ended', async () => {
    const { run, server } = await start({
      answers: [{ content: PLAN, fault: { type: 'hang', afterTokens: 5 } }],
      compiler: { timeoutMs: 150 },
    });
    const { error, events } = await settle(run);
    expect(RunTimeoutError.isInstance(error)).toBe(true);
    expect(runEnd(events)).toMatchObject({ status: 'aborted' });
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });

  it('a stream that stalls, with run.abort(): the abort reason, and the HTTP request is ended', async () => {
    const { run, server } = await start({ answers: [{ content: PLAN, fault: { type: 'hang', afterTokens: 5 } }] });
    await expect.poll(() => run.events.filter((event) => event.type === 'plan-token').length).toBe(5);
    const reason = new Error('The user gave up.');
    run.abort(reason);
    const { error, events } = await settle(run);
    expect(error).toBe(reason);
    expect(runEnd(events)).toMatchObject({ status: 'aborted' });
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });

  it('a server that never sends headers, with run.abort(): the abort reason', async () => {
    const { run, server } = await start({ answers: [{ fault: { type: 'hang' } }] });
    await expect.poll(() => server.requests.length).toBe(1);
    run.abort(new Error('stop'));
    const { error, events } = await settle(run);
    expect((error as Error).message).toBe('stop');
    expect(runEnd(events)).toMatchObject({ status: 'aborted' });
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });
});

describe('answers that say too little', () => {
  it('a model that returns no text: the empty plan is flagged, and the empty joiner answer is a JoinerParseError', async () => {
    const { run, search } = await start({ answers: ['', ''] });
    const { error, events } = await settle(run);
    expect(JoinerParseError.isInstance(error)).toBe(true);
    expect(events.find((event) => event.type === 'plan-warning')).toMatchObject({ warning: { code: 'missing-join' } });
    expect(planEnd(events)).toMatchObject({ finishReason: 'stop', clean: false });
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
    expect(search.calls).toHaveLength(0);
  });

  it('a plan cut by `length` before join(): the unsafe task is skipped, and the joiner sees that as its observation', async () => {
    const throughTask3 = countTextTokens(PLAN.split('\n').slice(0, 3).join('\n'));
    const { run, server, search, report } = await start({
      answers: [{ content: PLAN, fault: { type: 'length', afterTokens: throughTask3 } }, FINISH],
    });
    const { result, events } = await settle(run);
    expect(result?.answer).toBe('The Mariana Trench is deeper.');
    expect(planEnd(events)).toMatchObject({ finishReason: 'length', clean: false });
    expect(search.calls).toHaveLength(2);
    expect(report.calls).toHaveLength(0);
    const skipped = result?.tasks.find((record) => record.task.id === 3);
    expect(skipped).toMatchObject({ outcome: 'skipped' });
    expect(TaskSkippedError.isInstance(skipped?.error)).toBe(true);
    expect(JSON.stringify(server.requests[1]?.body.messages)).toContain('Task 3 was not run');
  });
});
