// The JSON objects and server-sent events of OpenAI's Responses API (`POST /v1/responses`), field for field
// as api.openai.com writes them.
import type { Completion } from './build-completion.js';
import { openAIErrors, type ExchangeWire, type TimedEvent, type WrittenAnswer } from './exchange-wire.js';
import type { ResponsesRequest } from './responses-request.js';
import { planStreamPieces } from './stream-chunks.js';
import type { ResponseMeta } from './wire-format.js';

type Status = 'in_progress' | 'completed' | 'incomplete';

/** The `usage` object of a response. */
export function responsesUsageObject(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/** How the response ends: `completed`, or `incomplete` with the reason (`max_output_tokens`, `content_filter`). */
function responseEnd(completion: Completion): { status: 'completed' | 'incomplete'; reason?: string } {
  if (completion.finishReason === 'length') return { status: 'incomplete', reason: 'max_output_tokens' };
  if (completion.finishReason === 'content_filter') return { status: 'incomplete', reason: 'content_filter' };
  return { status: 'completed' };
}

/**
 * The output items of an answer: a message when it has text (or nothing else), then one `function_call` per
 * call. `status` is the last item's (an answer cut by the token limit ends with an `incomplete` one).
 */
function outputItems(meta: ResponseMeta, completion: Completion, status: Status) {
  const text = completion.content.map((piece) => piece.text).join('');
  const { toolCalls } = completion;
  const hasMessage = text !== '' || toolCalls.length === 0;
  const items: object[] = hasMessage ? [messageItem(meta, toolCalls.length === 0 ? status : 'completed', text)] : [];
  for (const [index, call] of toolCalls.entries()) {
    const itemStatus = index === toolCalls.length - 1 ? status : 'completed';
    items.push(functionCallItem(meta, index, itemStatus, call.id, call.name, call.argumentPieces.map((piece) => piece.text).join('')));
  }
  return items;
}

const messageId = (meta: ResponseMeta) => `msg_${meta.id}`;
const callItemId = (meta: ResponseMeta, index: number) => `fc_${meta.id}_${index}`;
const textPart = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });

function messageItem(meta: ResponseMeta, status: Status, text: string | undefined) {
  return { id: messageId(meta), type: 'message', status, role: 'assistant', content: text === undefined ? [] : [textPart(text)] };
}

function functionCallItem(meta: ResponseMeta, index: number, status: Status, callId: string, name: string, args: string) {
  return { id: callItemId(meta, index), type: 'function_call', status, call_id: callId, name, arguments: args };
}

/** A whole `response` object: the answer to a request without `stream: true`, and the `response` of stream events. */
function responseObject(
  meta: ResponseMeta,
  request: ResponsesRequest,
  state: { status: Status; reason?: string | undefined; output: readonly object[]; usage: object | null },
) {
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status: state.status,
    background: false,
    error: null,
    incomplete_details: state.reason === undefined ? null : { reason: state.reason },
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: meta.model,
    output: state.output,
    parallel_tool_calls: request['parallel_tool_calls'] ?? true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: 1,
    truncation: 'disabled',
    usage: state.usage,
    user: null,
    metadata: {},
  };
}

