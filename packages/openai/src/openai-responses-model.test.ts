import type { ModelRequest, ModelStreamPart } from '@llmcompiler/core';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  SECRET_KEY,
  clearOpenAIEnv,
  collect,
  openResponsesSseResponse,
  rejection,
  responses as events,
  responsesSseResponse,
  scriptedFetch,
  type ScriptedReply,
} from '../test/scripted-fetch.js';
import { createOpenAIModel } from './create-openai-model.js';
import { ModelCallError } from './errors/model-call-error.js';
import { ModelStreamError } from './errors/model-stream-error.js';

const request: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };
const usage = { input_tokens: 12, output_tokens: 5, total_tokens: 17 };
const ourUsage = { promptTokens: 12, completionTokens: 5, totalTokens: 17 };

function modelWith(replies: readonly ScriptedReply[]) {
  const http = scriptedFetch(replies);
  const model = createOpenAIModel({ model: 'gpt-test', api: 'responses', apiKey: SECRET_KEY, fetch: http.fetch, maxRetries: 0 });
  return { model, requests: http.requests };
}

beforeEach(() => clearOpenAIEnv(vi.stubEnv));

describe('text', () => {
  test('streams output_text deltas as text deltas, then one finish part with the usage of response.completed', async () => {
    const { model, requests } = modelWith([
      responsesSseResponse([
        { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', output: [] } },
        { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
        events.text('Hel'),
        events.text('lo'),
        { type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text: 'Hello' },
        events.completed(usage),
      ]),
    ]);
    expect(await collect(model.stream(request))).toEqual<ModelStreamPart[]>([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'finish', reason: 'stop', usage: ourUsage },
    ]);
    expect(requests[0]?.url).toBe('https://api.openai.com/v1/responses');
  });

  test('a usage without total_tokens is summed; a response without usage finishes without it', async () => {
    const { model } = modelWith([
      responsesSseResponse([events.text('ok'), events.completed({ input_tokens: 3, output_tokens: 4 })]),
      responsesSseResponse([events.text('ok'), events.completed()]),
    ]);
    expect((await collect(model.stream(request))).at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } });
    expect((await collect(model.stream(request))).at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  test('reasoning items and their summaries are ignored', async () => {
    const { model } = modelWith([
      responsesSseResponse([
        { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
        { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
        { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'Thinking about it' },
        { type: 'response.reasoning_text.delta', item_id: 'rs_1', output_index: 0, content_index: 0, delta: 'raw thoughts' },
        { type: 'response.output_item.done', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking about it' }] } },
        events.text('Answer', 1),
        events.completed(usage),
      ]),
    ]);
    expect(await collect(model.stream(request))).toEqual([
      { type: 'text-delta', text: 'Answer' },
      { type: 'finish', reason: 'stop', usage: ourUsage },
    ]);
  });
});

describe('finish reasons', () => {
  test.each([
    ['max_output_tokens', 'length'],
    ['content_filter', 'content-filter'],
    ['something_new', 'other'],
  ])('response.incomplete with reason `%s` is reported as `%s`', async (openaiReason, reason) => {
    const { model } = modelWith([responsesSseResponse([events.text('x'), events.incomplete(openaiReason, usage)])]);
    expect((await collect(model.stream(request))).at(-1)).toEqual({ type: 'finish', reason, usage: ourUsage });
  });
});

describe('function calls', () => {
  test('streams each call as tool-call deltas: call_id and name first, then its arguments, numbered among the calls only', async () => {
    const { model } = modelWith([
      responsesSseResponse([
        { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
        events.text('Searching.', 1),
        events.call(2, 'call_a', 'search'),
        events.args(2, '{"query":'),
        events.args(2, '"Mariana"}'),
        { type: 'response.function_call_arguments.done', item_id: 'fc_2', output_index: 2, name: 'search', arguments: '{"query":"Mariana"}' },
        events.call(3, 'call_b', 'math', '{"x"'),
        events.args(3, ':1}'),
        events.completed(usage),
      ]),
    ]);
    expect(await collect(model.stream({ ...request, tools: [] }))).toEqual<ModelStreamPart[]>([
      { type: 'text-delta', text: 'Searching.' },
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'search' },
      { type: 'tool-call-delta', index: 0, arguments: '{"query":' },
      { type: 'tool-call-delta', index: 0, arguments: '"Mariana"}' },
      { type: 'tool-call-delta', index: 1, id: 'call_b', name: 'math', arguments: '{"x"' },
      { type: 'tool-call-delta', index: 1, arguments: ':1}' },
      { type: 'finish', reason: 'tool-calls', usage: ourUsage },
    ]);
  });

  test('arguments sent only whole, in the done events, are streamed as one delta', async () => {
    const { model } = modelWith([
      responsesSseResponse([
        events.call(0, 'call_a', 'search'),
        { type: 'response.output_item.done', output_index: 0, item: { id: 'fc_0', type: 'function_call', call_id: 'call_a', name: 'search', arguments: '{"query":"x"}' } },
        events.completed(usage),
      ]),
    ]);
    expect((await collect(model.stream(request))).slice(0, 2)).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'search' },
      { type: 'tool-call-delta', index: 0, arguments: '{"query":"x"}' },
    ]);
  });
});

describe('stop sequences (applied by the adapter: the Responses API has none)', () => {
  test('the text is cut before the stop sequence, split across deltas, and the stream finishes there, ending the request', async () => {
    const { model, requests } = modelWith([
      (seen) => openResponsesSseResponse(seen, [events.text('1. search("x")\n2. join()<END_'), events.text('OF_PLAN>\nmore text')]).response,
    ]);
    const parts = await collect(model.stream({ ...request, stop: ['<END_OF_PLAN>'] }));
    expect(parts).toEqual([
      { type: 'text-delta', text: '1. search("x")\n2. join()' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(requests[0]?.body).not.toHaveProperty('stop');
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  test('text held back as a possible stop sequence is shown when it turns out not to be one', async () => {
    const { model } = modelWith([responsesSseResponse([events.text('a <'), events.text('b> c <EN'), events.completed(usage)])]);
    const parts = await collect(model.stream({ ...request, stop: ['<END>'] }));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'a ' },
      { type: 'text-delta', text: '<b> c ' },
      { type: 'text-delta', text: '<EN' },
      { type: 'finish', reason: 'stop', usage: ourUsage },
    ]);
  });

  test('the earliest of several stop sequences wins', async () => {
    const { model } = modelWith([(seen) => openResponsesSseResponse(seen, [events.text('one STOP two END')]).response]);
    expect(await collect(model.stream({ ...request, stop: ['END', 'STOP'] }))).toEqual([
      { type: 'text-delta', text: 'one ' },
      { type: 'finish', reason: 'stop' },
    ]);
  });
});

describe('a cut-off stream', () => {
  test('a body that ends without response.completed throws a ModelStreamError after the parts that came', async () => {
    const { model } = modelWith([responsesSseResponse([events.text('Hel')])]);
    const parts: ModelStreamPart[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of model.stream(request)) parts.push(part);
      })(),
    );
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hel' }]);
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Model `gpt-test` stream was cut off before it finished: the response ended without a response.completed or response.incomplete event',
    );
  });

  test('a connection that breaks mid-stream throws a ModelStreamError with the network error as cause', async () => {
    const network = new TypeError('terminated');
    let fail!: (error: unknown) => void;
    const { model } = modelWith([
      (seen) => {
        const open = openResponsesSseResponse(seen, [events.text('Hel')]);
        fail = open.fail;
        return open.response;
      },
    ]);
    const stream = model.stream(request)[Symbol.asyncIterator]();
    expect(await stream.next()).toEqual({ done: false, value: { type: 'text-delta', text: 'Hel' } });
    fail(network);
    const error = await rejection(stream.next());
    expect(ModelStreamError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(network);
  });

  test('response.failed throws a ModelCallError with the provider’s message and code, and ends the request', async () => {
    const { model, requests } = modelWith([
      (seen) =>
        openResponsesSseResponse(seen, [
          events.text('Hel'),
          { type: 'response.failed', response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'The model crashed.' }, output: [] } },
        ]).response,
    ]);
    const error = await rejection(collect(model.stream(request)));
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: undefined,
      code: 'server_error',
      providerMessage: 'The model crashed.',
      url: 'https://api.openai.com/v1/responses',
      message: 'Model `gpt-test` call failed: The model crashed.',
    });
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  test('an `error` event throws a ModelCallError, the API key removed from its message', async () => {
    const { model } = modelWith([
      responsesSseResponse([events.text('Hel'), { type: 'error', code: 'rate_limit_exceeded', message: `Slow down, ${SECRET_KEY}.`, param: null }]),
    ]);
    const error = await rejection(collect(model.stream(request)));
    expect(error).toMatchObject({ name: 'ModelCallError', code: 'rate_limit_exceeded', providerMessage: 'Slow down, [redacted].' });
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
  });

  test('an error object inside a data line (as chat completions streams send it) is a ModelCallError too', async () => {
    const { model } = modelWith([responsesSseResponse([events.text('Hel'), JSON.stringify({ error: { message: 'Overloaded', type: 'server_error' } })])]);
    expect(await rejection(collect(model.stream(request)))).toMatchObject({ name: 'ModelCallError', providerMessage: 'Overloaded' });
  });
});

