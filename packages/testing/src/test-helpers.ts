// Helpers for this package's tests: plain HTTP against the fake server, SSE parsed by hand.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Answer, Responder } from './answer.js';
import type { FakeOpenAIServer } from './start-fake-openai.js';

/** A chat request body with one user message; `fields` are merged in. */
export function chatBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'fake-model', messages: [{ role: 'user', content: 'Hello' }], ...fields };
}

/** `POST /v1/chat/completions` with `fetch`. */
export function postChat(server: FakeOpenAIServer, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/** The `data:` payloads of an SSE body, each parsed as JSON except the final `[DONE]`. */
export function parseSse(text: string): unknown[] {
  const events = text.split('\n\n');
  if (events.pop() !== '') throw new Error(`Expected the SSE body to end with a blank line, got ${JSON.stringify(text.slice(-40))}`);
  return events.map((event) => {
    if (!event.startsWith('data: ') || event.includes('\n')) throw new Error(`Not a single data line: ${JSON.stringify(event)}`);
    const data = event.slice('data: '.length);
    return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
  });
}

/** A minimal chunk type for reading deltas in tests. */
export interface TestChunk {
  readonly choices: readonly {
    readonly delta: {
      readonly role?: string;
      readonly content?: string | null;
      readonly tool_calls?: readonly {
        readonly index: number;
        readonly id?: string;
        readonly type?: string;
        readonly function: { readonly name?: string; readonly arguments?: string };
      }[];
    };
    readonly finish_reason: string | null;
  }[];
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number } | null;
}

/**
 * A chat request over `node:http`, which (unlike `fetch`) sets no timers of its own, so fake-timer counts
 * see only the server's. `response` resolves once the response headers have arrived.
 */
export function openRequest(
  server: FakeOpenAIServer,
  body: unknown,
): { request: ClientRequest; response: Promise<IncomingMessage> } {
  const request = httpRequest(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (incoming) => {
      incoming.on('error', () => {});
      resolve(incoming);
    });
  });
  request.end(JSON.stringify(body));
  return { request, response };
}

/**
 * A responder that answers from `answers` by call index and lets a test wait until `count` requests have
 * reached it (the server has read them), without sleeping.
 */
export function countingResponder(answers: (callIndex: number) => Answer): {
  responder: Responder;
  arrived(count: number): Promise<void>;
} {
  let calls = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    responder: (_request, { callIndex }) => {
      calls++;
      for (const waiter of waiters.filter((candidate) => calls >= candidate.count)) waiter.resolve();
      return answers(callIndex);
    },
    arrived: (count) => (calls >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
  };
}

/**
 * Collects the SSE events of a response as they arrive, each stamped with `Date.now()` (the fake clock in
 * fake-timer tests). `until(n)` resolves once `n` events have arrived.
 */
export function collectEvents(response: IncomingMessage): {
  readonly events: { readonly at: number; readonly data: unknown }[];
  until(count: number): Promise<void>;
  readonly ended: Promise<void>;
} {
  const events: { at: number; data: unknown }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (text: string) => {
    buffer += text;
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const [data] = parseSse(buffer.slice(0, end + 2));
      events.push({ at: Date.now(), data });
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
    for (const waiter of waiters.filter((candidate) => events.length >= candidate.count)) waiter.resolve();
  });
  const ended = new Promise<void>((resolve) => response.on('end', resolve));
  return {
    events,
    ended,
    until: (count) =>
      events.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

/** The whole body of a `node:http` response as text. */
export async function readText(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const chunk of response) text += chunk as string;
  return text;
}
