import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer, Responder } from './answer.js';
import { ChatExchange, type ExchangeSettings, type MutableRecord, type RecordedRequest } from './chat-exchange.js';
import { serveMessages } from './anthropic/serve-messages.js';
import { checkChatRequest, type ChatRequestProblem } from './chat-request.js';
import { describeValue } from './describe-value.js';
import { echoResponder } from './echo-responder.js';
import { chatCompletionsWire, type ExchangeWire } from './exchange-wire.js';
import { instantLatency, mergeLatency, type LatencyModel } from './latency-model.js';
import { readResponsesRequest } from './responses-endpoint.js';
import { errorObject } from './wire-format.js';

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /**
   * Decides each answer. Give this or `responses`, not both.
   * @default echoResponder (the last user message)
   */
  readonly responder?: Responder;
  /**
   * The answers, in order: the first request gets `responses[0]`, and so on. A request beyond the list
   * gets a 500 saying so (with `x-should-retry: false`, so the `openai` client does not retry it).
   */
  readonly responses?: readonly Answer[];
  /**
   * The latency of every answer; an answer's own `latency` overrides it field by field.
   * @default instantLatency (no delay at all)
   */
  readonly latency?: Partial<LatencyModel>;
  /**
   * Tokens per streamed chunk.
   * @default 1
   */
  readonly tokensPerChunk?: number;
  /**
   * The port to listen on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /**
   * The models `GET /v1/models` lists. Chat requests may name any model.
   * @default ['fake-model']
   */
  readonly models?: readonly string[];
}

/** A running fake server. */
export interface FakeOpenAIServer {
  /** The base URL for clients, e.g. `http://127.0.0.1:54321/v1` (the `openai` client's `baseURL`). */
  readonly url: string;
  readonly port: number;
  /** Every chat request received, in arrival order (`requests[i].callIndex === i`), updated as it goes. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Stops listening and ends every open request and connection (open streams are cut, responders' signals
   * abort, timers are cleared). Resolves once the server is closed; calling it again gives the same promise.
   */
  close(): Promise<void>;
}