/** One server-sent event of the Responses API: its `event:` line names the type its data carries. */
function responsesEvent(data: { readonly type: string; readonly [field: string]: unknown }): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The Responses API (`POST /v1/responses`), for the request `request` (whose fields the response objects
 * repeat, as OpenAI's do). A stream is the API's event sequence: `response.created` and
 * `response.in_progress`; for text `response.output_item.added` (a message), `response.content_part.added`,
 * `response.output_text.delta`s, `response.output_text.done`, `response.content_part.done`,
 * `response.output_item.done`; for each tool call `response.output_item.added` (a `function_call` with its
 * `call_id` and name), `response.function_call_arguments.delta`s, `response.function_call_arguments.done`,
 * `response.output_item.done`; then `response.completed`, or `response.incomplete` when the answer was cut
 * by `max_output_tokens` (or a `length` fault). Every event carries a `sequence_number`; there is no `[DONE]`.
 * An error event is `event: error` with `{ type: 'error', code, message, param }`.
 */
export function responsesWire(request: ResponsesRequest): ExchangeWire {
  return {
    ...openAIErrors,
    responseId: (callIndex) => `resp_fake_${callIndex}`,
    json: ({ meta, completion, promptTokens }) => {
      const { status, reason } = responseEnd(completion);
      return responseObject(meta, request, {
        status,
        reason,
        output: outputItems(meta, completion, status),
        usage: responsesUsageObject(promptTokens, completion.completionTokens),
      });
    },
    stream: (answer, options) => {
      const { meta, completion, promptTokens } = answer;
      const events: TimedEvent[] = [];
      let sequence = 0;
      const event = (type: string, fields: Record<string, unknown>) => responsesEvent({ type, ...fields, sequence_number: sequence++ });
      const push = (tokensSoFar: number, text: string) => events.push({ text, tokensSoFar });

      const inProgress = responseObject(meta, request, { status: 'in_progress', output: [], usage: null });
      push(0, event('response.created', { response: inProgress }) + event('response.in_progress', { response: inProgress }));

      const text = completion.content.map((piece) => piece.text).join('');
      const hasMessage = text !== '' || completion.toolCalls.length === 0;
      const callOffset = hasMessage ? 1 : 0;
      /** The item being written and what it has so far, to close it when the next one starts. */
      let open: { kind: 'message'; text: string } | { kind: 'call'; index: number; id: string; name: string; args: string } | undefined;
      const close = (status: Status): string => {
        if (open === undefined) return '';
        const current = open;
        open = undefined;
        if (current.kind === 'message') {
          const where = { item_id: messageId(meta), output_index: 0, content_index: 0 };
          return (
            event('response.output_text.done', { ...where, text: current.text, logprobs: [] }) +
            event('response.content_part.done', { ...where, part: textPart(current.text) }) +
            event('response.output_item.done', { output_index: 0, item: messageItem(meta, status, current.text) })
          );
        }
        const where = { item_id: callItemId(meta, current.index), output_index: current.index + callOffset };
        return (
          event('response.function_call_arguments.done', { ...where, name: current.name, arguments: current.args }) +
          event('response.output_item.done', {
            output_index: where.output_index,
            item: functionCallItem(meta, current.index, status, current.id, current.name, current.args),
          })
        );
      };

      if (hasMessage) {
        open = { kind: 'message', text: '' };
        push(
          0,
          event('response.output_item.added', { output_index: 0, item: messageItem(meta, 'in_progress', undefined) }) +
            event('response.content_part.added', { item_id: messageId(meta), output_index: 0, content_index: 0, part: textPart('') }),
        );
      }
      for (const piece of planStreamPieces(completion, options)) {
        if (piece.kind === 'content' && open?.kind === 'message') {
          open.text += piece.text;
          push(
            piece.tokensSoFar,
            event('response.output_text.delta', { item_id: messageId(meta), output_index: 0, content_index: 0, delta: piece.text, logprobs: [] }),
          );
        } else if (piece.kind === 'call') {
          const closed = close('completed');
          open = { kind: 'call', index: piece.index, id: piece.id, name: piece.name, args: '' };
          const item = functionCallItem(meta, piece.index, 'in_progress', piece.id, piece.name, '');
          push(piece.tokensSoFar, closed + event('response.output_item.added', { output_index: piece.index + callOffset, item }));
        } else if (piece.kind === 'arguments' && open?.kind === 'call') {
          open.args += piece.text;
          push(
            piece.tokensSoFar,
            event('response.function_call_arguments.delta', {
              item_id: callItemId(meta, piece.index),
              output_index: piece.index + callOffset,
              delta: piece.text,
            }),
          );
        }
      }

      const afterEvents = sequence;
      const { status, reason } = responseEnd(completion);
      const end =
        close(status) +
        event(status === 'completed' ? 'response.completed' : 'response.incomplete', {
          response: responseObject(meta, request, {
            status,
            reason,
            output: outputItems(meta, completion, status),
            usage: responsesUsageObject(promptTokens, completion.completionTokens),
          }),
        });
      return {
        events,
        end,
        malformed: `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${afterEvents},"delta":\n\n`,
        errorEvent: ({ error }) => {
          // The error's own `type` (`server_error`) gives way to the event's.
          const fields = Object.fromEntries(Object.entries(error).filter(([key]) => key !== 'type'));
          return responsesEvent({ type: 'error', ...fields, sequence_number: afterEvents });
        },
      };
    },
  };
}
