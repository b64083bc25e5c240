import type { ErrorEventFault, NormalizedAnswer, StatusFault } from './answer.js';
import type { Completion } from './build-completion.js';
import type { ChatRequest } from './chat-request.js';
import { planStreamChunks, type StreamPlanOptions } from './stream-chunks.js';
import { chunkObject, completionObject, errorObject, sseEvent, usageChunkObject, type ResponseMeta } from './wire-format.js';

/** An answer as it is to be written: what the simulated model writes, and what it was asked. */
export interface WrittenAnswer {
  /** The answer as the responder gave it (before stop sequences and limits). */
  readonly answer: NormalizedAnswer;
  readonly completion: Completion;
  readonly promptTokens: number;
  readonly meta: ResponseMeta;
}

/** One server-sent event of a stream, and the completion tokens written by the time it is due. */
export interface TimedEvent {
  readonly text: string;
  readonly tokensSoFar: number;
}

/** The events of a streamed answer, planned in advance (so that events after them continue their numbering). */
export interface StreamPlan {
  /** What is written as soon as the headers are (Anthropic's `message_start`); nothing when absent. */
  readonly start?: string;
  /** The answer's events up to the fault's `afterTokens`, if any, each due when its tokens are written. */
  readonly events: readonly TimedEvent[];
  /** What ends a complete answer (finish, usage, `[DONE]`; or the Responses API's closing events). */
  readonly end: string;
  /** An event whose data is not JSON, for a `malformed` fault. */
  readonly malformed: string;
  /** The in-stream error event for an `error-event` fault, from the wire's {@link ExchangeWire.errorEventBody}. */
  errorEvent(body: ErrorBody): string;
}

/** An API's error body: an object whose `error` holds the details (to which echoed headers are added). */
export interface ErrorBody {
  readonly error: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/**
 * How an API writes answers and errors: the answer to a request without `stream: true`, the events of a
 * stream, and the bodies of its HTTP errors. The exchange does the rest (timing, faults, the connection).
 */
export interface ExchangeWire {
  /** The id of the answer to call `callIndex`, e.g. `chatcmpl-fake-0`. */
  responseId(callIndex: number): string;
  /** The response header holding the request's id: `x-request-id` (OpenAI), `request-id` (Anthropic). */
  readonly requestIdHeader: string;
  /** The JSON body of an answer that is not streamed. */
  json(answer: WrittenAnswer): object;
  /** The events of a streamed answer. */
  stream(answer: WrittenAnswer, options: StreamPlanOptions): StreamPlan;
  /** The body of a `status` fault's response. */
  statusErrorBody(fault: StatusFault, requestId: string): ErrorBody;
  /** The body of the 500 sent when the responder failed or gave an invalid answer. */
  serverErrorBody(message: string, requestId: string): ErrorBody;
  /** The error of an `error-event` fault: the event's data in a stream, the body of a 500 otherwise. */
  errorEventBody(fault: ErrorEventFault, requestId: string): ErrorBody;
}

/** The errors every OpenAI API writes alike (chat completions, Responses): `{ error: { message, type, param, code } }`. */
export const openAIErrors: Pick<ExchangeWire, 'requestIdHeader' | 'statusErrorBody' | 'serverErrorBody' | 'errorEventBody'> = {
  requestIdHeader: 'x-request-id',
  statusErrorBody: ({ status, message, code }) =>
    status === 429
      ? errorObject(message ?? 'Rate limit reached for requests (simulated).', 'requests', { code: code ?? 'rate_limit_exceeded' })
      : status >= 500
        ? errorObject(message ?? 'The server had an error while processing your request (simulated).', 'server_error', { code: code ?? null })
        : errorObject(message ?? `Simulated error ${status}.`, 'invalid_request_error', { code: code ?? null }),
  serverErrorBody: (message) => errorObject(message, 'server_error'),
  errorEventBody: ({ message, code }) =>
    errorObject(message ?? 'The server had an error while streaming the response (simulated).', 'server_error', { code: code ?? null }),
};

/** The chat completions API (`POST /v1/chat/completions`), for the request `body`. */
export function chatCompletionsWire(body: ChatRequest): ExchangeWire {
  const includeUsage = body.stream_options?.include_usage === true;
  return {
    ...openAIErrors,
    responseId: (callIndex) => `chatcmpl-fake-${callIndex}`,
    json: ({ meta, completion, promptTokens }) => completionObject(meta, completion, promptTokens),
    stream: ({ meta, completion, promptTokens }, options) => ({
      events: planStreamChunks(completion, options).map((chunk) => ({
        text: sseEvent(chunkObject(meta, chunk.delta, null, includeUsage)),
        tokensSoFar: chunk.tokensSoFar,
      })),
      end:
        sseEvent(chunkObject(meta, {}, completion.finishReason, includeUsage)) +
        (includeUsage ? sseEvent(usageChunkObject(meta, promptTokens, completion.completionTokens)) : '') +
        sseEvent('[DONE]'),
      malformed: `data: {"id":"${meta.id}","object":"chat.completion.chunk","choices":[{\n\n`,
      errorEvent: (body) => sseEvent(body),
    }),
  };
}