/**
 * Starts an OpenAI-compatible chat completions server on 127.0.0.1, with scripted answers, a latency model
 * and injected faults. An idle keep-alive connection stays open until the client ends it (or `close()`), as
 * on a hosted endpoint, so a client's connection pool never reuses one the server is closing.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { startFakeOpenAI } from '@llmcompiler/testing';
 *
 * const server = await startFakeOpenAI({ responses: ['Hello!', { fault: { type: 'status', status: 429 } }] });
 * const client = new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
 * const completion = await client.chat.completions.create({
 *   model: 'fake-model',
 *   messages: [{ role: 'user', content: 'Hi' }],
 * });
 * completion.choices[0]?.message.content; // 'Hello!'
 * await server.close();
 * ```
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const settings = checkOptions(options);
  const requests: MutableRecord[] = [];
  const open = new Set<{ close(): void }>();
  let closing: Promise<void> | undefined;

  const server = createServer((request, response) => {
    void route(request, response);
  });
  // Idle keep-alive connections are the client's to close. Node's default closes them after 5 s (6 s in Node
  // 20, which adds a second of grace), while a client's pool (undici, which `fetch` and the `openai` client
  // use) drops them by its own timer after the `Keep-Alive: timeout=5` it was sent, less a second: a client
  // whose event loop runs late by a second or two (a loaded machine, thousands of runs at once) writes its
  // next request on a connection the server is closing at that moment, and the request fails with
  // ECONNRESET or "other side closed", not retried (a POST is not idempotent). Hosted endpoints keep idle
  // connections far longer than clients do; with no timeout here only the client ends them, and `close()`
  // still ends them all.
  server.keepAliveTimeout = 0;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A socket error (the client went away) must never become an unhandled 'error' event.
    response.on('error', () => {});
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const target = `${request.method ?? 'GET'} ${pathname}`;
    if (target === 'POST /v1/chat/completions') return chat(request, response, readChatRequest);
    if (target === 'POST /v1/responses') return chat(request, response, readResponsesRequest);
    if (target === 'POST /v1/messages') {
      const context = { requests, open, settings: settings.exchange, closing: () => closing !== undefined, headers: requestHeaders(request) };
      return serveMessages(request, response, context);
    }
    if (target === 'GET /v1/models') {
      return sendJson(response, 200, { object: 'list', data: settings.models.map(modelObject) });
    }
    const model = /^GET \/v1\/models\/([^/]+)$/.exec(target)?.[1];
    if (model !== undefined) {
      const id = decodeURIComponent(model);
      return settings.models.includes(id)
        ? sendJson(response, 200, modelObject(id))
        : sendJson(
            response,
            404,
            errorObject(`The model '${id}' does not exist`, 'invalid_request_error', { param: 'model', code: 'model_not_found' }),
          );
    }
    sendJson(response, 404, errorObject(`Invalid URL (${target})`, 'invalid_request_error'));
  }

  /** A request to an endpoint that answers: `read` checks its body and says how to write the answer. */
  async function chat(request: IncomingMessage, response: ServerResponse, read: ReadRequest): Promise<void> {
    let text: string;
    try {
      text = await readBody(request);
    } catch {
      return; // The client went away while sending.
    }
    // The body may finish arriving as close() runs: such a request is not started.
    if (closing !== undefined || response.destroyed) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return sendJson(
        response,
        400,
        errorObject(`We could not parse the JSON body of your request: ${(error as Error).message}`, 'invalid_request_error'),
      );
    }
    const checked = read(body);
    if ('problem' in checked) {
      return sendJson(response, 400, errorObject(checked.problem.message, 'invalid_request_error', { param: checked.problem.param }));
    }
    const record: MutableRecord = {
      callIndex: requests.length,
      ...checked.record,
      headers: requestHeaders(request),
      receivedAt: Date.now(),
      aborted: false,
    };
    requests.push(record);
    const exchange = new ChatExchange(response, record, settings.exchange, () => open.delete(exchange), checked.wire);
    open.add(exchange);
    await exchange.run();
  }

  const { port, host } = settings;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}/v1`,
    port: address.port,
    requests,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const exchange of open) exchange.close();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * Reads the parsed body of a request to an endpoint that answers: the fields of its record (the body as a
 * chat request, as responders see it, and the path), and the wire format its answer is written in.
 */
export type ReadRequest = (
  body: unknown,
) =>
  | { readonly record: Pick<RecordedRequest, 'body' | 'path' | 'responsesBody'>; readonly wire: ExchangeWire }
  | { readonly problem: ChatRequestProblem };

const readChatRequest: ReadRequest = (body) => {
  const checked = checkChatRequest(body);
  if ('problem' in checked) return checked;
  return { record: { body: checked.request, path: '/v1/chat/completions' }, wire: chatCompletionsWire(checked.request) };
};

interface Settings {
  readonly exchange: ExchangeSettings;
  readonly port: number;
  readonly host: string;
  readonly models: readonly string[];
}

function checkOptions(options: FakeOpenAIOptions): Settings {
  const { responder, responses, tokensPerChunk = 1, port = 0, host = '127.0.0.1', models = ['fake-model'] } = options;
  if (responder !== undefined && responses !== undefined) {
    throw new TypeError('Expected either `responder` or `responses`, got both');
  }
  if (responder !== undefined && typeof responder !== 'function') {
    throw new TypeError(`Expected \`responder\` to be a function, got ${describeValue(responder)}`);
  }
  if (responses !== undefined && !Array.isArray(responses)) {
    throw new TypeError(`Expected \`responses\` to be an array, got ${describeValue(responses)}`);
  }
  if (!(Number.isInteger(tokensPerChunk) && tokensPerChunk >= 1)) {
    throw new TypeError(`Expected \`tokensPerChunk\` to be an integer from 1 and up, got ${describeValue(tokensPerChunk)}`);
  }
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new TypeError(`Expected \`port\` to be an integer from 0 to 65535, got ${describeValue(port)}`);
  }
  if (typeof host !== 'string' || host === '') {
    throw new TypeError(`Expected \`host\` to be a non-empty string, got ${describeValue(host)}`);
  }
  if (!Array.isArray(models) || !models.every((model) => typeof model === 'string' && model !== '')) {
    throw new TypeError(`Expected \`models\` to be an array of non-empty strings, got ${describeValue(models)}`);
  }
  const latency = mergeLatency(instantLatency, options.latency, 'latency');

  const answer: ExchangeSettings['answer'] =
    responses === undefined
      ? async (request, context) => {
          try {
            return await (responder ?? echoResponder)(request, context);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new Error(`The responder threw on call #${context.callIndex}: ${message}`, { cause: error });
          }
        }
      : async (_request, { callIndex }) => {
          if (callIndex < responses.length) return responses[callIndex];
          throw new Error(
            `No answer for call #${callIndex}: \`responses\` holds ${responses.length} answer${responses.length === 1 ? '' : 's'}. ` +
              'Add answers, or pass a `responder`.',
          );
        };
  return { exchange: { latency, tokensPerChunk, answer }, port, host, models };
}

function modelObject(id: string) {
  return { id, object: 'model', created: 0, owned_by: 'llmcompiler-testing' };
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The request's headers by lower-case name; repeated ones joined with `, `, as `fetch`'s `Headers` do. */
function requestHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headersDistinct)) {
    if (value !== undefined) headers[name] = value.join(', ');
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
