// End to end with the real `openai` client: the server's wire format is what the SDK expects.
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from './start-fake-openai.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
async function connect(options: FakeOpenAIOptions, clientOptions: { maxRetries?: number; timeout?: number } = {}) {
  server = await startFakeOpenAI(options);
  return new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0, ...clientOptions });
}
const messages = [{ role: 'user' as const, content: 'How deep is the Mariana Trench?' }];

describe('the openai client against the fake server', () => {
  it('creates a completion', async () => {
    const client = await connect({ responses: ['About 10,994 m.'] });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.choices[0]?.message.content).toBe('About 10,994 m.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(encode('About 10,994 m.').length);
    expect(completion._request_id).toBe('req_fake_0');
  });

  it('streams text and usage', async () => {
    const client = await connect({ responses: ['About 10,994 m.'] });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let finishReason: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      finishReason = choice?.finish_reason ?? finishReason;
      usage = chunk.usage ?? usage;
    }
    expect(deltas.join('')).toBe('About 10,994 m.');
    expect(deltas).toHaveLength(encode('About 10,994 m.').length);
    expect(finishReason).toBe('stop');
    expect(usage?.completion_tokens).toBe(deltas.length);
  });

  it("streams tool calls that the SDK's stream helper assembles", async () => {
    const client = await connect({
      responses: [
        {
          toolCalls: [
            { name: 'search', arguments: { query: 'Mariana Trench' } },
            { name: 'search', arguments: { query: 'Puerto Rico Trench' } },
          ],
        },
      ],
    });
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'search', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
      },
    ];
    const stream = client.chat.completions.stream({ model: 'gpt-4o-mini', messages, tools });
    const done: string[] = [];
    stream.on('tool_calls.function.arguments.done', (event) => done.push(event.arguments));
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_0_0', type: 'function', function: { name: 'search', arguments: '{"query":"Mariana Trench"}' } },
      { id: 'call_0_1', type: 'function', function: { name: 'search', arguments: '{"query":"Puerto Rico Trench"}' } },
    ]);
    expect(done).toEqual(['{"query":"Mariana Trench"}', '{"query":"Puerto Rico Trench"}']);
    expect(server!.requests[0]?.body.tools).toEqual(tools);
  });

  it('raises a RateLimitError for a 429, and retries it after retry-after', async () => {
    const fault = { type: 'status', status: 429, retryAfterSeconds: 0 } as const;
    const client = await connect({ responses: [{ fault }, { fault }, 'finally'] });
    const error = await client.chat.completions.create({ model: 'm', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });

    const completion = await client.chat.completions.create({ model: 'm', messages }, { maxRetries: 1 });
    expect(completion.choices[0]?.message.content).toBe('finally');
    expect(server!.requests).toHaveLength(3);
  });

  it('does not retry the 500 of an exhausted script', async () => {
    const client = await connect({ responses: [] }, { maxRetries: 2 });
    await expect(client.chat.completions.create({ model: 'm', messages })).rejects.toThrow(OpenAI.InternalServerError);
    expect(server!.requests).toHaveLength(1);
  });

  it('sees a cut stream as an error while iterating', async () => {
    const client = await connect({ responses: [{ content: 'one two three', fault: { type: 'cut', afterTokens: 2 } }] });
    const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(received.join('')).toBe('one two');
  });

  it('gets finish reason length from max_tokens', async () => {
    const client = await connect({ responses: ['one two three four'] });
    const completion = await client.chat.completions.create({ model: 'm', messages, max_completion_tokens: 2 });
    expect(completion.choices[0]).toMatchObject({ message: { content: 'one two' }, finish_reason: 'length' });
  });

  it('aborts a hanging request through its signal, and the server records the abort', async () => {
    let reached!: (signal: AbortSignal) => void;
    const responderSignal = new Promise<AbortSignal>((resolve) => (reached = resolve));
    const client = await connect({
      responder: (_request, { signal }) => {
        reached(signal);
        return { fault: { type: 'hang' } };
      },
    });
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model: 'm', messages, stream: true }, { signal: controller.signal });
    const settled = pending.then(
      () => 'answered',
      (error: unknown) => error,
    );
    const signal = await responderSignal;
    controller.abort();
    expect(await settled).toBeInstanceOf(OpenAI.APIUserAbortError);
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(server!.requests[0]?.aborted).toBe(true);
  });

  it('times out on a hanging request with the client timeout', async () => {
    const client = await connect({ responses: [{ fault: { type: 'hang' } }] }, { timeout: 20 });
    await expect(client.chat.completions.create({ model: 'm', messages })).rejects.toThrow(OpenAI.APIConnectionTimeoutError);
  });

  it('lists the models', async () => {
    const client = await connect({ models: ['planner'] });
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['planner']);
  });
});
