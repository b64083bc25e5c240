import type { ServerResponse } from 'node:http';
import { normalizeAnswer, type ErrorEventFault, type NormalizedAnswer, type StatusFault } from '../answer.js';
import { buildCompletion, type Completion } from '../build-completion.js';
import type { ExchangeSettings, MutableRecord } from '../chat-exchange.js';
import { countPromptTokens } from '../count-tokens.js';
import { computeTokenDelay, mergeLatency, type LatencyModel } from '../latency-model.js';
import { planMessagesEvents } from './messages-events.js';
import { streamsToolInput, type MessagesRequest } from './messages-request.js';
import {
  errorBody,
  errorType,
  messageDeltaEvent,
  messageObject,
  messageStartEvent,
  sseEvent,
  type MessageMeta,
} from './messages-wire-format.js';

/** An answer ready to be written, with its timeline. */
interface AnswerToWrite {
  readonly answer: NormalizedAnswer;
  readonly completion: Completion;
  readonly inputTokens: number;
  readonly meta: MessageMeta;
  /** The stop sequence the answer hit, if it hit one. */
  readonly stopSequence: string | undefined;
  /** `Date.now()` at which `tokens` completion tokens are ready. */
  readonly readyAt: (tokens: number) => number;
}

/**
 * The life of one Messages API request (`POST /v1/messages`): ask the responder for the answer (with the
 * request translated to chat completions' terms, `record.body`), then write it in Anthropic's wire format,
 * JSON or server-sent events on the latency model's timeline, or inject its fault. Like the chat
 * completions exchange, it ends exactly once: written, cut, client gone, or server closed; then its timer is
 * cleared, and if the client went away or the server closed, the responder's signal aborts.
 */
export class MessagesExchange {
  readonly record: MutableRecord;
  readonly #request: MessagesRequest;
  readonly #response: ServerResponse;
  readonly #settings: ExchangeSettings;
  readonly #onEnd: () => void;
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;

