import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelRequest, ModelStreamPart } from '../model/language-model.js';
import { scriptedModel, type ScriptedModelOptions, type ScriptedResponse } from './scripted-model.js';
import { ScriptedModelError } from './scripted-model-error.js';

const request: ModelRequest = { messages: [{ role: 'user', content: 'How deep is it?' }] }; // 15 chars: 4 tokens

/** Reads a whole stream, noting the fake clock's time at which each part arrived. */
async function timed(stream: AsyncIterable<ModelStreamPart>): Promise<[number, ModelStreamPart][]> {
  const parts: [number, ModelStreamPart][] = [];
  for await (const part of stream) parts.push([Date.now(), part]);
  return parts;
}

async function collect(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The parts of the first answer of a model made with `options`, read without any timer running. */
function partsOf(response: ScriptedResponse, req = request): Promise<ModelStreamPart[]> {
  return collect(scriptedModel({ responses: [response] }).stream(req));
}

/** What reading `stream` to its end throws, and at which fake-clock time. */
async function failureOf(stream: AsyncIterable<ModelStreamPart>): Promise<{ error: unknown; at: number; parts: ModelStreamPart[] }> {
  const parts: ModelStreamPart[] = [];
  const read = (async () => {
    for await (const part of stream) parts.push(part);
  })().then(
    () => ({ error: new Error('the stream did not fail'), at: Date.now(), parts }),
    (error: unknown) => ({ error, at: Date.now(), parts }),
  );
  await vi.runAllTimersAsync();
  return read;
}

const texts = (parts: readonly ModelStreamPart[]): string[] => parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('scriptedModel: text', () => {
  it('streams a string answer in pieces of 4 characters, then finishes with reason stop and usage', async () => {
    expect(await partsOf('Mariana Trench')).toEqual([
      { type: 'text-delta', text: 'Mari' },
      { type: 'text-delta', text: 'ana ' },
      { type: 'text-delta', text: 'Tren' },
      { type: 'text-delta', text: 'ch' },
      { type: 'finish', reason: 'stop', usage: { promptTokens: 4, completionTokens: 4, totalTokens: 8 } },
    ]);
  });

  it('takes the chunk size from the model, overridden per response, and never splits a code point', async () => {
    const model = scriptedModel({ chunkSize: 2, responses: ['abcde', { text: 'abcde', chunkSize: 3 }, { text: '😀😀😀', chunkSize: 2 }] });
    expect(texts(await collect(model.stream(request)))).toEqual(['ab', 'cd', 'e']);
    expect(texts(await collect(model.stream(request)))).toEqual(['abc', 'de']);
    expect(texts(await collect(model.stream(request)))).toEqual(['😀😀', '😀']);
  });

  it('finishes at once, with no text part, for an empty answer', async () => {
    expect(await partsOf('')).toEqual([{ type: 'finish', reason: 'stop', usage: { promptTokens: 4, completionTokens: 0, totalTokens: 4 } }]);
  });

  it('uses the given finish reason', async () => {
    const parts = await partsOf({ text: 'cut of', finishReason: 'length' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: 'length' });
  });

  it('uses the model id given, or `scripted`', () => {
    expect(scriptedModel({ responses: [] }).modelId).toBe('scripted');
    expect(scriptedModel({ modelId: 'gpt-test', responses: [] }).modelId).toBe('gpt-test');
  });
});

describe('scriptedModel: reading', () => {
  it('gives the parts in order when next() is called again before the last call settled, and ends on return()', async () => {
    const iterator = scriptedModel({ chunkSize: 2, responses: ['abcdefgh'] }).stream(request)[Symbol.asyncIterator]();
    const first = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
    expect(first.map((result) => (result.value as ModelStreamPart & { text: string }).text)).toEqual(['ab', 'cd', 'ef']);
    const more = await Promise.all([iterator.next(), iterator.next()]);
    expect(more.map((result) => result.value?.type)).toEqual(['text-delta', 'finish']);
    const again = scriptedModel({ chunkSize: 2, responses: ['abcdefgh'] }).stream(request)[Symbol.asyncIterator]();
    await again.next();
    await again.next();
    expect(await again.return?.()).toEqual({ value: undefined, done: true });
    expect(await again.next()).toEqual({ value: undefined, done: true });
  });
});

describe('scriptedModel: timing', () => {
  it('delivers the first part after timeToFirstTokenMs and each later piece delayPerChunkMs after the one before', async () => {
    const model = scriptedModel({ timeToFirstTokenMs: 200, delayPerChunkMs: 10, responses: ['abcdefghij'] });
    const reading = timed(model.stream(request));
    await vi.runAllTimersAsync();
    expect(await reading).toEqual([
      [200, { type: 'text-delta', text: 'abcd' }],
      [210, { type: 'text-delta', text: 'efgh' }],
      [220, { type: 'text-delta', text: 'ij' }],
      [220, { type: 'finish', reason: 'stop', usage: expect.any(Object) }],
    ]);
  });

  it('lets a response override the model timing', async () => {
    const model = scriptedModel({
      timeToFirstTokenMs: 200,
      delayPerChunkMs: 10,
      responses: [{ text: 'abcdefgh', timeToFirstTokenMs: 50, delayPerChunkMs: 5 }],
    });
    const reading = timed(model.stream(request));
    await vi.runAllTimersAsync();
    expect((await reading).map(([at]) => at)).toEqual([50, 55, 55]);
  });

  it('waits timeToFirstTokenMs before the finish part of an answer without pieces', async () => {
    const reading = timed(scriptedModel({ timeToFirstTokenMs: 30, responses: [''] }).stream(request));
    await vi.runAllTimersAsync();
    expect((await reading).map(([at, part]) => [at, part.type])).toEqual([[30, 'finish']]);
  });

  it('sets no timer when there is no delay', async () => {
    const model = scriptedModel({ responses: ['abcdefgh'] });
    const reading = collect(model.stream(request));
    expect(vi.getTimerCount()).toBe(0);
    // Ends without the fake clock moving at all.
    expect(await reading).toHaveLength(3);
    expect(Date.now()).toBe(0);
  });

  it('starts the clock when the stream is first read', async () => {
    const model = scriptedModel({ timeToFirstTokenMs: 100, responses: ['ab'] });
    const stream = model.stream(request);
    await vi.advanceTimersByTimeAsync(500);
    const reading = timed(stream);
    await vi.runAllTimersAsync();
    expect((await reading).map(([at]) => at)).toEqual([600, 600]);
  });
});

describe('scriptedModel: stop sequences', () => {
  it('ends the text before the earliest stop sequence, with reason stop and usage of what was written', async () => {
    const parts = await partsOf(
      { text: '1. search("x")\n2. join()<END_OF_PLAN>\nThought: more', finishReason: 'length' },
      { ...request, stop: ['Thought:', '<END_OF_PLAN>', ''] },
    );
    expect(texts(parts).join('')).toBe('1. search("x")\n2. join()');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 4, completionTokens: 6, totalTokens: 10 } });
  });

  it('drops the tool calls after a stop sequence', async () => {
    const parts = await partsOf(
      { text: 'done. STOP ignored', toolCalls: [{ name: 'search', arguments: {} }] },
      { ...request, stop: ['STOP'] },
    );
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'text-delta', 'finish']);
    expect(texts(parts).join('')).toBe('done. ');
    expect(parts.at(-1)).toMatchObject({ reason: 'stop' });
  });

  it('leaves the text whole when no stop sequence occurs', async () => {
    expect(texts(await partsOf('abc', { ...request, stop: ['x'] }))).toEqual(['abc']);
  });
});

