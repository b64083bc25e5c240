// `POST /v1/responses` with the real `openai` client (`client.responses.create` and `.stream`): the server
// writes the Responses API's wire format, and the same responders, latency model and faults drive it.
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyRequest } from './classify-request.js';
import { scriptedAgent } from './scripted-agent.js';
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from './start-fake-openai.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
async function connect(options: FakeOpenAIOptions, clientOptions: { maxRetries?: number; logLevel?: 'off' } = {}) {
  server = await startFakeOpenAI(options);
  return new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0, ...clientOptions });
}
const question = 'How deep is the Mariana Trench?';
const searchTool = {
  type: 'function' as const,
  name: 'search',
  description: 'Searches the web.',
  parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'], additionalProperties: false },
  strict: false,
};

async function events(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const seen: ResponseStreamEvent[] = [];
  for await (const event of stream) seen.push(event);
  return seen;
}

/** What a stream that breaks gave before it broke, and the error. */
async function eventsUntilError(stream: AsyncIterable<ResponseStreamEvent>) {
  const seen: ResponseStreamEvent[] = [];
  try {
    for await (const event of stream) seen.push(event);
  } catch (error) {
    return { seen, error };
  }
  return { seen, error: undefined };
}

describe('POST /v1/responses with the openai client', () => {
  it('creates a response: the text, its usage and a completed status', async () => {
    const client = await connect({ responses: ['About 10,994 m.'] });
    const response = await client.responses.create({ model: 'gpt-4.1-mini', input: question, store: false });
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4.1-mini', store: false, error: null });
    expect(response.output_text).toBe('About 10,994 m.');
    expect(response.usage?.output_tokens).toBe(encode('About 10,994 m.').length);
    expect(response.usage?.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(response._request_id).toBe('req_fake_0');
    expect(server!.requests[0]).toMatchObject({ path: '/v1/responses', status: 200, responsesBody: { input: question, store: false } });
  });

  it('echoes the last user message by default (echoResponder), with the request’s instructions kept', async () => {
    const client = await connect({});
    const response = await client.responses.create({ model: 'm', instructions: 'Repeat.', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi there' }] }] });
    expect(response.output_text).toBe('Hi there');
    expect(response.instructions).toBe('Repeat.');
  });

  it('streams text deltas, one per token, between the message item’s events, then response.completed', async () => {
    const client = await connect({ responses: ['About 10,994 m.'] });
    const seen = await events(await client.responses.create({ model: 'gpt-4.1-mini', input: question, stream: true }));
    const types = seen.map((event) => event.type);
    const deltas = seen.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    expect(deltas.join('')).toBe('About 10,994 m.');
    expect(deltas).toHaveLength(encode('About 10,994 m.').length);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...deltas.map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(seen.map((event) => event.sequence_number)).toEqual(seen.map((_, index) => index));
    const completed = seen.at(-1);
    expect(completed?.type === 'response.completed' && completed.response.usage?.output_tokens).toBe(deltas.length);
  });

  it('streams function calls that the SDK’s stream helper assembles, with their call ids and names first', async () => {
    const client = await connect({
      responses: [
        {
          content: 'Searching both.',
          toolCalls: [
            { name: 'search', arguments: { query: 'Mariana Trench' } },
            { name: 'search', arguments: { query: 'Puerto Rico Trench' }, id: 'call_custom' },
          ],
        },
      ],
    });
    const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: question, tools: [searchTool], tool_choice: 'required' });
    const added: unknown[] = [];
    const argumentDeltas: string[] = [];
    // A copy: the helper accumulates the arguments into the item it was given.
    stream.on('response.output_item.added', (event) => added.push(structuredClone(event.item)));
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(added).toEqual([
      expect.objectContaining({ type: 'message' }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_0_0', name: 'search', arguments: '' }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_custom', name: 'search', arguments: '' }),
    ]);
    expect(argumentDeltas.length).toBeGreaterThan(2);
    expect(argumentDeltas.join('')).toBe('{"query":"Mariana Trench"}{"query":"Puerto Rico Trench"}');
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Searching both.' }] });
    expect(response.output.filter((item) => item.type === 'function_call')).toEqual([
      expect.objectContaining({ call_id: 'call_0_0', name: 'search', arguments: '{"query":"Mariana Trench"}', status: 'completed' }),
      expect.objectContaining({ call_id: 'call_custom', name: 'search', arguments: '{"query":"Puerto Rico Trench"}', status: 'completed' }),
    ]);
    // Responders see the request as the equivalent chat request.
    expect(server!.requests[0]?.body).toMatchObject({
      messages: [{ role: 'user', content: question }],
      tools: [{ type: 'function', function: { name: 'search', description: 'Searches the web.', strict: false } }],
      tool_choice: 'required',
    });
  });

  it('reads instructions, message items, function calls and their outputs as the chat messages responders see', async () => {
    const seen: unknown[] = [];
    const client = await connect({
      responder: (request) => {
        seen.push(request.messages);
        return 'ok';
      },
    });
    await client.responses.create({
      model: 'gpt-4.1-mini',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: question },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'function_call', call_id: 'call_a', name: 'search', arguments: '{"query":"a"}' },
        { type: 'function_call', call_id: 'call_b', name: 'search', arguments: '{"query":"b"}' },
        { type: 'function_call_output', call_id: 'call_a', output: '10,994 m' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'And?' }] },
      ],
    });
    expect(seen).toEqual([
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: question },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'search', arguments: '{"query":"a"}' } },
            { id: 'call_b', type: 'function', function: { name: 'search', arguments: '{"query":"b"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '10,994 m' },
        { role: 'user', content: [{ type: 'input_text', text: 'And?' }] },
      ],
    ]);
  });

  it('an answer cut by max_output_tokens is response.incomplete with reason max_output_tokens', async () => {
    const client = await connect({ responses: ['one two three four five six seven eight nine ten', 'one two three four five six'] });
    const seen = await events(await client.responses.create({ model: 'm', input: 'count', stream: true, max_output_tokens: 3 }));
    const last = seen.at(-1);
    expect(last?.type).toBe('response.incomplete');
    expect(last?.type === 'response.incomplete' && last.response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      usage: { output_tokens: 3 },
    });
    const whole = await client.responses.create({ model: 'm', input: 'count', max_output_tokens: 2 });
    expect(whole).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(whole.output_text).toBe('one two');
  });

  it('a text.format json_schema reaches responders as the chat response_format', async () => {
    const client = await connect({ responses: ['{"depth": 10994}'] });
    const schema = { type: 'object', properties: { depth: { type: 'number' } }, required: ['depth'], additionalProperties: false };
    await client.responses.create({ model: 'm', input: question, text: { format: { type: 'json_schema', name: 'depth', schema, strict: true } } });
    expect(server!.requests[0]?.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'depth', schema, strict: true } });
  });

  it('plays a scripted agent’s text planner, recognised without stop sequences (the Responses API has none)', async () => {
    const client = await connect({ responder: scriptedAgent({ plan: [{ tool: 'search', args: { query: 'x' } }], answer: 'done' }) });
    const system = 'Write the plan. End with the task `N. join()` followed by <END_OF_PLAN>, and write nothing after it.';
    const response = await client.responses.create({ model: 'm', input: [{ role: 'system', content: system }, { role: 'user', content: 'q' }] });
    expect(classifyRequest(server!.requests[0]!.body)).toBe('planner');
    expect(response.output_text).toBe('1. search(query="x")\n2. join()<END_OF_PLAN>');
  });
});