  constructor(response: ServerResponse, request: MessagesRequest, record: MutableRecord, settings: ExchangeSettings, onEnd: () => void) {
    this.#response = response;
    this.#request = request;
    this.record = record;
    this.#settings = settings;
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
    const inputTokens = countPromptTokens(body);
    const start = Date.now();
    const completion = buildCompletion(answer, body);
    this.record.usage = { promptTokens: inputTokens, completionTokens: completion.completionTokens };
    const toWrite: AnswerToWrite = {
      answer,
      completion,
      inputTokens,
      meta: { id: `msg_fake_${callIndex}`, model: this.#request.model },
      stopSequence: hitStopSequence(answer.content, this.#request.stop_sequences ?? []),
      readyAt: (tokens) => start + computeTokenDelay(latency, { promptTokens: inputTokens, tokens }),
    };
    if (this.#request.stream === true) this.#writeStream(toWrite);
    else this.#writeJson(toWrite);
  }

  /** Ends the exchange because the server is closing: its socket is destroyed. */
  close(): void {
    if (this.#ended) return;
    this.record.finishedAt = Date.now();
    this.#end(new DOMException('The fake OpenAI server was closed.', 'AbortError'));
    this.#response.destroy();
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
    // `x-should-retry: false`: the Anthropic SDK (and `@ai-sdk/anthropic`'s retries) do not retry it.
    this.#sendJson(500, errorBody('api_error', message, this.#requestId()), { 'x-should-retry': 'false' });
    return undefined;
  }

  /** The whole `message` once its last token is ready (or the fault). */
  #writeJson({ answer: { fault }, completion, inputTokens, meta, stopSequence, readyAt }: AnswerToWrite): void {
    if (fault?.type === 'hang') return;
    const cutAfter = fault !== undefined && 'afterTokens' in fault && fault.afterTokens !== undefined ? fault.afterTokens : Number.POSITIVE_INFINITY;
    this.#runAt(readyAt(Math.min(cutAfter, completion.completionTokens)), () => {
      if (fault?.type === 'cut') return this.#cut();
      if (fault?.type === 'error-event') return this.#sendJson(500, this.#errorEventBody(fault), this.#echoed(fault.echoHeaders));
      this.record.firstTokenAt = Date.now();
      const text = JSON.stringify(messageObject(meta, completion, inputTokens, stopSequence));
      const broken = fault?.type === 'malformed' || fault?.type === 'truncate';
      this.#writeHead(200, { 'content-type': 'application/json' });
      this.#finish();
      this.#response.end(broken ? text.slice(0, Math.floor(text.length / 2)) : text);
    });
  }

  /**
   * SSE: the headers and `message_start` at once, each content event when its last token is ready, then
   * `message_delta` (stop reason, output tokens) and `message_stop`.
   */
  #writeStream({ answer, completion, inputTokens, meta, stopSequence, readyAt }: AnswerToWrite): void {
    const { fault } = answer;
    const stopAfter = fault !== undefined && fault.type !== 'length' && 'afterTokens' in fault ? fault.afterTokens : undefined;
    if (fault?.type === 'hang' && stopAfter === undefined) return;
    const { headers } = this.record;
    const events = planMessagesEvents(completion, {
      tokensPerChunk: answer.tokensPerChunk ?? this.#settings.tokensPerChunk,
      streamsInput: (name) => streamsToolInput(this.#request, headers, name),
      ...(stopAfter === undefined ? {} : { afterTokens: stopAfter }),
    });
    this.#writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...(fault?.type === 'error-event' ? this.#echoed(fault.echoHeaders) : {}),
    });
    this.#response.write(sseEvent(messageStartEvent(meta, inputTokens)));
    let next = 0;
    // A loop, not a chain of callbacks: events that are already due go out at once, without a timer.
    const pump = (): void => {
      this.#timer = undefined;
      for (let event = events[next]; event !== undefined; event = events[next]) {
        const wait = readyAt(event.tokensSoFar) - Date.now();
        if (wait > 0) {
          this.#timer = setTimeout(pump, wait);
          return;
        }
        this.record.firstTokenAt ??= Date.now();
        this.#response.write(sseEvent(event.data));
        next++;
      }
      if (fault?.type === 'cut') return this.#cut();
      if (fault?.type === 'hang') return;
      if (fault?.type === 'malformed') this.#response.write('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{\n\n');
      if (fault?.type === 'error-event') this.#response.write(sseEvent(this.#errorEventBody(fault)));
      if (fault === undefined || fault.type === 'length') {
        this.#response.write(sseEvent(messageDeltaEvent(completion.finishReason, stopSequence, completion.completionTokens)));
        this.#response.write(sseEvent({ type: 'message_stop' }));
      }
      this.#finish();
      this.#response.end();
    };
    pump();
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
    const { status } = fault;
    const type = fault.code ?? errorType(status);
    const message =
      fault.message ??
      (status === 429
        ? 'Number of request tokens has exceeded your per-minute rate limit (simulated).'
        : status === 529
          ? 'Overloaded (simulated).'
          : status >= 500
            ? 'Internal server error (simulated).'
            : `Simulated error ${status}.`);
    const body = errorBody(type, message, this.#requestId());
    const echoed = this.#echoed(fault.echoHeaders);
    const withEcho = Object.keys(echoed).length === 0 ? body : { ...body, error: { ...body.error, echoed_headers: echoed } };
    this.#sendJson(status, withEcho, {
      ...echoed,
      ...(fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) }),
    });
  }

  #errorEventBody(fault: ErrorEventFault): { readonly type: string } {
    const body = errorBody(fault.code ?? 'overloaded_error', fault.message ?? 'Overloaded (simulated).', this.#requestId());
    const echoed = this.#echoed(fault.echoHeaders);
    const event = { type: body.type, error: Object.keys(echoed).length === 0 ? body.error : { ...body.error, echoed_headers: echoed } };
    return event;
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

  #requestId(): string {
    return `req_fake_${this.record.callIndex}`;
  }

  #sendJson(status: number, body: object, headers: Record<string, string> = {}): void {
    this.#writeHead(status, { 'content-type': 'application/json', ...headers });
    this.#finish();
    this.#response.end(JSON.stringify(body));
  }

  #writeHead(status: number, headers: Record<string, string>): void {
    this.record.status = status;
    this.#response.writeHead(status, { 'request-id': this.#requestId(), ...headers });
  }

  /** A `cut` fault: what was written is flushed, then the socket ends without the response's end. */
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

  #end(reason?: DOMException): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (reason !== undefined) this.#controller.abort(reason);
    this.#onEnd();
  }
}

/** The stop sequence that ends `content` first, if any. */
function hitStopSequence(content: string, sequences: readonly string[]): string | undefined {
  let hit: { sequence: string; at: number } | undefined;
  for (const sequence of sequences) {
    if (sequence === '') continue;
    const at = content.indexOf(sequence);
    if (at !== -1 && (hit === undefined || at < hit.at)) hit = { sequence, at };
  }
  return hit?.sequence;
}
