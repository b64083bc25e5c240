// Faults through the public API, over real HTTP: createCompiler with `fromLangChainChatModel(new ChatOpenAI(...))`
// (LangChain's own `openai` client inside) and LangChain tools, against the local server of @llmcompiler/testing
// on 127.0.0.1. Each run must settle: with an error, or with the fault as an error observation the joiner saw,
// `run-end` its last event, and no unhandled rejection (the shared test setup, vitest.setup.ts, fails a test that
// leaves one). The model's errors are LangChain's (this adapter passes them on); the run's own are typed errors of
// core.
import {
  createCompiler,
  JoinerParseError,
  RunTimeoutError,
  TaskSkippedError,
  ToolTimeoutError,
  type CompilerOptions,
  type Run,
  type RunEvent,
  type RunResult,
} from '@llmcompiler/core';
import { countTextTokens, startFakeOpenAI, type Answer, type FakeOpenAIServer } from '@llmcompiler/testing';
import { tool as lcTool } from '@langchain/core/tools';
import { ChatOpenAI, type ChatOpenAIFields } from '@langchain/openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fromLangChainChatModel, fromLangChainTool, fromLangChainTools, type LangChainToolLike } from '../src/index.js';

const PLAN = ['1. lookup("Mariana Trench")', '2. lookup("Puerto Rico Trench")', '3. write_report(text="$1 and $2")', '4. join()'].join('\n');
const FINISH = 'Thought: Both depths are known.\nAction: Finish(The Mariana Trench is deeper.)';
const retryAt = (status: number): Answer => ({ fault: { type: 'status', status, retryAfterSeconds: 0 } });

let server: FakeOpenAIServer | undefined;
beforeEach(() => {
});

afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/** LangChain tools that record what they were called with. */
function tools() {
  const looked: string[] = [];
  const reports: string[] = [];
  const lookup = lcTool(
    async ({ name }: { name: string }) => {
      looked.push(name);
      return { name, depth: name.length * 1000 };
    },
    { name: 'lookup', description: 'Depth of an ocean trench in meters.', schema: z.object({ name: z.string() }) },
  );
  const report = lcTool(
    async ({ text }: { text: string }) => {
      reports.push(text);
      return 'saved';
    },
    { name: 'write_report', description: 'Saves a report.', schema: z.object({ text: z.string() }) },
  );
  return { looked, reports, lookup, report };
}

interface Setup {
  readonly answers: readonly Answer[];
  readonly chat?: Partial<ChatOpenAIFields>;
  readonly compiler?: Partial<Omit<CompilerOptions, 'model' | 'tools'>>;
  /** The base URL to use instead of the server's (e.g. where nothing listens). */
  readonly baseURL?: string;
  /** Extra LangChain tools, marked `sideEffects: 'none'`. */
  readonly extraTools?: readonly LangChainToolLike[];
  readonly toolTimeoutMs?: number;
}

async function start({ answers, chat = {}, compiler = {}, baseURL, extraTools = [], toolTimeoutMs }: Setup) {
  server = await startFakeOpenAI({ responses: answers });
  const { configuration, ...fields } = chat;
  const chatModel = new ChatOpenAI({
    model: 'gpt-test',
    apiKey: 'sk-fault-matrix-key',
    maxRetries: 0,
    ...fields,
    configuration: { baseURL: baseURL ?? server.url, ...configuration },
  });
  const lc = tools();
  const timeout = toolTimeoutMs === undefined ? {} : { timeoutMs: toolTimeoutMs };
  const run = createCompiler({
    model: fromLangChainChatModel(chatModel),
    tools: [
      ...fromLangChainTools([lc.lookup, ...extraTools], { sideEffects: 'none', ...timeout }),
      fromLangChainTool(lc.report, { sideEffects: 'unsafe' }),
    ],
    ...compiler,
  }).run('Which trench is deeper?');
  return { server, run, ...lc };
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
  it('429 on every attempt: LangChain’s rate-limit error once its retries are spent', async () => {
    // LangChain waits at least a second before it retries; the fake clock skips that wait.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { run, server, reports } = await start({ answers: [retryAt(429), retryAt(429)], chat: { maxRetries: 1 } });
    const settling = settle(run);
    await expect.poll(() => server.requests.length).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    const { error, events } = await settling;
    expect(error).toMatchObject({ status: 429, lc_error_code: 'MODEL_RATE_LIMIT' });
    expect(server.requests.map((request) => request.status)).toEqual([429, 429]);
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
    expect(reports).toHaveLength(0);
  });

  it('500: the status error, the run failed', async () => {
    const { run } = await start({ answers: [retryAt(500)] });
    const { error, events } = await settle(run);
    expect(error).toMatchObject({ status: 500 });
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
  });
});

