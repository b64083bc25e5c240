// The JSON objects and server-sent events of Anthropic's Messages API, field for field as api.anthropic.com
// writes them.
import type { FinishReason } from '../answer.js';
import type { Completion } from '../build-completion.js';

/** The fields every message object and event of one response shares. */
export interface MessageMeta {
  readonly id: string;
  readonly model: string;
}

/** Why the model stopped, in the Messages API's words. */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/** The `stop_reason` (and `stop_sequence`) of a completion; `stopSequence` is the one the answer hit, if any. */
export function stopReason(finishReason: FinishReason, stopSequence: string | undefined): { stop_reason: StopReason; stop_sequence: string | null } {
  if (stopSequence !== undefined && finishReason === 'stop') return { stop_reason: 'stop_sequence', stop_sequence: stopSequence };
  const reason: StopReason =
    finishReason === 'length' ? 'max_tokens' : finishReason === 'tool_calls' ? 'tool_use' : finishReason === 'content_filter' ? 'refusal' : 'end_turn';
  return { stop_reason: reason, stop_sequence: null };
}

/** The `usage` object. */
export function usageObject(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** A whole `message` object (the answer to a request without `stream: true`). */
export function messageObject(meta: MessageMeta, completion: Completion, inputTokens: number, stopSequence: string | undefined) {
  const text = completion.content.map((piece) => piece.text).join('');
  const content: object[] = text === '' ? [] : [{ type: 'text', text }];
  for (const call of completion.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: parseInput(call.argumentPieces.map((piece) => piece.text).join('')) });
  }
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    ...stopReason(completion.finishReason, stopSequence),
    usage: usageObject(inputTokens, completion.completionTokens),
  };
}

/** The `message_start` event's data: the message without content, its input tokens and one output token. */
export function messageStartEvent(meta: MessageMeta, inputTokens: number) {
  return {
    type: 'message_start',
    message: {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      model: meta.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageObject(inputTokens, 1),
    },
  };
}

/** The `message_delta` event's data: the stop reason and the output tokens. */
export function messageDeltaEvent(finishReason: FinishReason, stopSequence: string | undefined, outputTokens: number) {
  return { type: 'message_delta', delta: stopReason(finishReason, stopSequence), usage: { output_tokens: outputTokens } };
}

/** The error type Anthropic gives an HTTP status. */
export function errorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** An Anthropic error body: `{ type: 'error', error: { type, message }, request_id }`. */
export function errorBody(type: string, message: string, requestId: string) {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/** One server-sent event: `event: <name>` and its data as JSON. */
export function sseEvent(data: { readonly type: string }): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A tool call's arguments as the `input` object of a `tool_use` block; `{}` when they are not a JSON object. */
function parseInput(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
