import { Agent, request as httpRequest } from 'node:http';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponderContext } from './answer.js';
import type { ChatRequest } from './chat-request.js';
import { countPromptTokens } from './count-tokens.js';
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from './start-fake-openai.js';
import { chatBody, openRequest, parseSse, postChat, type TestChunk } from './test-helpers.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (options: FakeOpenAIOptions = {}) => (server = await startFakeOpenAI(options));

/** `Promise.withResolvers`, which Node 20 lacks. */
function withResolvers<Value>() {
  let resolve!: (value: Value) => void;
  const promise = new Promise<Value>((settle) => (resolve = settle));
  return { promise, resolve };
}

const usage = (prompt: number, completion: number) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
});

describe('startFakeOpenAI', () => {
  it('listens on 127.0.0.1 on a free port and gives the /v1 base URL', async () => {
    const { url, port } = await start();
    expect(port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${port}/v1`);
  });

  it('answers a JSON chat completion in OpenAI wire format, with usage from the o200k tokenizer', async () => {
    const { url } = await start({ responses: ['The trench is 10,994 m deep.'] });
    const body = chatBody({ model: 'gpt-4o-mini' });
    const response = await postChat(server!, body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('req_fake_0');
    const json = (await response.json()) as { created: number };
    expect(json).toEqual({
      id: 'chatcmpl-fake-0',
      object: 'chat.completion',
      created: json.created,
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'The trench is 10,994 m deep.', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usage(3 + 3 + encode('user').length + encode('Hello').length, encode('The trench is 10,994 m deep.').length),
      system_fingerprint: 'fp_fake',
    });
    expect(Number.isInteger(json.created)).toBe(true);
    expect(url).toContain('127.0.0.1');
    expect(server!.requests[0]?.usage).toEqual({
      promptTokens: 3 + 3 + encode('user').length + encode('Hello').length,
      completionTokens: encode('The trench is 10,994 m deep.').length,
    });
  });

  it('answers tool calls in JSON with content null and finish reason tool_calls', async () => {
    await start({ responses: [{ toolCalls: [{ name: 'search', arguments: { query: 'Mariana' } }] }] });
    const json = (await (await postChat(server!, chatBody())).json()) as { choices: unknown[]; usage: unknown };
    expect(json.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          annotations: [],
          tool_calls: [{ id: 'call_0_0', type: 'function', function: { name: 'search', arguments: '{"query":"Mariana"}' } }],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
    expect(json.usage).toMatchObject({ completion_tokens: encode('search').length + encode('{"query":"Mariana"}').length });
  });

  it('streams SSE: role chunk, one chunk per token, finish chunk, usage chunk, [DONE]', async () => {
    await start({ responses: ['one two three'] });
    const body = chatBody({ stream: true, stream_options: { include_usage: true } });
    const response = await postChat(server!, body);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(await response.text());
    const chunk = (delta: object, finishReason: string | null) => ({
      id: 'chatcmpl-fake-0',
      object: 'chat.completion.chunk',
      created: (events[0] as { created: number }).created,
      model: 'fake-model',
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      usage: null,
    });
    expect(events).toEqual([
      chunk({ role: 'assistant', content: '', refusal: null }, null),
      chunk({ content: 'one' }, null),
      chunk({ content: ' two' }, null),
      chunk({ content: ' three' }, null),
      chunk({}, 'stop'),
      {
        id: 'chatcmpl-fake-0',
        object: 'chat.completion.chunk',
        created: (events[0] as { created: number }).created,
        model: 'fake-model',
        system_fingerprint: 'fp_fake',
        choices: [],
        usage: usage(countPromptTokens(body as unknown as ChatRequest), 3),
      },
      '[DONE]',
    ]);
  });

  it('leaves out usage (and the usage: null fields) without include_usage', async () => {
    await start({ responses: ['Hi'] });
    const events = parseSse(await (await postChat(server!, chatBody({ stream: true }))).text());
    expect(events.at(-1)).toBe('[DONE]');
    expect(events.slice(0, -1).every((event) => !Object.hasOwn(event as object, 'usage'))).toBe(true);
  });

  it('streams tool calls: id, type and name first, then the arguments token by token', async () => {
    const args = { query: 'Mariana Trench', limit: 3 };
    await start({ responses: [{ content: 'Searching.', toolCalls: [{ name: 'search', arguments: args }, { name: 'join', arguments: '{}' }] }] });
    const events = parseSse(await (await postChat(server!, chatBody({ stream: true, stream_options: { include_usage: true } }))).text());
    const chunks = events.slice(0, -1) as TestChunk[];
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Searching.');
    const calls = deltas.flatMap((delta) => delta.tool_calls ?? []);
    expect(calls.filter((call) => call.id !== undefined)).toEqual([
      { index: 0, id: 'call_0_0', type: 'function', function: { name: 'search', arguments: '' } },
      { index: 1, id: 'call_0_1', type: 'function', function: { name: 'join', arguments: '' } },
    ]);
    const argumentChunks = calls.filter((call) => call.index === 0 && call.id === undefined);
    expect(argumentChunks).toHaveLength(encode(JSON.stringify(args)).length);
    expect(argumentChunks.map((call) => call.function.arguments).join('')).toBe(JSON.stringify(args));
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toMatchObject({
      completion_tokens: encode('Searching.').length + encode('search').length + encode(JSON.stringify(args)).length + encode('join').length + encode('{}').length,
    });
  });

  it('groups tokensPerChunk tokens per chunk (server option, overridden per answer)', async () => {
    await start({ responses: ['a b c d e', { content: 'a b c d e', tokensPerChunk: 5 }], tokensPerChunk: 2 });
    const contents = async () =>
      (parseSse(await (await postChat(server!, chatBody({ stream: true }))).text()).slice(1, -2) as TestChunk[]).map(
        (chunk) => chunk.choices[0]?.delta.content,
      );
    expect(await contents()).toEqual(['a b', ' c d', ' e']);
    expect(await contents()).toEqual(['a b c d e']);
  });

  it('honours stop sequences and max_tokens over HTTP', async () => {
    await start({ responder: () => '1. search("x")\n2. join()<END_OF_PLAN>\nThought: more' });
    const stopped = (await (await postChat(server!, chatBody({ stop: ['<END_OF_PLAN>'] }))).json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
      usage: { completion_tokens: number };
    };
    expect(stopped.choices[0]).toMatchObject({ message: { content: '1. search("x")\n2. join()' }, finish_reason: 'stop' });
    expect(stopped.usage.completion_tokens).toBe(encode('1. search("x")\n2. join()').length);

    const events = parseSse(await (await postChat(server!, chatBody({ stream: true, max_tokens: 4 }))).text()) as TestChunk[];
    const text = events.slice(0, -1).map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(encode(text)).toHaveLength(4);
    expect(events.at(-2)?.choices[0]?.finish_reason).toBe('length');
  });

  it('passes each request with its call index to the responder, and records every request', async () => {
    const seen: { request: ChatRequest; context: ResponderContext }[] = [];
    await start({
      responder: async (request, context) => {
        seen.push({ request, context });
        return `answer ${context.callIndex}`;
      },
    });
    const contents = [];
    for (const question of ['first', 'second', 'third']) {
      const response = await postChat(server!, chatBody({ messages: [{ role: 'user', content: question }], temperature: 0 }));
      contents.push(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content);
    }
    expect(contents).toEqual(['answer 0', 'answer 1', 'answer 2']);
    expect(seen.map(({ context }) => context.callIndex)).toEqual([0, 1, 2]);
    expect(seen[1]?.request).toEqual({ model: 'fake-model', messages: [{ role: 'user', content: 'second' }], temperature: 0 });
    expect(seen.every(({ context }) => context.signal instanceof AbortSignal && !context.signal.aborted)).toBe(true);
    expect(server!.requests.map((request) => [request.callIndex, request.status, request.aborted])).toEqual([
      [0, 200, false],
      [1, 200, false],
      [2, 200, false],
    ]);
    const [first] = server!.requests;
    expect(first?.body.messages).toEqual([{ role: 'user', content: 'first' }]);
    expect(first!.receivedAt).toBeLessThanOrEqual(first!.finishedAt!);
  });

  it('echoes the last user message by default', async () => {
    await start();
    const body = chatBody({ messages: [{ role: 'user', content: 'one' }, { role: 'assistant', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 'two' }] }] });
    const json = (await (await postChat(server!, body)).json()) as { choices: { message: { content: string } }[] };
    expect(json.choices[0]?.message.content).toBe('two');
  });

  it('answers 500 with a clear message, not retried, when the responses run out', async () => {
    await start({ responses: ['only one'] });
    await (await postChat(server!, chatBody())).text();
    const response = await postChat(server!, chatBody());
    expect(response.status).toBe(500);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(await response.json()).toEqual({
      error: {
        message: 'No answer for call #1: `responses` holds 1 answer. Add answers, or pass a `responder`.',
        type: 'server_error',
        param: null,
        code: null,
      },
    });
    expect(server!.requests[1]?.error).toContain('No answer for call #1');
  });

  it('answers 500 naming the error when the responder throws or returns an invalid answer', async () => {
    await start({
      responder: (_request, { callIndex }) => {
        if (callIndex === 0) throw new Error('no plan for this question');
        return { toolCalls: [{ name: '', arguments: '{}' }] };
      },
    });
    const thrown = await postChat(server!, chatBody());
    expect(thrown.status).toBe(500);
    expect(((await thrown.json()) as { error: { message: string } }).error.message).toBe(
      'The responder threw on call #0: no plan for this question',
    );
    const invalid = await postChat(server!, chatBody());
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid answer for call #1: Expected `answer.toolCalls[0].name` to be a non-empty string, got `""` (string)',
    );
  });

  it('lists models at GET /v1/models and finds one at GET /v1/models/:id', async () => {
    const { url } = await start({ models: ['planner', 'joiner'] });
    expect(await (await fetch(`${url}/models`)).json()).toEqual({
      object: 'list',
      data: [
        { id: 'planner', object: 'model', created: 0, owned_by: 'llmcompiler-testing' },
        { id: 'joiner', object: 'model', created: 0, owned_by: 'llmcompiler-testing' },
      ],
    });
    expect(await (await fetch(`${url}/models/joiner`)).json()).toMatchObject({ id: 'joiner', object: 'model' });
    const missing = await fetch(`${url}/models/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'model_not_found', param: 'model' } });
  });

  it('answers unknown routes with 404 and an OpenAI error body', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/completions)', type: 'invalid_request_error', param: null, code: null },
    });
    expect((await fetch(`${url}/chat/completions`)).status).toBe(404);
  });

  it('answers 400 for a body that is not JSON or not a chat request, and records neither', async () => {
    await start();
    const badJson = await postChat(server!, '{"model": ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('We could not parse the JSON body') as unknown },
    });
    const cases: [unknown, string | null, string][] = [
      [[], null, 'Expected the request body to be a JSON object, got an array of length 0.'],
      [{ messages: [{ role: 'user', content: 'x' }] }, 'model', 'you must provide a model parameter'],
      [{ model: 'm', messages: [] }, 'messages', 'Expected `messages` to be a non-empty array, got an array of length 0.'],
      [{ model: 'm', messages: ['hi'] }, 'messages[0]', 'Expected `messages[0]` to be an object with a string `role`, got `"hi"` (string).'],
      [chatBody({ max_tokens: 0 }), 'max_tokens', 'Expected `max_tokens` to be an integer from 1 and up, got `0` (number).'],
      [chatBody({ stop: [1] }), 'stop', 'Expected `stop` to be a string or an array of strings, got an array of length 1.'],
      [chatBody({ n: 2 }), 'n', 'Expected `n` to be 1 (the fake server writes one choice), got `2` (number).'],
    ];
    for (const [body, param, message] of cases) {
      const response = await postChat(server!, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { message, type: 'invalid_request_error', param, code: null } });
    }
    expect(server!.requests).toHaveLength(0);
  });

  it('close() cuts an open stream, aborts responders still deciding, and resolves once closed', async () => {
    const { promise: deciding, resolve: decide } = withResolvers<AbortSignal>();
    await start({
      responder: (_request, { callIndex, signal }) => {
        if (callIndex === 0) return { content: 'one two three', fault: { type: 'hang', afterTokens: 1 } };
        decide(signal);
        return new Promise<never>(() => {});
      },
    });
    const streaming = await postChat(server!, chatBody({ stream: true }));
    const reader = streaming.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"role":"assistant"');
    const waiting = postChat(server!, chatBody()).then(
      () => 'answered',
      () => 'failed',
    );
    const signal = await deciding;

    await server!.close();
    await expect(reader.read()).rejects.toThrow();
    expect(await waiting).toBe('failed');
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).message).toBe('The fake OpenAI server was closed.');
    expect(server!.requests.map((request) => request.aborted)).toEqual([false, false]);
    expect(server!.requests.every((request) => request.finishedAt !== undefined)).toBe(true);
    await expect(fetch(`${server!.url}/models`)).rejects.toThrow();
  });

  it('ends keep-alive connections on close()', async () => {
    await start();
    const response = await openRequest(server!, chatBody({ stream: true })).response;
    const ended = new Promise((resolve) => response.on('close', resolve));
    response.resume();
    await server!.close();
    await ended;
  });

  // Node's default would close the idle connection after 5 s (6 s in Node 20, which adds a second of grace),
  // racing a client that reuses it at that moment (ECONNRESET or "other side closed" under load). Waits past
  // that once, so it takes about 6.5 s.
  it('keeps an idle keep-alive connection open past 6 s, so the next request reuses it', { timeout: 20_000 }, async () => {
    const { port } = await start({ responses: ['first', 'second'] });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const post = (): Promise<{ status: number | undefined; reused: boolean; keepAlive: string | undefined; text: string }> =>
        new Promise((resolve, reject) => {
          const body = JSON.stringify(chatBody());
          const request = httpRequest(
            { host: '127.0.0.1', port, path: '/v1/chat/completions', method: 'POST', agent, headers: { 'content-type': 'application/json' } },
            (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (text += chunk));
              response.on('end', () =>
                resolve({ status: response.statusCode, reused: request.reusedSocket, keepAlive: response.headers['keep-alive']?.toString(), text }),
              );
            },
          );
          request.on('error', reject);
          request.end(body);
        });
      const first = await post();
      expect(first).toMatchObject({ status: 200, reused: false, keepAlive: undefined });
      await new Promise((resolve) => setTimeout(resolve, 6_500));
      const second = await post();
      expect(second).toMatchObject({ status: 200, reused: true });
      expect(JSON.parse(second.text)).toMatchObject({ choices: [{ message: { content: 'second' } }] });
    } finally {
      agent.destroy();
    }
  });

  it.each([
    [{ responder: () => 'x', responses: [] }, 'Expected either `responder` or `responses`, got both'],
    [{ port: -1 }, 'Expected `port` to be an integer from 0 to 65535, got `-1` (number)'],
    [{ tokensPerChunk: 1.5 }, 'Expected `tokensPerChunk` to be an integer from 1 and up, got `1.5` (number)'],
    [{ latency: { timeToFirstTokenMs: Number.NaN } }, 'Expected `latency.timeToFirstTokenMs` to be a finite number from 0 and up, got `NaN` (number)'],
    [{ models: [''] }, 'Expected `models` to be an array of non-empty strings, got an array of length 1'],
  ])('refuses invalid options %j', async (options, message) => {
    await expect(startFakeOpenAI(options as FakeOpenAIOptions)).rejects.toThrow(message);
  });
});