describe('abort', () => {
  test('an abort mid-stream cancels the HTTP request and the stream throws the signal reason', async () => {
    const controller = new AbortController();
    const { model, requests } = modelWith([(seen) => openResponsesSseResponse(seen, [events.text('Hel')]).response]);
    const stream = model.stream({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
    expect(await stream.next()).toEqual({ done: false, value: { type: 'text-delta', text: 'Hel' } });
    const reason = new Error('user stopped');
    const pending = stream.next();
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  test('an abort while waiting for the response throws the signal reason, without retrying', async () => {
    const controller = new AbortController();
    let sent!: () => void;
    const requestSent = new Promise<void>((resolve) => (sent = resolve));
    const { model, requests } = modelWith([
      (seen) =>
        new Promise<Response>((_, reject) => {
          seen.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), { once: true });
          sent();
        }),
    ]);
    const pending = collect(model.stream({ ...request, signal: controller.signal }));
    await requestSent;
    controller.abort('stop please');
    expect(await rejection(pending)).toBe('stop please');
    expect(requests).toHaveLength(1);
  });

  test('an already aborted signal throws its reason before any request is sent', async () => {
    const { model, requests } = modelWith([]);
    const reason = new Error('too late');
    expect(await rejection(collect(model.stream({ ...request, signal: AbortSignal.abort(reason) })))).toBe(reason);
    expect(requests).toHaveLength(0);
  });

  test('a consumer that stops reading early cancels the HTTP request', async () => {
    const { model, requests } = modelWith([(seen) => openResponsesSseResponse(seen, [events.text('Hel')]).response]);
    for await (const part of model.stream(request)) {
      expect(part).toEqual({ type: 'text-delta', text: 'Hel' });
      break;
    }
    expect(requests[0]?.signal?.aborted).toBe(true);
  });
});