describe('scriptedModel: tool calls', () => {
  it('streams each call as a first delta with index, id and name, then its arguments in pieces', async () => {
    const parts = await partsOf({
      text: 'Hm.',
      toolCalls: [
        { name: 'search', arguments: { query: 'x' } },
        { name: 'math', arguments: '{"a":1}' },
      ],
    });
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hm.' },
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'search' },
      { type: 'tool-call-delta', index: 0, arguments: '{"qu' },
      { type: 'tool-call-delta', index: 0, arguments: 'ery"' },
      { type: 'tool-call-delta', index: 0, arguments: ':"x"' },
      { type: 'tool-call-delta', index: 0, arguments: '}' },
      { type: 'tool-call-delta', index: 1, id: 'call_1', name: 'math' },
      { type: 'tool-call-delta', index: 1, arguments: '{"a"' },
      { type: 'tool-call-delta', index: 1, arguments: ':1}' },
      // 3 + (6 + 13) + (4 + 7) = 33 characters written
      { type: 'finish', reason: 'tool-calls', usage: { promptTokens: 4, completionTokens: 9, totalTokens: 13 } },
    ]);
  });

  it('times tool-call deltas like text pieces', async () => {
    const model = scriptedModel({
      timeToFirstTokenMs: 100,
      delayPerChunkMs: 10,
      chunkSize: 8,
      responses: [{ toolCalls: [{ name: 'search', arguments: { query: 'x' } }] }],
    });
    const reading = timed(model.stream(request));
    await vi.runAllTimersAsync();
    expect((await reading).map(([at, part]) => [at, part.type === 'tool-call-delta' ? (part.name ?? part.arguments) : part.type])).toEqual([
      [100, 'search'],
      [110, '{"query"'],
      [120, ':"x"}'],
      [120, 'finish'],
    ]);
  });

  it('sends no argument piece for empty arguments, and keeps a given finish reason', async () => {
    const parts = await partsOf({ toolCalls: [{ name: 'join', arguments: '' }], finishReason: 'stop' });
    expect(parts).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'join' },
      { type: 'finish', reason: 'stop', usage: { promptTokens: 4, completionTokens: 1, totalTokens: 5 } },
    ]);
  });
});

