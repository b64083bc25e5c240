// Calls that get no response, over real sockets on 127.0.0.1: the error names the URL, the network error
// and the retries, and keeps the SDK's cause chain.
import { createServer } from 'node:net';
import { startFakeOpenAI, type FakeOpenAIServer } from '@llmcompiler/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelCallError, ModelConfigError, openai } from '../src/index.js';
import { clearOpenAIEnv, collect, rejection } from './scripted-fetch.js';

const request = { messages: [{ role: 'user' as const, content: 'Hi' }] };
let server: FakeOpenAIServer | undefined;

beforeEach(() => clearOpenAIEnv(vi.stubEnv));

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A port on 127.0.0.1 where nothing listens: bound by a server that is then closed. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve, reject) => probe.close((error) => (error ? reject(error) : resolve())));
  return port;
}

describe('a server that is down', () => {
  it('fails with the URL, ECONNREFUSED and the retries in the message, the cause chain kept', async () => {
    const port = await freePort();
    let attempts = 0;
    const model = openai('local', {
      baseURL: `http://127.0.0.1:${port}/v1`,
      apiKey: 'none',
      maxRetries: 2,
      fetch: (url, init) => {
        attempts++;
        return fetch(url, init);
      },
    });
    const error = (await rejection(collect(model.stream(request)))) as ModelCallError;
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error.message).toBe(`Could not connect to http://127.0.0.1:${port}/v1/chat/completions: ECONNREFUSED (after 2 retries)`);
    expect(error).toMatchObject({
      status: undefined,
      code: 'ECONNREFUSED',
      url: `http://127.0.0.1:${port}/v1/chat/completions`,
      retries: 2,
      providerMessage: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
    expect(attempts).toBe(3);
    // The SDK's APIConnectionError, then fetch's TypeError, then the socket's error.
    const sdkError = error.cause as Error;
    expect(sdkError.constructor.name).toBe('APIConnectionError');
    expect(sdkError.cause).toBeInstanceOf(TypeError);
    expect((sdkError.cause as Error).cause).toMatchObject({ code: 'ECONNREFUSED', port });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ url: `http://127.0.0.1:${port}/v1/chat/completions`, retries: 2, code: 'ECONNREFUSED' });
  }, 10_000);

  it('names the /responses URL for the Responses API', async () => {
    const port = await freePort();
    const model = openai('local', { api: 'responses', baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'none', maxRetries: 0 });
    const error = (await rejection(collect(model.stream(request)))) as ModelCallError;
    expect(error.message).toBe(`Could not connect to http://127.0.0.1:${port}/v1/responses: ECONNREFUSED (no retries)`);
    expect(error).toMatchObject({ status: undefined, code: 'ECONNREFUSED', url: `http://127.0.0.1:${port}/v1/responses`, retries: 0 });
  });

  it('says when there were no retries', async () => {
    const port = await freePort();
    const model = openai('local', { baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'none', maxRetries: 0 });
    const error = (await rejection(collect(model.stream(request)))) as Error;
    expect(error.message).toBe(`Could not connect to http://127.0.0.1:${port}/v1/chat/completions: ECONNREFUSED (no retries)`);
  });
});

describe('a server that never answers', () => {
  it('fails after `timeout` with the URL and the time waited', async () => {
    server = await startFakeOpenAI({ responses: [{ fault: { type: 'hang' } }] });
    const model = openai('local', { baseURL: server.url, apiKey: 'none', maxRetries: 0, timeout: 100 });
    const error = (await rejection(collect(model.stream(request)))) as ModelCallError;
    expect(error.message).toBe(`No response from ${server.url}/chat/completions within 100 ms (no retries)`);
    expect(error).toMatchObject({ status: undefined, retries: 0, url: `${server.url}/chat/completions` });
    expect((error.cause as Error).constructor.name).toBe('APIConnectionTimeoutError');
  });
});

describe('a malformed base URL', () => {
  it('is refused when the model is created, not after a round of retries', async () => {
    const port = await freePort();
    expect(() => openai('local', { baseURL: `localhost:${port}`, apiKey: 'none' })).toThrow(ModelConfigError);
    vi.stubEnv('OPENAI_BASE_URL', `127.0.0.1:${port}/v1`);
    expect(() => openai('local', { apiKey: 'none' })).toThrow(
      `it comes from the OPENAI_BASE_URL environment variable, and has no scheme: did you mean \`http://127.0.0.1:${port}/v1\`?`,
    );
  });
});