describe('broken streams', () => {
  it('a stream truncated cleanly before join(): the plan is not clean, the unsafe task is skipped', async () => {
    // LangChain reports no finish reason for a stream that just ends; the adapter counts it as `stop`, and
    // the missing join() is what keeps the unsafe tool from running.
    const throughTask3 = countTextTokens(PLAN.split('\n').slice(0, 3).join('\n'));
    const { run, server, looked, reports } = await start({
      answers: [{ content: PLAN, fault: { type: 'truncate', afterTokens: throughTask3 } }, FINISH],
    });
    const { result, events } = await settle(run);
    expect(result?.answer).toBe('The Mariana Trench is deeper.');
    expect(planEnd(events)).toMatchObject({ reason: 'eof', clean: false });
    expect(events.find((event) => event.type === 'plan-warning')).toMatchObject({ warning: { code: 'missing-join' } });
    expect(looked).toEqual(['Mariana Trench', 'Puerto Rico Trench']);
    expect(reports).toEqual([]);
    expect(TaskSkippedError.isInstance(result?.tasks[2]?.error)).toBe(true);
    expect(JSON.stringify(server.requests[1]?.body.messages)).toContain('Task 3 was not run');
  });

  it('the server closes the connection mid-stream: the network error, the unsafe task never runs', async () => {
    const { run, reports } = await start({ answers: [{ content: PLAN, fault: { type: 'cut', afterTokens: 12 } }] });
    const { error, events } = await settle(run);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'terminated', cause: { code: 'UND_ERR_SOCKET' } });
    expect(planEnd(events)).toMatchObject({ clean: false });
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
    expect(reports).toEqual([]);
  });

  it('the server closes the connection before answering: the client’s connection error', async () => {
    const { run } = await start({ answers: [{ fault: { type: 'disconnect' } }] });
    const { error, events } = await settle(run);
    expect((error as Error).constructor.name).toBe('APIConnectionError');
    expect(error).toMatchObject({ message: 'Connection error.', status: undefined });
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
  });

  it('a malformed JSON chunk: the parse error', async () => {
    // The `openai` client logs a chunk it cannot parse before it throws; this one logs nothing.
    const { run, reports } = await start({
      answers: [{ content: PLAN, fault: { type: 'malformed', afterTokens: 5 } }],
      chat: { configuration: { logLevel: 'off' } },
    });
    const { error, events } = await settle(run);
    expect(error).toBeInstanceOf(SyntaxError);
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
    expect(reports).toEqual([]);
  });

  it('an error event inside the stream: the provider’s error', async () => {
    const { run } = await start({ answers: [{ content: PLAN, fault: { type: 'error-event', afterTokens: 5, message: 'Overloaded.' } }] });
    const { error, events } = await settle(run);
    expect((error as Error).constructor.name).toBe('APIError');
    expect(error).toMatchObject({ message: 'Overloaded.', error: { type: 'server_error' } });
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
  });

  it('connection refused (nothing listens on the port): the client’s connection error', async () => {
    const closed = await startFakeOpenAI();
    const { url } = closed;
    await closed.close();
    const { run } = await start({ answers: [], baseURL: url });
    const { error, events } = await settle(run);
    expect((error as Error).constructor.name).toBe('APIConnectionError');
    expect(error).toMatchObject({ message: 'Connection error.', cause: { cause: { code: 'ECONNREFUSED' } } });
    expect(runEnd(events)).toMatchObject({ status: 'failed' });
  });
});

