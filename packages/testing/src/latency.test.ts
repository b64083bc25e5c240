// The latency model on the wire, on vitest's fake clock: every time below is exact.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from './answer.js';
import type { ChatRequest } from './chat-request.js';
import { countPromptTokens } from './count-tokens.js';
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from './start-fake-openai.js';
import { chatBody, collectEvents, countingResponder, openRequest, readText } from './test-helpers.js';

let server: FakeOpenAIServer | undefined;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/** Starts a server answering `answers(callIndex)`; `arrived(n)` waits until it has read n requests. */
async function start(answers: (callIndex: number) => Answer, options: FakeOpenAIOptions = {}) {
  const { responder, arrived } = countingResponder(answers);
  server = await startFakeOpenAI({ responder, ...options });
  return { arrived };
}

const latency = { timeToFirstTokenMs: 1_000, outputTokensPerSecond: 10, promptTokensPerSecond: 100 };
const streamBody = chatBody({ stream: true });
const jsonBody = chatBody();
// The prompt is read at 100 tokens a second: 10 ms per prompt token before the first token.
const promptMs = (body: Record<string, unknown>) => countPromptTokens(body as unknown as ChatRequest) * 10;

describe('the latency model', () => {
  it('writes the first chunk after the time to first token plus the prompt, then one token per 1/tps', async () => {
    await start(() => 'one two three', { latency });
    const response = await openRequest(server!, streamBody).response;
    const startedAt = Date.now();
    const { events, until, ended } = collectEvents(response);
    const record = server!.requests[0]!;
    const firstToken = 1_000 + promptMs(streamBody);

    await vi.advanceTimersByTimeAsync(firstToken - 1);
    expect(record.firstTokenAt).toBeUndefined();
    expect(events).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(1);
    await until(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(record.finishedAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await until(3);
    await vi.advanceTimersByTimeAsync(100);
    await until(6);
    await ended;

    const delta = (value: object) => expect.objectContaining({ choices: [expect.objectContaining(value)] }) as unknown;
    expect(events.map(({ at, data }) => [at - startedAt, data])).toEqual([
      [firstToken, delta({ delta: { role: 'assistant', content: '', refusal: null } })],
      [firstToken, delta({ delta: { content: 'one' } })],
      [firstToken + 100, delta({ delta: { content: ' two' } })],
      [firstToken + 200, delta({ delta: { content: ' three' } })],
      [firstToken + 200, delta({ finish_reason: 'stop' })],
      [firstToken + 200, '[DONE]'],
    ]);
    expect(record.firstTokenAt! - record.receivedAt).toBe(firstToken);
    expect(record.finishedAt! - record.receivedAt).toBe(firstToken + 200);
  });

  it('writes a chunk when its last token is ready with tokensPerChunk', async () => {
    await start(() => 'one two three', { latency, tokensPerChunk: 2 });
    const response = await openRequest(server!, streamBody).response;
    const startedAt = Date.now();
    const { events, until } = collectEvents(response);
    const firstToken = 1_000 + promptMs(streamBody);
    await vi.advanceTimersByTimeAsync(firstToken);
    await until(1);
    await vi.advanceTimersByTimeAsync(100);
    await until(2);
    await vi.advanceTimersByTimeAsync(100);
    await until(5);
    expect(events.slice(0, 3).map(({ at }) => at - startedAt)).toEqual([firstToken, firstToken + 100, firstToken + 200]);
  });

  it('answers a JSON request once the last token is ready', async () => {
    const { arrived } = await start(() => 'one two three', { latency });
    const { response } = openRequest(server!, jsonBody);
    await arrived(1);
    const startedAt = Date.now();
    const record = server!.requests[0]!;
    const total = 1_000 + promptMs(jsonBody) + 200;
    await vi.advanceTimersByTimeAsync(total - 1);
    expect(record.finishedAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    const json = JSON.parse(await readText(await response)) as { choices: { message: { content: string } }[] };
    expect(Date.now() - startedAt).toBe(total);
    expect(json.choices[0]?.message.content).toBe('one two three');
    expect(record.finishedAt! - record.receivedAt).toBe(total);
  });

  it("lets an answer's latency override the server's, field by field", async () => {
    await start(() => ({ content: 'one two', latency: { timeToFirstTokenMs: 10, promptTokensPerSecond: Number.POSITIVE_INFINITY } }), {
      latency,
    });
    const response = await openRequest(server!, streamBody).response;
    const { until } = collectEvents(response);
    await vi.advanceTimersByTimeAsync(110);
    await until(5);
    const record = server!.requests[0]!;
    expect(record.firstTokenAt! - record.receivedAt).toBe(10);
    expect(record.finishedAt! - record.receivedAt).toBe(110);
  });

  it('runs concurrent requests on their own timelines', async () => {
    const { arrived } = await start((callIndex) => ({
      content: 'x',
      latency: { timeToFirstTokenMs: callIndex === 0 ? 300 : 100 },
    }));
    const slow = openRequest(server!, jsonBody);
    await arrived(1);
    const fast = openRequest(server!, jsonBody);
    await arrived(2);
    const order: string[] = [];
    const done = Promise.all([
      slow.response.then(readText).then(() => order.push('slow')),
      fast.response.then(readText).then(() => order.push('fast')),
    ]);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(200);
    await done;
    expect(order).toEqual(['fast', 'slow']);
    const [first, second] = server!.requests;
    expect(first!.finishedAt! - first!.receivedAt).toBe(300);
    expect(second!.finishedAt! - second!.receivedAt).toBe(100);
  });
});