describe('POST /v1/responses: errors and faults', () => {
  it('refuses chat completions fields such as `stop` with a 400, as OpenAI does', async () => {
    const client = await connect({ responses: ['never'] });
    const error = await client.responses.create({ model: 'm', input: 'x', stop: ['END'] } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, message: "400 Unknown parameter: 'stop'.", param: 'stop' });
    expect(server!.requests).toHaveLength(0);
  });

  it('refuses a body without `input`, naming what came', async () => {
    const client = await connect({ responses: ['never'] });
    const error = await client.responses.create({ model: 'm' } as never).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, param: 'input', message: '400 Expected `input` to be a string or an array of input items, got `undefined`.' });
  });

  it('a 429 with retry-after is retried by the client, and the retry’s answer streams', async () => {
    const client = await connect({ responses: [{ fault: { type: 'status', status: 429, retryAfterSeconds: 0 } }, 'ok'] }, { maxRetries: 1 });
    const seen = await events(await client.responses.create({ model: 'm', input: 'x', stream: true }));
    expect(seen.at(-1)?.type).toBe('response.completed');
    expect(server!.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  it('an error-event fault sends an `error` event, which ends the stream', async () => {
    const client = await connect({ responses: [{ content: 'one two three four', fault: { type: 'error-event', afterTokens: 2, message: 'Overloaded.', code: 'server_error' } }] });
    const seen = await events(await client.responses.create({ model: 'm', input: 'x', stream: true }));
    const deltas = seen.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    expect(deltas.join('')).toBe('one two');
    expect(seen.at(-1)).toEqual({ type: 'error', message: 'Overloaded.', code: 'server_error', param: null, sequence_number: seen.length - 1 });
  });

  it('a truncate fault ends the response cleanly without response.completed', async () => {
    const client = await connect({ responses: [{ content: 'one two three four', fault: { type: 'truncate', afterTokens: 2 } }] });
    const seen = await events(await client.responses.create({ model: 'm', input: 'x', stream: true }));
    expect(seen.map((event) => event.type)).not.toContain('response.completed');
    expect(seen.at(-1)).toMatchObject({ type: 'response.output_text.delta', delta: ' two' });
  });

  it('a malformed fault breaks the stream with a SyntaxError', async () => {
    // The client logs the chunk it cannot parse before it throws; this one logs nothing.
    const client = await connect({ responses: [{ content: 'one two three', fault: { type: 'malformed', afterTokens: 1 } }] }, { logLevel: 'off' });
    const { seen, error } = await eventsUntilError(await client.responses.create({ model: 'm', input: 'x', stream: true }));
    expect(error).toBeInstanceOf(SyntaxError);
    expect(seen.at(-1)).toMatchObject({ type: 'response.output_text.delta', delta: 'one' });
  });

  it('a cut fault breaks the connection mid-stream', async () => {
    const client = await connect({ responses: [{ content: 'one two three', fault: { type: 'cut', afterTokens: 1 } }] });
    const { seen, error } = await eventsUntilError(await client.responses.create({ model: 'm', input: 'x', stream: true }));
    expect(error).toBeInstanceOf(Error);
    expect(seen.map((event) => event.type)).not.toContain('response.completed');
  });

  it('a disconnect fault is a connection error', async () => {
    const client = await connect({ responses: [{ fault: { type: 'disconnect' } }] });
    const error = await client.responses.create({ model: 'm', input: 'x', stream: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('aborting the request ends it on the server', async () => {
    const client = await connect({ responses: [{ content: 'one two three', fault: { type: 'hang', afterTokens: 1 } }] });
    const controller = new AbortController();
    const stream = await client.responses.create({ model: 'm', input: 'x', stream: true }, { signal: controller.signal });
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') controller.abort();
    }
    await expect.poll(() => server!.requests[0]?.aborted).toBe(true);
  });
});
