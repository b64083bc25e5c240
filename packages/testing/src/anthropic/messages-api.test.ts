import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countPromptTokens } from '../count-tokens.js';
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from '../start-fake-openai.js';
import { readText } from '../test-helpers.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (options: FakeOpenAIOptions = {}) => (server = await startFakeOpenAI(options));

const body = (fields: Record<string, unknown> = {}) => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Hello' }],
  ...fields,
});

function post(fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${server!.url}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(fields),
  });
}

/** The server-sent events of a response: each event's name and its data. */
async function readEvents(response: Response): Promise<{ event: string; data: { type: string; [field: string]: unknown } }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.replace(/^event: /, ''), data: JSON.parse(dataLine!.replace(/^data: /, '')) as { type: string } };
    });
}

const usage = (input: number, output: number) => ({
  input_tokens: input,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  output_tokens: output,
  service_tier: 'standard',
});

describe('the Messages API of the fake server (POST /v1/messages)', () => {
  it('answers a JSON message in Anthropic’s wire format, with usage from the o200k tokenizer', async () => {
    await start({ responses: ['The trench is 10,994 m deep.'] });
    const response = await post(body({ system: 'Be brief.' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toBe('req_fake_0');
    const recorded = server!.requests[0]!;
    expect(await response.json()).toEqual({
      id: 'msg_fake_0',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'The trench is 10,994 m deep.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: usage(countPromptTokens(recorded.body), encode('The trench is 10,994 m deep.').length),
    });
    // Recorded as it came, and in chat completions' terms for responders.
    expect(recorded.path).toBe('/v1/messages');
    expect(recorded.anthropic).toEqual(body({ system: 'Be brief.' }));
    expect(recorded.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello' },
    ]);
    expect(recorded.headers['x-api-key']).toBe('test-key');
  });

  it('streams text as message_start, a text block of deltas, message_delta and message_stop', async () => {
    await start({ responses: ['one two three'], tokensPerChunk: 2 });
    const response = await post(body({ stream: true }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await readEvents(response);
    const input = countPromptTokens(server!.requests[0]!.body);
    expect(events).toEqual([
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: { id: 'msg_fake_0', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: usage(input, 1) },
        },
      },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'one two' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' three' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 3 } } },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
  });

  const toolAnswer = { content: 'Looking.', toolCalls: [{ name: 'search', arguments: { query: 'Mariana Trench depth' }, id: 'toolu_1' }] };
  const tools = [{ name: 'search', description: 'Search.', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }];
  const inputDeltas = (events: Awaited<ReturnType<typeof readEvents>>) =>
    events.filter(({ data }) => data.type === 'content_block_delta' && (data['delta'] as { type: string }).type === 'input_json_delta').map(({ data }) => (data['delta'] as { partial_json: string }).partial_json);

  it('sends a tool_use block whose input arrives in one burst without fine-grained tool streaming', async () => {
    await start({ responses: [toolAnswer] });
    const events = await readEvents(await post(body({ stream: true, tools })));
    expect(events.map(({ data }) => data.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[5]?.data).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'search', input: {} } });
    expect(inputDeltas(events)).toEqual(['{"query":"Mariana Trench depth"}']);
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use', stop_sequence: null } });
  });

  it.each([
    ['eager_input_streaming on the tool', { tools: tools.map((tool) => ({ ...tool, eager_input_streaming: true })) }, {}],
    ['the fine-grained-tool-streaming beta', { tools }, { 'anthropic-beta': 'foo-2025-01-01, fine-grained-tool-streaming-2025-05-14' }],
  ])('streams a tool input in pieces with %s', async (_, fields, headers) => {
    await start({ responses: [toolAnswer], tokensPerChunk: 2 });
    const deltas = inputDeltas(await readEvents(await post(body({ stream: true, ...fields }), headers)));
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe('{"query":"Mariana Trench depth"}');
  });

  it('answers tool calls in JSON as tool_use blocks with their input object', async () => {
    await start({ responses: [toolAnswer] });
    const json = (await (await post(body({ tools }))).json()) as { content: unknown; stop_reason: string };
    expect(json.content).toEqual([
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'search', input: { query: 'Mariana Trench depth' } },
    ]);
    expect(json.stop_reason).toBe('tool_use');
  });

  it('translates the request for responders: system, tool_use, tool_result, tools, stop sequences, tool choice', async () => {
    await start({ responses: ['ok'] });
    await post(
      body({
        system: [{ type: 'text', text: 'Plan.' }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Depth?' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'search', input: { query: 'x' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '10994' }] },
        ],
        tools,
        tool_choice: { type: 'any' },
        stop_sequences: ['<END_OF_PLAN>'],
        temperature: 0,
      }),
    );
    expect(server!.requests[0]?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [
        { role: 'system', content: 'Plan.' },
        { role: 'user', content: 'Depth?' },
        { role: 'assistant', content: '', tool_calls: [{ id: 't1', type: 'function', function: { name: 'search', arguments: '{"query":"x"}' } }] },
        { role: 'tool', tool_call_id: 't1', content: '10994' },
      ],
      stop: ['<END_OF_PLAN>'],
      tools: [{ type: 'function', function: { name: 'search', description: 'Search.', parameters: tools[0]!.input_schema } }],
      tool_choice: 'required',
      temperature: 0,
    });
  });

  it('stops at a stop sequence with stop_reason stop_sequence, and at the token limit with max_tokens', async () => {
    await start({ responses: ['1. search("x")\n2. join()<END_OF_PLAN>ignored', 'one two three four five'] });
    const stopped = (await (await post(body({ stop_sequences: ['<END_OF_PLAN>'] }))).json()) as Record<string, unknown>;
    expect(stopped).toMatchObject({ content: [{ type: 'text', text: '1. search("x")\n2. join()' }], stop_reason: 'stop_sequence', stop_sequence: '<END_OF_PLAN>' });
    const events = await readEvents(await post(body({ stream: true, max_tokens: 2 })));
    expect(events.at(-2)?.data).toEqual({ type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 2 } });
  });

  it('answers HTTP errors in Anthropic’s error shape, 429 with retry-after', async () => {
    await start({ responses: [{ fault: { type: 'status', status: 429, retryAfterSeconds: 7 } }, { fault: { type: 'status', status: 529 } }] });
    const limited = await post(body());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('request-id')).toBe('req_fake_0');
    expect(await limited.json()).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit (simulated).' },
      request_id: 'req_fake_0',
    });
    const overloaded = await post(body());
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('refuses a malformed request with invalid_request_error, naming the field', async () => {
    await start();
    const response = await post({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' }, request_id: 'req_fake_0' });
    const badRole = await post(body({ messages: [{ role: 'system', content: 'x' }] }));
    expect(((await badRole.json()) as { error: { message: string } }).error.message).toBe(
      "messages.0.role: Input should be 'user' or 'assistant', got `\"system\"` (string).",
    );
    expect(server!.requests).toHaveLength(0);
  });

  it('injects stream faults: an error event, a truncated stream, a malformed event', async () => {
    await start({
      responses: [
        { content: 'one two three', fault: { type: 'error-event', afterTokens: 1, message: 'Overloaded' } },
        { content: 'one two three', fault: { type: 'truncate', afterTokens: 2 } },
        { content: 'one two three', fault: { type: 'malformed', afterTokens: 1 } },
      ],
    });
    const errored = await readEvents(await post(body({ stream: true })));
    expect(errored.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    expect(errored.some(({ data }) => data.type === 'message_stop')).toBe(false);

    const truncated = await readEvents(await post(body({ stream: true })));
    expect(truncated.map(({ data }) => data.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta']);

    const malformed = await (await post(body({ stream: true }))).text();
    expect(malformed.endsWith('data: {"type":"content_block_delta","index":0,"delta":{\n\n')).toBe(true);
  });

  it('writes each event on the latency model’s timeline (on the fake clock: exact)', async () => {
    vi.useFakeTimers();
    try {
      await start({ responses: ['one two three'], latency: { timeToFirstTokenMs: 1_000, outputTokensPerSecond: 10 } });
      const request = httpRequest(`${server!.url}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      const response = new Promise<IncomingMessage>((resolve) => request.on('response', resolve));
      request.end(JSON.stringify(body({ stream: true })));
      const text = readText(await response);
      const recorded = server!.requests[0]!;
      await vi.advanceTimersByTimeAsync(999);
      expect(recorded.firstTokenAt).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(recorded.firstTokenAt! - recorded.receivedAt).toBe(1_000);
      await vi.advanceTimersByTimeAsync(199);
      expect(recorded.finishedAt).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(recorded.finishedAt! - recorded.receivedAt).toBe(1_200);
      expect(await text).toContain('event: message_stop');
    } finally {
      vi.useRealTimers();
    }
  });
});
