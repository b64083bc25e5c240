import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from './answer.js';
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from './start-fake-openai.js';
import { chatBody, countingResponder, openRequest, parseSse, postChat, type TestChunk } from './test-helpers.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});
const start = async (options: FakeOpenAIOptions) => (server = await startFakeOpenAI(options));

/** Reads a fetch body until it ends or breaks; returns the text that arrived and how it ended. */
async function readUntilBroken(response: Response): Promise<{ text: string; error: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += decoder.decode(part.value, { stream: true });
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

/** A responder that gives `answer` and hands its signal to the test. */
function signalResponder(answer: Answer) {
  let resolveSignal!: (signal: AbortSignal) => void;
  const signal = new Promise<AbortSignal>((resolve) => (resolveSignal = resolve));
  return {
    signal,
    responder: (_request: unknown, context: { signal: AbortSignal }) => {
      resolveSignal(context.signal);
      return answer;
    },
  };
}

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve())));

describe('faults', () => {
  it('status 429: rate limit error body and a retry-after header', async () => {
    await start({ responses: [{ fault: { type: 'status', status: 429, retryAfterSeconds: 2 } }] });
    const response = await postChat(server!, chatBody({ stream: true }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      error: { message: 'Rate limit reached for requests (simulated).', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
    expect(server!.requests[0]).toMatchObject({ status: 429, aborted: false });
  });

  it('status 500 and others: server_error or invalid_request_error, with a custom message and code', async () => {
    await start({
      responses: [
        { fault: { type: 'status', status: 500 } },
        { fault: { type: 'status', status: 503, message: 'Overloaded.', code: 'overloaded' } },
        { fault: { type: 'status', status: 401, message: 'Incorrect API key provided.', code: 'invalid_api_key' } },
      ],
    });
    const first = await postChat(server!, chatBody());
    expect(first.status).toBe(500);
    expect(first.headers.get('retry-after')).toBeNull();
    expect(await first.json()).toEqual({
      error: { message: 'The server had an error while processing your request (simulated).', type: 'server_error', param: null, code: null },
    });
    const second = await postChat(server!, chatBody());
    expect([second.status, await second.json()]).toEqual([
      503,
      { error: { message: 'Overloaded.', type: 'server_error', param: null, code: 'overloaded' } },
    ]);
    const third = await postChat(server!, chatBody());
    expect([third.status, await third.json()]).toEqual([
      401,
      { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
    ]);
  });

  it('cut: the stream breaks after afterTokens tokens, with no finish chunk and no [DONE]', async () => {
    await start({ responses: [{ content: 'one two three four', fault: { type: 'cut', afterTokens: 2 } }] });
    const response = await postChat(server!, chatBody({ stream: true }));
    expect(response.status).toBe(200);
    const { text, error } = await readUntilBroken(response);
    expect(error).toBeInstanceOf(TypeError);
    const events = parseSse(text) as TestChunk[];
    expect(events.map((event) => event.choices[0]?.delta.content)).toEqual(['', 'one', ' two']);
    expect(events.every((event) => event.choices[0]?.finish_reason === null)).toBe(true);
    expect(server!.requests[0]).toMatchObject({ aborted: false, status: 200 });
    expect(server!.requests[0]?.finishedAt).toBeDefined();
  });

  it('cut beyond the answer still drops the connection before the finish chunk', async () => {
    await start({ responses: [{ content: 'one', fault: { type: 'cut', afterTokens: 10 } }] });
    const { text, error } = await readUntilBroken(await postChat(server!, chatBody({ stream: true })));
    expect(error).toBeInstanceOf(TypeError);
    expect(parseSse(text)).toHaveLength(2);
  });

  it('cut on a JSON request: the connection drops with no response', async () => {
    await start({ responses: [{ content: 'one two', fault: { type: 'cut', afterTokens: 1 } }] });
    await expect(postChat(server!, chatBody())).rejects.toThrow(TypeError);
    expect(server!.requests[0]?.status).toBeUndefined();
  });

  it('truncate: the stream ends cleanly after afterTokens tokens, with no finish chunk, no usage and no [DONE]', async () => {
    await start({ responses: [{ content: 'one two three four', fault: { type: 'truncate', afterTokens: 2 } }] });
    const response = await postChat(server!, chatBody({ stream: true, stream_options: { include_usage: true } }));
    const { text, error } = await readUntilBroken(response);
    expect(error).toBeUndefined();
    const events = parseSse(text) as TestChunk[];
    expect(events.map((event) => event.choices[0]?.delta.content)).toEqual(['', 'one', ' two']);
    expect(events.every((event) => event.choices[0]?.finish_reason === null)).toBe(true);
    expect(server!.requests[0]).toMatchObject({ aborted: false, status: 200 });
  });

  it('truncate and malformed on a JSON request: a 200 whose body is JSON cut in half', async () => {
    await start({
      responses: [
        { content: 'one two', fault: { type: 'truncate', afterTokens: 1 } },
        { content: 'one two', fault: { type: 'malformed', afterTokens: 1 } },
      ],
    });
    for (const _ of [1, 2]) {
      const response = await postChat(server!, chatBody());
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text.startsWith('{"id":"chatcmpl-fake-')).toBe(true);
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    }
  });

  it('malformed: after afterTokens tokens comes an event whose data is not JSON, then the response ends', async () => {
    await start({ responses: [{ content: 'one two three', fault: { type: 'malformed', afterTokens: 1 } }] });
    const { text, error } = await readUntilBroken(await postChat(server!, chatBody({ stream: true })));
    expect(error).toBeUndefined();
    const events = text.split('\n\n').slice(0, -1);
    expect(events).toHaveLength(3);
    expect((parseSse(events.slice(0, 2).join('\n\n') + '\n\n') as TestChunk[]).map((event) => event.choices[0]?.delta.content)).toEqual(['', 'one']);
    expect(events[2]?.startsWith('data: {"id":"chatcmpl-fake-0"')).toBe(true);
    expect(() => JSON.parse(events[2]!.slice('data: '.length)) as unknown).toThrow(SyntaxError);
  });

  it('error-event: after afterTokens tokens comes an OpenAI error event, then the response ends', async () => {
    await start({
      responses: [
        { content: 'one two', fault: { type: 'error-event', afterTokens: 1, message: 'Overloaded mid-answer.', code: 'overloaded' } },
        { content: 'one two', fault: { type: 'error-event', afterTokens: 1 } },
      ],
    });
    const { text, error } = await readUntilBroken(await postChat(server!, chatBody({ stream: true })));
    expect(error).toBeUndefined();
    const events = parseSse(text);
    expect(events.at(-1)).toEqual({ error: { message: 'Overloaded mid-answer.', type: 'server_error', param: null, code: 'overloaded' } });
    expect((events.slice(0, -1) as TestChunk[]).map((event) => event.choices[0]?.delta.content)).toEqual(['', 'one']);
    const json = await postChat(server!, chatBody());
    expect([json.status, await json.json()]).toEqual([
      500,
      { error: { message: 'The server had an error while streaming the response (simulated).', type: 'server_error', param: null, code: null } },
    ]);
  });

  it('disconnect: the connection closes before any response, for a stream as for JSON', async () => {
    await start({ responses: [{ content: 'one', fault: { type: 'disconnect' } }, { fault: { type: 'disconnect' } }] });
    await expect(postChat(server!, chatBody({ stream: true }))).rejects.toThrow(TypeError);
    await expect(postChat(server!, chatBody())).rejects.toThrow(TypeError);
    expect(server!.requests.map((request) => [request.status, request.aborted, request.finishedAt !== undefined])).toEqual([
      [undefined, false, true],
      [undefined, false, true],
    ]);
  });

  it('echoHeaders: the named request headers come back as response headers and in the error body', async () => {
    await start({
      responses: [
        { fault: { type: 'status', status: 401, echoHeaders: ['Authorization', 'x-missing'] } },
        { content: 'one', fault: { type: 'error-event', afterTokens: 0, echoHeaders: ['authorization'] } },
        { fault: { type: 'status', status: 500 } },
      ],
    });
    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-echo-me' };
    const first = await postChat(server!, chatBody(), { headers });
    expect(first.headers.get('authorization')).toBe('Bearer sk-echo-me');
    expect(first.headers.has('x-missing')).toBe(false);
    expect(((await first.json()) as { error: unknown }).error).toMatchObject({ echoed_headers: { authorization: 'Bearer sk-echo-me' } });
    const second = await postChat(server!, chatBody({ stream: true }), { headers });
    expect(second.headers.get('authorization')).toBe('Bearer sk-echo-me');
    expect(parseSse(await second.text()).at(-1)).toMatchObject({ error: { echoed_headers: { authorization: 'Bearer sk-echo-me' } } });
    const third = await postChat(server!, chatBody(), { headers });
    expect(third.headers.has('authorization')).toBe(false);
    expect(((await third.json()) as { error: object }).error).not.toHaveProperty('echoed_headers');
    expect(server!.requests[0]?.headers.authorization).toBe('Bearer sk-echo-me');
  });

  it('length: the answer ends after afterTokens tokens with finish reason length', async () => {
    await start({
      responses: [
        { content: 'one two three four', fault: { type: 'length', afterTokens: 2 } },
        { content: 'one two three four', fault: { type: 'length', afterTokens: 3 } },
      ],
    });
    const events = parseSse(await (await postChat(server!, chatBody({ stream: true, stream_options: { include_usage: true } }))).text()) as TestChunk[];
    expect(events.slice(0, -1).map((event) => event.choices[0]?.delta.content ?? null)).toEqual(['', 'one', ' two', null, null]);
    expect(events.at(-3)?.choices[0]?.finish_reason).toBe('length');
    expect(events.at(-2)?.usage?.completion_tokens).toBe(2);
    expect(events.at(-1)).toBe('[DONE]');
    const json = (await (await postChat(server!, chatBody())).json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    expect(json.choices[0]).toMatchObject({ message: { content: 'one two three' }, finish_reason: 'length' });
    expect(encode('one two three')).toHaveLength(3);
  });

  it('hang: nothing is sent until the client aborts, which aborts the signal and marks the request aborted', async () => {
    const { responder, signal } = signalResponder({ content: 'never', fault: { type: 'hang' } });
    await start({ responder });
    const controller = new AbortController();
    const pending = postChat(server!, chatBody({ stream: true }), { signal: controller.signal });
    const responderSignal = await signal;
    expect(server!.requests[0]).toMatchObject({ aborted: false });
    expect(server!.requests[0]?.status).toBeUndefined();

    controller.abort();
    await expect(pending).rejects.toThrow();
    await aborted(responderSignal);
    expect((responderSignal.reason as DOMException).message).toBe('The client closed the connection.');
    const record = server!.requests[0]!;
    expect(record.aborted).toBe(true);
    expect(record.abortedAt).toBeGreaterThanOrEqual(record.receivedAt);
    expect(record.finishedAt).toBeUndefined();
  });

  it('hang with afterTokens: the stream stalls after those tokens until the client aborts', async () => {
    const { responder, signal } = signalResponder({ content: 'one two three', fault: { type: 'hang', afterTokens: 1 } });
    await start({ responder });
    const controller = new AbortController();
    const response = await postChat(server!, chatBody({ stream: true }), { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('"one"')) text += new TextDecoder().decode((await reader.read()).value);
    expect((parseSse(text) as TestChunk[]).map((event) => event.choices[0]?.delta.content)).toEqual(['', 'one']);
    const next = reader.read();
    controller.abort();
    await expect(next).rejects.toThrow();
    await aborted(await signal);
    expect(server!.requests[0]?.aborted).toBe(true);
  });

  it('a client abort while the responder is still deciding aborts its signal; a late answer is dropped', async () => {
    let finish!: (answer: string) => void;
    const { responder, signal } = signalResponder('unused');
    await start({
      responder: (request, context) => {
        if (context.callIndex > 0) return 'second';
        void responder(request, context);
        return new Promise<string>((resolve) => (finish = resolve));
      },
    });
    const controller = new AbortController();
    const pending = postChat(server!, chatBody(), { signal: controller.signal });
    const responderSignal = await signal;
    controller.abort();
    await expect(pending).rejects.toThrow();
    await aborted(responderSignal);
    finish('too late');
    await postChat(server!, chatBody()).then((response) => response.text());
    expect(server!.requests.map((record) => [record.aborted, record.status])).toEqual([
      [true, undefined],
      [false, 200],
    ]);
  });

  it('a client abort clears the pending timers of the answer', async () => {
    vi.useFakeTimers();
    const { responder, arrived } = countingResponder(() => 'one two three');
    let signal: AbortSignal | undefined;
    await start({
      responder: (request, context) => {
        signal = context.signal;
        return responder(request, context);
      },
      latency: { timeToFirstTokenMs: 60_000, outputTokensPerSecond: 1 },
    });
    const timersBefore = vi.getTimerCount();
    const { request, response } = openRequest(server!, chatBody({ stream: true }));
    await response;
    await arrived(1);
    expect(vi.getTimerCount()).toBe(timersBefore + 1);

    request.destroy();
    await aborted(signal!);
    expect(vi.getTimerCount()).toBe(timersBefore);
    expect(server!.requests[0]).toMatchObject({ aborted: true });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server!.requests[0]?.firstTokenAt).toBeUndefined();
  });
});