describe('scriptedModel: usage', () => {
  it('estimates prompt tokens from all message contents at 4 characters a token, rounded up', async () => {
    const parts = await partsOf('abcde', {
      messages: [
        { role: 'system', content: 'You plan.' }, // 9
        { role: 'user', content: 'Go' }, // 2
      ],
    });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } });
  });

  it('keeps the fields given and estimates the others', async () => {
    expect((await partsOf({ text: 'abcd', usage: { promptTokens: 100 } })).at(-1)).toMatchObject({
      usage: { promptTokens: 100, completionTokens: 1, totalTokens: 101 },
    });
    expect((await partsOf({ text: 'abcd', usage: { completionTokens: 7, totalTokens: 50 } })).at(-1)).toMatchObject({
      usage: { promptTokens: 4, completionTokens: 7, totalTokens: 50 },
    });
  });
});

describe('scriptedModel: failures', () => {
  it('throws a ScriptedModelError where the first part would come, by default', async () => {
    const model = scriptedModel({ timeToFirstTokenMs: 100, responses: [{ text: 'abcdefgh', failure: { type: 'throw' } }] });
    const { error, at, parts } = await failureOf(model.stream(request));
    expect(parts).toEqual([]);
    expect(at).toBe(100);
    expect(ScriptedModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'scripted-failure', message: 'Scripted failure after 0 chunks' });
  });

  it('throws the given error after the given number of pieces, when the next piece would come', async () => {
    const boom = new Error('ECONNRESET');
    const model = scriptedModel({
      timeToFirstTokenMs: 100,
      delayPerChunkMs: 10,
      responses: [{ text: 'abcdefghijkl', failure: { type: 'throw', error: boom, afterChunks: 2 } }],
    });
    const { error, at, parts } = await failureOf(model.stream(request));
    expect(texts(parts)).toEqual(['abcd', 'efgh']);
    expect(error).toBe(boom);
    expect(at).toBe(120);
  });

  it('ends without a finish part when cut', async () => {
    const model = scriptedModel({ delayPerChunkMs: 10, responses: [{ text: 'abcdefghijkl', failure: { type: 'cut', afterChunks: 1 } }] });
    const reading = timed(model.stream(request));
    await vi.runAllTimersAsync();
    expect(await reading).toEqual([[0, { type: 'text-delta', text: 'abcd' }]]);
    expect(Date.now()).toBe(10);
  });

  it('counts tool-call deltas as pieces, and fails in place of the finish part when afterChunks is past the end', async () => {
    const cut = await partsOf({ toolCalls: [{ name: 'search', arguments: '{}' }], failure: { type: 'cut', afterChunks: 1 } });
    expect(cut).toEqual([{ type: 'tool-call-delta', index: 0, id: 'call_0', name: 'search' }]);
    const { error, parts } = await failureOf(
      scriptedModel({ responses: [{ text: 'ab', failure: { type: 'throw', error: 'late', afterChunks: 99 } }] }).stream(request),
    );
    expect(parts).toEqual([{ type: 'text-delta', text: 'ab' }]);
    expect(error).toBe('late');
  });
});

