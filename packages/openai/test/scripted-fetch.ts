// Scripted HTTP for the adapter's tests: the SDK gets this `fetch` and never touches the network.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

/** A request the SDK sent, as the scripted fetch saw it. */
export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The JSON body, parsed. */
  readonly body: unknown;
  /** The signal the SDK gave `fetch`: aborted when the caller's signal aborts. */
  readonly signal: AbortSignal | undefined;
}

/** One scripted reply: a response, or a function of the request that makes one. */
export type ScriptedReply = Response | ((request: RecordedRequest) => Response | Promise<Response>);

/** A `fetch` that answers the SDK's requests with `replies`, in order, and records each request. */
export function scriptedFetch(replies: readonly ScriptedReply[]) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request: RecordedRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body,
      signal: init?.signal ?? undefined,
    };
    const reply = replies[requests.length];
    requests.push(request);
    if (reply === undefined) throw new Error(`scriptedFetch: no reply scripted for request ${requests.length}`);
    return typeof reply === 'function' ? reply(request) : reply;
  };
  return { fetch, requests };
}

/** A chat-completion chunk with one choice (or none, for a usage chunk). */
export function chunk(
  delta: ChatCompletionChunk.Choice.Delta | undefined,
  extra: { finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number } } = {},
): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-test',
    choices:
      delta === undefined
        ? []
        : [{ index: 0, delta, finish_reason: (extra.finishReason ?? null) as ChatCompletionChunk.Choice['finish_reason'], logprobs: null }],
    ...(extra.usage === undefined ? {} : { usage: extra.usage as NonNullable<ChatCompletionChunk['usage']> }),
  };
}

/** The SSE text of `events` (objects are sent as JSON), ending with `data: [DONE]` unless `done` is false. */
export function sseText(events: readonly (object | string)[], { done = true } = {}): string {
  const lines = events.map((event) => `data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`);
  return lines.join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** A 200 streaming response whose body is the SSE text of `events`. */
export function sseResponse(events: readonly (object | string)[], options: { done?: boolean } = {}): Response {
  return new Response(sseText(events, options), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/**
 * A 200 streaming response that sends `events` and then stays open. Like a real `fetch`, its body fails
 * with an `AbortError` when the request's signal aborts; `fail(error)` breaks the connection instead.
 */
export function openSseResponse(request: RecordedRequest, events: readonly object[]) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      controller.enqueue(new TextEncoder().encode(sseText(events, { done: false })));
    },
  });
  request.signal?.addEventListener('abort', () => controller.error(new DOMException('This operation was aborted', 'AbortError')), {
    once: true,
  });
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    fail: (error: unknown) => controller.error(error),
  };
}

/** A JSON error response, as OpenAI sends them: `{ error: { message, type, code } }`. */
export function errorResponse(
  status: number,
  error: { message: string; type?: string; code?: string },
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Every part of a stream, or the error it threw. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

/** A key shaped like a real one, for the tests that check it never leaks. */
export const SECRET_KEY = 'sk-test-4f9c2b7e1a8d6053c9e7b2a4f1d8e6c3';

/**
 * Removes the environment variables the SDK reads, so a developer's own OpenAI setup cannot change what a
 * test sees. Restored after each test by `unstubEnvs` in the project's vitest config.
 */
export function clearOpenAIEnv(stubEnv: (name: string, value: string | undefined) => unknown): void {
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'OPENAI_LOG']) stubEnv(name, undefined);
}

/** A Responses API stream event (`type` and its fields; `sequence_number` is added by {@link responsesSseText}). */
export type ResponsesEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

/** The SSE text of Responses API events, as OpenAI writes them: an `event:` line, a `data:` line, no `[DONE]`. */
export function responsesSseText(events: readonly (ResponsesEvent | string)[]): string {
  return events
    .map((event, index) =>
      typeof event === 'string' ? `data: ${event}\n\n` : `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`,
    )
    .join('');
}

/** A 200 streaming response whose body is the SSE text of Responses API `events`. */
export function responsesSseResponse(events: readonly (ResponsesEvent | string)[]): Response {
  return new Response(responsesSseText(events), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/**
 * A 200 Responses stream that sends `events` and then stays open, as {@link openSseResponse} does for chat
 * completions: its body fails with an `AbortError` when the request's signal aborts; `fail(error)` breaks it.
 */
export function openResponsesSseResponse(request: RecordedRequest, events: readonly ResponsesEvent[]) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      controller.enqueue(new TextEncoder().encode(responsesSseText(events)));
    },
  });
  request.signal?.addEventListener('abort', () => controller.error(new DOMException('This operation was aborted', 'AbortError')), {
    once: true,
  });
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    fail: (error: unknown) => controller.error(error),
  };
}

/** Builders of the Responses API stream events the adapter reads. */
export const responses = {
  text: (delta: string, outputIndex = 0): ResponsesEvent => ({
    type: 'response.output_text.delta',
    item_id: 'msg_1',
    output_index: outputIndex,
    content_index: 0,
    delta,
    logprobs: [],
  }),
  call: (outputIndex: number, callId: string, name: string, args = ''): ResponsesEvent => ({
    type: 'response.output_item.added',
    output_index: outputIndex,
    item: { id: `fc_${outputIndex}`, type: 'function_call', status: 'in_progress', call_id: callId, name, arguments: args },
  }),
  args: (outputIndex: number, delta: string): ResponsesEvent => ({
    type: 'response.function_call_arguments.delta',
    item_id: `fc_${outputIndex}`,
    output_index: outputIndex,
    delta,
  }),
  completed: (usage?: { input_tokens: number; output_tokens: number; total_tokens?: number }): ResponsesEvent => ({
    type: 'response.completed',
    response: { id: 'resp_1', object: 'response', status: 'completed', output: [], usage: usage ?? null },
  }),
  incomplete: (reason: string, usage?: { input_tokens: number; output_tokens: number; total_tokens: number }): ResponsesEvent => ({
    type: 'response.incomplete',
    response: { id: 'resp_1', object: 'response', status: 'incomplete', incomplete_details: { reason }, output: [], usage: usage ?? null },
  }),
};
