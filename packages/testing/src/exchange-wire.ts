import type { Completion } from './build-completion.js';
import type { ChatRequest } from './chat-request.js';
import { planStreamChunks, type StreamPlanOptions } from './stream-chunks.js';
import { chunkObject, completionObject, sseEvent, usageChunkObject, type ResponseMeta } from './wire-format.js';

/** An answer as it is to be written: what the simulated model writes, and what it was asked. */
export interface WrittenAnswer {
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
  /** The answer's events up to the fault's `afterTokens`, if any, each due when its tokens are written. */
  readonly events: readonly TimedEvent[];
  /** What ends a complete answer (finish, usage, `[DONE]`; or the Responses API's closing events). */
  readonly end: string;
  /** An event whose data is not JSON, for a `malformed` fault. */
  readonly malformed: string;
  /** The in-stream error event for an `error-event` fault, from an OpenAI error body `{ error: {...} }`. */
  errorEvent(body: { readonly error: Readonly<Record<string, unknown>> }): string;
}

/**
 * How an API writes answers: the answer to a request without `stream: true`, and the events of a stream.
 * HTTP errors (status faults, 500s) are the same for every OpenAI API and are written by the exchange.
 */
export interface ExchangeWire {
  /** The id of the answer to call `callIndex`, e.g. `chatcmpl-fake-0`. */
  responseId(callIndex: number): string;
  /** The JSON body of an answer that is not streamed. */
  json(answer: WrittenAnswer): object;
  /** The events of a streamed answer. */
  stream(answer: WrittenAnswer, options: StreamPlanOptions): StreamPlan;
}

/** The chat completions API (`POST /v1/chat/completions`), for the request `body`. */
export function chatCompletionsWire(body: ChatRequest): ExchangeWire {
  const includeUsage = body.stream_options?.include_usage === true;
  return {
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