describe('stalls', () => {
  it('a stream that stalls, with the run’s timeoutMs', async () => {
    const { run, server } = await start({ answers: [{ content: PLAN, fault: { type: 'hang', afterTokens: 5 } }], compiler: { timeoutMs: 150 } });
    const { error, events } = await settle(run);
    expect(RunTimeoutError.isInstance(error)).toBe(true);
    expect(runEnd(events)).toMatchObject({ status: 'aborted' });
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });

  it('a stream that stalls, with run.abort()', async () => {
    const { run, server } = await start({ answers: [{ content: PLAN, fault: { type: 'hang', afterTokens: 5 } }] });
    await expect.poll(() => run.events.filter((event) => event.type === 'plan-token').length).toBeGreaterThan(0);
    const reason = new Error('The user gave up.');
    run.abort(reason);
    const { error, events } = await settle(run);
    expect(error).toBe(reason);
    expect(runEnd(events)).toMatchObject({ status: 'aborted' });
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });
});

describe('answers that say too little', () => {
  it('a model that returns no text', async () => {
    const { run } = await start({ answers: ['', ''] });
    const { error, events } = await settle(run);
    expect(JoinerParseError.isInstance(error)).toBe(true);
    expect(planEnd(events)).toMatchObject({ clean: false });
  });

  it('a plan cut by `length` before join()', async () => {
    const throughTask3 = countTextTokens(PLAN.split('\n').slice(0, 3).join('\n'));
    const { run, reports } = await start({ answers: [{ content: PLAN, fault: { type: 'length', afterTokens: throughTask3 } }, FINISH] });
    const { result, events } = await settle(run);
    expect(result?.answer).toBe('The Mariana Trench is deeper.');
    expect(planEnd(events)).toMatchObject({ finishReason: 'length', clean: false });
    expect(reports).toHaveLength(0);
    expect(TaskSkippedError.isInstance(result?.tasks.find((record) => record.task.id === 3)?.error)).toBe(true);
  });
});

describe('LangChain tools that fail', () => {
  const plan = '1. depth("Mariana Trench")\n2. lookup("Puerto Rico Trench")\n3. join()';
  const schema = z.object({ name: z.string() });

  it('a tool that throws: its error is the observation the joiner sees, and the run answers', async () => {
    const broken = lcTool(
      async () => {
        throw new Error('The depth service is down.');
      },
      { name: 'depth', description: 'Depth of a trench.', schema },
    );
    const { run, server, looked } = await start({ answers: [plan, 'Action: Finish(Only the Puerto Rico Trench is known.)'], extraTools: [broken] });
    const { result, events } = await settle(run);
    expect(result?.answer).toBe('Only the Puerto Rico Trench is known.');
    expect(result?.tasks.map((record) => record.outcome)).toEqual(['error', 'ok']);
    expect((result?.tasks[0]?.error as Error).message).toBe('The depth service is down.');
    expect(looked).toEqual(['Puerto Rico Trench']);
    expect(JSON.stringify(server.requests[1]?.body.messages)).toContain('Error: The depth service is down.');
    expect(runEnd(events)).toMatchObject({ status: 'finished' });
  });

  it('a tool that hangs, with a tool timeout: a ToolTimeoutError observation, and the run answers', async () => {
    const hanging = lcTool(async () => new Promise<never>(() => {}), { name: 'depth', description: 'Depth of a trench.', schema });
    const { run, server } = await start({
      answers: [plan, 'Action: Finish(Only the Puerto Rico Trench is known.)'],
      extraTools: [hanging],
      toolTimeoutMs: 50,
    });
    const { result } = await settle(run);
    expect(result?.tasks.map((record) => record.outcome)).toEqual(['timeout', 'ok']);
    expect(ToolTimeoutError.isInstance(result?.tasks[0]?.error)).toBe(true);
    expect(JSON.stringify(server.requests[1]?.body.messages)).toContain('Error: Task 1: tool `depth` did not finish within its timeout of 50 ms');
  });

  it('a tool that hangs and ignores its signal, with run.abort(): the run ends aborted without waiting for it', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const hanging = lcTool(
      async () => {
        started();
        return new Promise<never>(() => {});
      },
      { name: 'depth', description: 'Depth of a trench.', schema },
    );
    const { run } = await start({ answers: [plan, 'Action: Finish(never)'], extraTools: [hanging] });
    await running;
    const reason = new Error('The user gave up.');
    run.abort(reason);
    const { error, events } = await settle(run);
    expect(error).toBe(reason);
    expect(runEnd(events)).toMatchObject({ status: 'aborted' });
    const depth = events.findLast((event) => event.type === 'task-end' && event.record.task.tool === 'depth');
    expect(depth).toMatchObject({ record: { outcome: 'aborted' } });
  });
});
