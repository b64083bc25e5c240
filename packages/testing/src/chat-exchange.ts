import type { ServerResponse } from 'node:http';
import { normalizeAnswer, type ErrorEventFault, type NormalizedAnswer, type ResponderContext, type StatusFault } from './answer.js';
import { buildCompletion, type Completion } from './build-completion.js';
import type { MessagesRequest } from './anthropic/messages-request.js';
import type { ChatRequest } from './chat-request.js';
import { countPromptTokens } from './count-tokens.js';
import { computeTokenDelay, mergeLatency, type LatencyModel } from './latency-model.js';
import type { ErrorBody, ExchangeWire, WrittenAnswer } from './exchange-wire.js';
import type { ResponsesRequest } from './responses-request.js';

/** One chat request the server received, and what became of it. */
export interface RecordedRequest {
  /** The request's position among the chat requests this server received, from 0. */
  readonly callIndex: number;
  /**
   * The JSON body as the client sent it. For `POST /v1/responses` and for Anthropic's Messages API
   * (`POST /v1/messages`), the request read as the equivalent chat request, as responders see it (the body as
   * sent is in `responsesBody` or `anthropic`).
   */
  readonly body: ChatRequest;
  /** The path the request was sent to. */
  readonly path: '/v1/chat/completions' | '/v1/responses' | '/v1/messages';
  /** The JSON body of a `POST /v1/responses` request, as the client sent it. */
  readonly responsesBody?: ResponsesRequest;
  /** The JSON body of a request to Anthropic's Messages API (`POST /v1/messages`), as the client sent it. */
  readonly anthropic?: MessagesRequest;
  /** The request's headers, names in lower case (repeated headers joined with `, `), e.g. `authorization`. */
  readonly headers: Readonly<Record<string, string>>;
  /** `Date.now()` when the whole body had arrived. */
  readonly receivedAt: number;
  /** The HTTP status, once the headers are sent. */
  readonly status?: number;
  /** `Date.now()` when the answer started: a stream's first chunk, or a JSON answer as a whole. */
  readonly firstTokenAt?: number;
  /** `Date.now()` when the server ended the response: the last byte, a `cut`, or `close()`. */
  readonly finishedAt?: number;
  /** Whether the client went away before the response ended. */
  readonly aborted: boolean;
  /** `Date.now()` when the client went away. */
  readonly abortedAt?: number;
  /** Why the server answered 500: the responder threw, returned an invalid answer, or `responses` ran out. */
  readonly error?: string;
  /** The tokens of the prompt and of the answer (after stop sequences and limits), once the answer is decided. */
  readonly usage?: { readonly promptTokens: number; readonly completionTokens: number };
}

/** A {@link RecordedRequest} the exchange fills in. */
export type MutableRecord = { -readonly [Field in keyof RecordedRequest]: RecordedRequest[Field] };

/** An answer ready to be written, with its timeline. */
interface AnswerToWrite extends WrittenAnswer {
  /** `Date.now()` at which `tokens` completion tokens are ready. */
  readonly readyAt: (tokens: number) => number;
}

/** What every exchange of one server shares. */
export interface ExchangeSettings {
  readonly latency: LatencyModel;
  readonly tokensPerChunk: number;
  /** Gives the raw answer for a request, or rejects with the message for the 500 to send. */
  readonly answer: (request: ChatRequest, context: ResponderContext) => Promise<unknown>;
}

/**
 * The life of one chat request: ask for the answer (the request read as a chat completions request,
 * `record.body`), then write it in the wire's format (JSON, or server-sent events on the latency model's
 * timeline), or inject its fault. It ends exactly once: written, cut, client gone, or server closed;
 * then its timer is cleared, and if the client went away or the server closed, the responder's signal aborts.
 */
export class ChatExchange {
  readonly record: MutableRecord;
  readonly #response: ServerResponse;
  readonly #settings: ExchangeSettings;
  readonly #wire: ExchangeWire;
  readonly #onEnd: () => void;
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;