describe('scriptedModel: a hang', () => {
  it('stops after afterChunks pieces and never yields, ends or throws again, ignoring the signal and return()', async () => {
    const controller = new AbortController();
    const model = scriptedModel({ delayPerChunkMs: 10, responses: [{ text: 'abcdefgh', failure: { type: 'hang', afterChunks: 1 } }] });
    const iterator = model.stream({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'text-delta', text: 'abcd' } });
    let settled = false;
    const mark = (): void => {
      settled = true;
    };
    iterator.next().then(mark, mark);
    await vi.advanceTimersByTimeAsync(10_000);
    controller.abort(new Error('stop'));
    iterator.return?.().then(mark, mark);
    await vi.runAllTimersAsync();
    expect(settled).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('needs afterChunks', () => {
    expect(() => scriptedModel({ responses: [{ failure: { type: 'hang' } as never }] })).toThrow(
      'Expected `failure.afterChunks` of `responses[0]` of scripted model `scripted` to be a non-negative integer, got `undefined`',
    );
    expect(() => scriptedModel({ responses: [{ failure: { type: 'stall' } as never }] })).toThrow(
      "Expected `failure` of `responses[0]` of scripted model `scripted` to be `{ type: 'throw', error?, afterChunks? }`, `{ type: 'cut', afterChunks }` or `{ type: 'hang', afterChunks }`, got an object with keys type",
    );
  });
});

describe('scriptedModel: abort', () => {
  it('throws the signal reason while waiting for the first part, and clears the timer', async () => {
    const controller = new AbortController();
    const model = scriptedModel({ timeToFirstTokenMs: 1000, responses: ['abc'] });
    const reading = collect(model.stream({ ...request, signal: controller.signal })).catch((error: unknown) => [Date.now(), error]);
    await vi.advanceTimersByTimeAsync(300);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('user cancelled');
    controller.abort(reason);
    expect(await reading).toEqual([300, reason]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('throws the signal reason between pieces, and clears the timer', async () => {
    const controller = new AbortController();
    const model = scriptedModel({ delayPerChunkMs: 50, responses: ['abcdefghijkl'] });
    const iterator = model.stream({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'text-delta', text: 'abcd' } });
    const next = iterator.next();
    const settled = next.catch((error: unknown) => [Date.now(), error]);
    await vi.advanceTimersByTimeAsync(20);
    controller.abort('stop');
    expect(await settled).toEqual([20, 'stop']);
    expect(vi.getTimerCount()).toBe(0);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('throws the signal reason on the next part when it aborts while the consumer holds a part, without delays', async () => {
    const controller = new AbortController();
    const model = scriptedModel({ responses: ['abcdefgh'] });
    const parts: ModelStreamPart[] = [];
    const reading = (async () => {
      for await (const part of model.stream({ ...request, signal: controller.signal })) {
        parts.push(part);
        controller.abort('enough');
      }
    })();
    await expect(reading).rejects.toBe('enough');
    expect(parts).toHaveLength(1);
  });

  it('throws at once for a signal aborted before the stream is read', async () => {
    const model = scriptedModel({ timeToFirstTokenMs: 100, responses: ['abc'] });
    await expect(collect(model.stream({ ...request, signal: AbortSignal.abort('early') }))).rejects.toBe('early');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('throws the signal reason while an async responder is still answering', async () => {
    const controller = new AbortController();
    const model = scriptedModel({ responses: () => new Promise(() => {}) });
    const reading = collect(model.stream({ ...request, signal: controller.signal }));
    controller.abort('gave up');
    await expect(reading).rejects.toBe('gave up');
  });
});

describe('scriptedModel: responses', () => {
  it('asks a responder function for each answer, with the request and the call index', async () => {
    const responder = vi.fn((req: ModelRequest, callIndex: number) =>
      Promise.resolve(`call ${callIndex}: ${req.messages[0]?.content ?? ''}`),
    );
    const model = scriptedModel({ chunkSize: 100, responses: responder });
    expect(texts(await collect(model.stream({ messages: [{ role: 'user', content: 'a' }] })))).toEqual(['call 0: a']);
    expect(texts(await collect(model.stream({ messages: [{ role: 'user', content: 'b' }] })))).toEqual(['call 1: b']);
    expect(responder).toHaveBeenCalledTimes(2);
  });

  it('records every request in the order of the stream() calls, read or not', () => {
    const model = scriptedModel({ responses: ['a', 'b'] });
    const first: ModelRequest = { messages: [], stop: ['x'] };
    const second: ModelRequest = { messages: [], temperature: 0 };
    model.stream(first);
    model.stream(second);
    expect(model.requests).toEqual([first, second]);
    expect(model.requests[0]).toBe(first);
  });

  it('fails a call beyond the responses with an out-of-responses error naming how many there are', async () => {
    const model = scriptedModel({ responses: ['a', 'b'] });
    await collect(model.stream(request));
    await collect(model.stream(request));
    const error: unknown = await collect(model.stream(request)).catch((caught: unknown) => caught);
    expect(ScriptedModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'out-of-responses',
      callIndex: 2,
      message:
        'Scripted model `scripted` has 2 responses but was called a 3rd time (callIndex 2); add a response for it, or pass a function as `responses`',
    });
  });

  it('answers from a copy of the array', async () => {
    const responses = ['a'];
    const model = scriptedModel({ responses });
    responses[0] = 'changed';
    expect(texts(await collect(model.stream(request)))).toEqual(['a']);
  });

  it('refuses malformed options and array responses when the model is made', () => {
    const made = (options: unknown) => () => scriptedModel(options as ScriptedModelOptions);
    expect(made({ responses: 'hi' })).toThrow(
      'Expected `responses` of scripted model `scripted` to be an array of responses or a function, got `"hi"` (string)',
    );
    expect(made({ responses: [], chunkSize: 0 })).toThrow(
      'Expected `chunkSize` of scripted model `scripted` to be an integer from 1 and up, got `0` (number)',
    );
    expect(made({ responses: [], delay: 5 })).toThrow('got `delay`');
    expect(made({ responses: ['ok', { text: 'x', toolcalls: [] }] })).toThrow(
      /^Expected `responses\[1\]` of scripted model `scripted` to have only the keys text, .*, got `toolcalls`$/,
    );
    expect(made({ responses: [{ failure: { type: 'cut' } }] })).toThrow(
      'Expected `failure.afterChunks` of `responses[0]` of scripted model `scripted` to be a non-negative integer, got `undefined`',
    );
    expect(made({ responses: [{ toolCalls: [{ name: 'x', arguments: 3 }] }] })).toThrow('`toolCalls[0].arguments`');
    expect(made({ responses: [{ finishReason: 'done' }] })).toThrow('`finishReason`');
    expect(made({ responses: [{ usage: { promptTokens: -1 } }] })).toThrow('`usage.promptTokens`');
    expect(made({ responses: [{ delayPerChunkMs: Infinity }] })).toThrow('`delayPerChunkMs`');
    let caught: unknown;
    try {
      made({ responses: 1 })();
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'ScriptedModelError', code: 'invalid-options', callIndex: undefined });
  });

  it('fails the stream with the error a responder throws', async () => {
    const model = scriptedModel({
      responses: () => {
        throw new Error('no answer scripted for this prompt');
      },
    });
    await expect(collect(model.stream(request))).rejects.toThrow('no answer scripted for this prompt');
  });

  it('fails the stream when a responder answers with a malformed response', async () => {
    const model = scriptedModel({ responses: () => ({ text: 5 }) as never });
    const error: unknown = await collect(model.stream(request)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'invalid-response',
      callIndex: 0,
      message: 'Expected `text` of the response of scripted model `scripted` to call 0 to be a string, got `5` (number)',
    });
  });
});
