import type { ExchangeWire, WrittenAnswer } from '../exchange-wire.js';
import { planMessagesEvents } from './messages-events.js';
import { streamsToolInput, type MessagesRequest } from './messages-request.js';
import { errorBody, errorType, messageDeltaEvent, messageObject, messageStartEvent, sseEvent } from './messages-wire-format.js';

/**
 * Anthropic's Messages API (`POST /v1/messages`), for the request `request` with the request's `headers`
 * (a beta header turns on fine-grained tool streaming). An answer is a `message`; a stream is `message_start`
 * (written with the headers), the content blocks' events, then `message_delta` (stop reason, output tokens)
 * and `message_stop`. Errors are `{ type: 'error', error: { type, message }, request_id }`, with the error
 * type Anthropic gives the status, and the request's id in the `request-id` header.
 */
export function messagesWire(request: MessagesRequest, headers: Readonly<Record<string, string>>): ExchangeWire {
  const stopSequence = ({ answer }: WrittenAnswer) => hitStopSequence(answer.content, request.stop_sequences ?? []);
  return {
    responseId: (callIndex) => `msg_fake_${callIndex}`,
    requestIdHeader: 'request-id',
    json: (written) => messageObject(written.meta, written.completion, written.promptTokens, stopSequence(written)),
    stream: (written, options) => {
      const { meta, completion, promptTokens } = written;
      const events = planMessagesEvents(completion, { ...options, streamsInput: (name) => streamsToolInput(request, headers, name) });
      return {
        start: sseEvent(messageStartEvent(meta, promptTokens)),
        events: events.map((event) => ({ text: sseEvent(event.data), tokensSoFar: event.tokensSoFar })),
        end: sseEvent(messageDeltaEvent(completion.finishReason, stopSequence(written), completion.completionTokens)) + sseEvent({ type: 'message_stop' }),
        malformed: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{\n\n',
        errorEvent: (body) => sseEvent({ ...body, type: 'error' }),
      };
    },
    statusErrorBody: ({ status, message, code }, requestId) =>
      errorBody(
        code ?? errorType(status),
        message ??
          (status === 429
            ? 'Number of request tokens has exceeded your per-minute rate limit (simulated).'
            : status === 529
              ? 'Overloaded (simulated).'
              : status >= 500
                ? 'Internal server error (simulated).'
                : `Simulated error ${status}.`),
        requestId,
      ),
    serverErrorBody: (message, requestId) => errorBody('api_error', message, requestId),
    // As Anthropic's in-stream `error` event: no `request_id` (the 500 of a JSON answer is the same).
    errorEventBody: ({ message, code }) => ({ type: 'error', error: { type: code ?? 'overloaded_error', message: message ?? 'Overloaded (simulated).' } }),
  };
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