  /** `wire`: how the answer and the errors are written (chat completions, the Responses API, Anthropic's Messages API). */
  constructor(response: ServerResponse, record: MutableRecord, settings: ExchangeSettings, onEnd: () => void, wire: ExchangeWire) {
    this.#response = response;
    this.record = record;
    this.#settings = settings;
    this.#wire = wire;
    this.#onEnd = onEnd;
    response.on('close', () => {
      if (this.#ended) return;
      this.record.aborted = true;
      this.record.abortedAt = Date.now();
      this.#end(new DOMException('The client closed the connection.', 'AbortError'));
    });
  }

  /** Asks for the answer and writes it. */
  async run(): Promise<void> {
    const decided = await this.#decide();
    if (decided === undefined) return;
    const { answer, latency } = decided;
    if (answer.fault?.type === 'status') return this.#sendFault(answer.fault);
    if (answer.fault?.type === 'disconnect') {
      this.#finish();
      this.#response.destroy();
      return;
    }

    const { body, callIndex } = this.record;
    const promptTokens = countPromptTokens(body);
    const start = Date.now();
    const completion = buildCompletion(answer, body);
    this.record.usage = { promptTokens, completionTokens: completion.completionTokens };
    const toWrite: AnswerToWrite = {
      answer,
      completion,
      promptTokens,
      meta: { id: this.#wire.responseId(callIndex), created: Math.floor(start / 1000), model: body.model },
      readyAt: (tokens) => start + computeTokenDelay(latency, { promptTokens, tokens }),
    };
    if (body.stream === true) this.#writeStream(toWrite);
    else this.#writeJson(toWrite);
  }

  /** The checked answer and its latency, or `undefined` once a 500 is sent or the exchange has ended. */
  async #decide(): Promise<{ answer: NormalizedAnswer; latency: LatencyModel } | undefined> {
    const { callIndex, body } = this.record;
    let message: string;
    try {
      const raw = await this.#settings.answer(body, { callIndex, signal: this.#controller.signal });
      if (this.#ended) return undefined;
      try {
        const answer = normalizeAnswer(raw, callIndex);
        return { answer, latency: mergeLatency(this.#settings.latency, answer.latency, 'answer.latency') };
      } catch (error) {
        message = `Invalid answer for call #${callIndex}: ${(error as Error).message}`;
      }
    } catch (error) {
      if (this.#ended) return undefined;
      message = error instanceof Error ? error.message : String(error);
    }
    this.record.error = message;
    // `x-should-retry: false`: neither the OpenAI SDK nor the Anthropic one (nor the AI SDK's retries) retry it.
    this.#sendJson(500, this.#wire.serverErrorBody(message, this.#requestId()), { 'x-should-retry': 'false' });
    return undefined;
  }

  /** The whole answer (a `chat.completion`, a `response`) once its last token is ready (or the cut, or nothing for a hang). */
  #writeJson(toWrite: AnswerToWrite): void {
    const { answer: { fault }, completion, readyAt } = toWrite;
    if (fault?.type === 'hang') return;
    const cutAfter = fault !== undefined && 'afterTokens' in fault && fault.afterTokens !== undefined ? fault.afterTokens : Number.POSITIVE_INFINITY;
    this.#runAt(readyAt(Math.min(cutAfter, completion.completionTokens)), () => {
      if (fault?.type === 'cut') return this.#cut();
      if (fault?.type === 'error-event') return this.#sendJson(500, this.#errorEventBody(fault), this.#echoed(fault.echoHeaders));
      this.record.firstTokenAt = Date.now();
      const text = JSON.stringify(this.#wire.json(toWrite));
      const broken = fault?.type === 'malformed' || fault?.type === 'truncate';
      this.#writeHead(200, { 'content-type': 'application/json' });
      this.#finish();
      this.#response.end(broken ? text.slice(0, Math.floor(text.length / 2)) : text);
    });
  }

  /** SSE: the headers at once, each event when its last token is ready, then the end (finish, usage, `[DONE]`). */
  #writeStream(toWrite: AnswerToWrite): void {
    const { answer, readyAt } = toWrite;
    const { fault } = answer;
    // Every fault left here but `length` (already in the completion) stops the stream after some tokens.
    const stopAfter = fault !== undefined && fault.type !== 'length' && 'afterTokens' in fault ? fault.afterTokens : undefined;
    if (fault?.type === 'hang' && stopAfter === undefined) return;
    const plan = this.#wire.stream(toWrite, {
      tokensPerChunk: answer.tokensPerChunk ?? this.#settings.tokensPerChunk,
      ...(stopAfter === undefined ? {} : { afterTokens: stopAfter }),
    });
    this.#writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...(fault?.type === 'error-event' ? this.#echoed(fault.echoHeaders) : {}),
    });
    this.#response.flushHeaders();
    if (plan.start !== undefined) this.#response.write(plan.start);
    let next = 0;
    // A loop, not a chain of callbacks: events that are already due go out at once, without a timer.
    const pump = (): void => {
      this.#timer = undefined;
      for (let event = plan.events[next]; event !== undefined; event = plan.events[next]) {
        const wait = readyAt(event.tokensSoFar) - Date.now();
        if (wait > 0) {
          this.#timer = setTimeout(pump, wait);
          return;
        }
        this.record.firstTokenAt ??= Date.now();
        this.#response.write(event.text);
        next++;
      }
      if (fault?.type === 'cut') return this.#cut();
      if (fault?.type === 'hang') return;
      if (fault?.type === 'malformed') this.#response.write(plan.malformed);
      if (fault?.type === 'error-event') this.#response.write(plan.errorEvent(this.#errorEventBody(fault)));
      if (fault === undefined || fault.type === 'length') this.#response.write(plan.end);
      this.#finish();
      this.#response.end();
    };
    pump();
  }

  /** Ends the exchange because the server is closing: its socket is destroyed. */
  close(): void {
    if (this.#ended) return;
    this.record.finishedAt = Date.now();
    this.#end(new DOMException('The fake OpenAI server was closed.', 'AbortError'));
    this.#response.destroy();
  }

  #runAt(time: number, action: () => void): void {
    const wait = time - Date.now();
    if (wait <= 0) return action();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      action();
    }, wait);
  }

  #sendFault(fault: StatusFault): void {
    const echoed = this.#echoed(fault.echoHeaders);
    this.#sendJson(fault.status, this.#withEcho(this.#wire.statusErrorBody(fault, this.#requestId()), echoed), {
      ...echoed,
      ...(fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) }),
    });
  }

  #errorEventBody(fault: ErrorEventFault): ErrorBody {
    return this.#withEcho(this.#wire.errorEventBody(fault, this.#requestId()), this.#echoed(fault.echoHeaders));
  }

  /** `body` with the `echoed` headers in its `error`, when there are any. */
  #withEcho(body: ErrorBody, echoed: Record<string, string>): ErrorBody {
    return Object.keys(echoed).length === 0 ? body : { ...body, error: { ...body.error, echoed_headers: echoed } };
  }

  #requestId(): string {
    return `req_fake_${this.record.callIndex}`;
  }

  /** The request headers of `names` that the request had, by lower-case name. */
  #echoed(names: readonly string[] | undefined): Record<string, string> {
    const echoed: Record<string, string> = {};
    for (const name of names ?? []) {
      const value = this.record.headers[name.toLowerCase()];
      if (value !== undefined) echoed[name.toLowerCase()] = value;
    }
    return echoed;
  }

  #sendJson(status: number, body: object, headers: Record<string, string> = {}): void {
    this.#writeHead(status, { 'content-type': 'application/json', ...headers });
    this.#finish();
    this.#response.end(JSON.stringify(body));
  }

  #writeHead(status: number, headers: Record<string, string>): void {
    this.record.status = status;
    this.#response.writeHead(status, { [this.#wire.requestIdHeader]: this.#requestId(), ...headers });
  }

  /**
   * A `cut` fault: the connection closes mid-answer, as a dropped connection would. What was written is
   * flushed first (a plain `destroy()` would discard it), then the socket ends without the response's end.
   */
  #cut(): void {
    this.#finish();
    const { socket } = this.#response;
    if (socket === null) this.#response.destroy();
    else socket.end();
  }

  #finish(): void {
    this.record.finishedAt = Date.now();
    this.#end();
  }

  /** `reason`: why the answer is no longer wanted, for a responder still deciding it. */
  #end(reason?: DOMException): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (reason !== undefined) this.#controller.abort(reason);
    this.#onEnd();
  }
}
