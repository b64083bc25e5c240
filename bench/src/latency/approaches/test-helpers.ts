// Helpers for the approaches' tests: a stub world that records its calls, and fake servers closed after each test.
import {
  messageText,
  startFakeOpenAI,
  type FakeOpenAIOptions,
  type FakeOpenAIServer,
  type RecordedRequest,
  type Responder,
} from '@llmcompiler/testing';
import type { Approach, ApproachAnswer, RunContext, ToolName, ToolSpec, World } from '../types.js';

/** The query for which the stub's search throws. */
export const FAILING_QUERY = 'broken';
/** What the stub's search throws for {@link FAILING_QUERY}. */
export const SEARCH_FAILURE = 'The search index is offline';

/** The question every approach's tests ask. */
export const QUESTION = 'Who was born first, A or B?';

/** A model turn that searches for A and B at once. */
export const SEARCH_BOTH = { toolCalls: [{ name: 'search', arguments: { query: 'A' } }, { name: 'search', arguments: { query: 'B' } }] };

const specs: readonly ToolSpec[] = [
  {
    name: 'search',
    description: 'Searches an encyclopedia.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string' } },
      required: ['query'],
      additionalProperties: false,
    },
  },
  {
    name: 'math',
    description: 'Solves a math problem.',
    parameters: {
      type: 'object',
      properties: { problem: { type: 'string' }, context: { type: 'array', items: { type: 'string' } } },
      required: ['problem'],
      additionalProperties: false,
    },
  },
];

/** A world whose search answers `result of <query>` and whose math answers `42`, recording every call. */
export interface StubWorld extends World {
  /** The calls, in the order they started. */
  readonly calls: { readonly tool: ToolName; readonly input: unknown }[];
  /** `start <tool>(<input>)` and `end <tool>(<input>)`, in order: shows which calls overlapped. */
  readonly events: string[];
}

/** Creates a {@link StubWorld}. Each call takes one macrotask, so concurrent calls overlap visibly. */
export function createStubWorld(): StubWorld {
  const calls: StubWorld['calls'] = [];
  const events: string[] = [];
  return {
    tools: specs,
    calls,
    events,
    async runTool(tool, input) {
      calls.push({ tool, input });
      const label = `${tool}(${JSON.stringify(input)})`;
      events.push(`start ${label}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${label}`);
      if (tool === 'math') return '42';
      if (tool !== 'search') throw new Error(`Expected a tool among search, math, got \`${String(tool)}\``);
      const query = (input as { query?: unknown }).query;
      if (query === FAILING_QUERY) throw new Error(SEARCH_FAILURE);
      return `result of ${String(query)}`;
    },
  };
}

/** Starts fake servers with zero latency and closes them all at once (call `closeAll` in `afterEach`). */
export function createServerPool() {
  const servers: FakeOpenAIServer[] = [];
  return {
    async start(options: Pick<FakeOpenAIOptions, 'responder' | 'responses'>): Promise<FakeOpenAIServer> {
      const server = await startFakeOpenAI(options);
      servers.push(server);
      return server;
    },
    async closeAll(): Promise<void> {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    },
  };
}

/** The context of a run against `server`. */
export function contextFor(
  server: FakeOpenAIServer,
  world: World,
  options: { readonly maxSteps?: number; readonly signal?: AbortSignal } = {},
): RunContext {
  return {
    world,
    baseURL: server.url,
    apiKey: 'test-key',
    model: 'fake-model',
    maxSteps: options.maxSteps ?? 5,
    signal: options.signal,
  };
}

/** The tool messages of a recorded request: the id of the call each answers, and its text. */
export function toolMessages(request: RecordedRequest | undefined): { id: string | undefined; text: string }[] {
  if (request === undefined) throw new Error('Expected a recorded request, got none');
  return request.body.messages
    .filter((message) => message.role === 'tool')
    .map((message) => ({ id: message.tool_call_id, text: messageText(message) }));
}

/** A responder whose model never answers, and a promise that resolves once the first request has arrived. */
export function hangingResponder(): { readonly responder: Responder; readonly requested: Promise<void> } {
  let arrived!: () => void;
  const requested = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const responder: Responder = () => {
    arrived();
    return { fault: { type: 'hang' } };
  };
  return { responder, requested };
}

/** When a run's answer came, against its tools: `performance.now()` when its last tool ended and when it resolved. */
export interface AnswerTimes {
  readonly answer: ApproachAnswer;
  readonly lastToolEnd: number;
  readonly resolvedAt: number;
}

/** Runs an approach on a stub world against `server`, noting when its last tool ended and when it resolved. */
export async function timeAnswer(approach: Approach, server: FakeOpenAIServer): Promise<AnswerTimes> {
  const stub = createStubWorld();
  let lastToolEnd = Number.NaN;
  const world: World = {
    tools: stub.tools,
    async runTool(tool, input, signal) {
      try {
        return await stub.runTool(tool, input, signal);
      } finally {
        lastToolEnd = performance.now();
      }
    },
  };
  const answer = await approach.run(QUESTION, contextFor(server, world));
  return { answer, lastToolEnd, resolvedAt: performance.now() };
}
