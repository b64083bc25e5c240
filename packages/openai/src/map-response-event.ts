import type { FinishReason, ModelStreamPart, TokenUsage } from '@llmcompiler/core';
import type { ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses';

/** What one Responses stream event means for the model's stream. */
export type MappedResponseEvent =
  /** Text of the answer (before stop sequences are applied). */
  | { readonly kind: 'text'; readonly text: string }
  /** Tool-call deltas. */
  | { readonly kind: 'parts'; readonly parts: readonly ModelStreamPart[] }
  /** The response is complete (`response.completed`) or was cut (`response.incomplete`). */
  | { readonly kind: 'finish'; readonly reason: FinishReason; readonly usage: TokenUsage | undefined }
  /** The provider reported a failure inside the stream (`response.failed`, `error`). */
  | { readonly kind: 'failed'; readonly message: string; readonly code: string | undefined }
  /** Nothing for the model's stream: lifecycle events, reasoning items and summaries, refusals' structure... */
  | { readonly kind: 'none' };

/** A function call being streamed: its position among the answer's calls, and the arguments sent so far. */
interface StreamedCall {
  readonly index: number;
  arguments: string;
}

/**
 * Reads the events of one streamed response. Function calls are numbered from 0 in the order their
 * `response.output_item.added` come (their `output_index` also counts messages and reasoning items, which
 * are not calls). Arguments come from `response.function_call_arguments.delta`; a server that sends them
 * only whole, in `response.function_call_arguments.done` or `response.output_item.done`, is understood too.
 * Reasoning items and their summaries are ignored.
 */
export class ResponseEventReader {
  /** The calls by the `output_index` of their item. */
  readonly #calls = new Map<number, StreamedCall>();

  read(event: ResponseStreamEvent): MappedResponseEvent {
    switch (event.type) {
      case 'response.output_text.delta':
        return event.delta === '' ? { kind: 'none' } : { kind: 'text', text: event.delta };
      case 'response.output_item.added': {
        const { item } = event;
        if (item.type !== 'function_call') return { kind: 'none' };
        const call = this.#call(event.output_index);
        call.arguments = item.arguments ?? '';
        const part: ModelStreamPart = {
          type: 'tool-call-delta',
          index: call.index,
          ...(item.call_id ? { id: item.call_id } : {}),
          ...(item.name ? { name: item.name } : {}),
          ...(call.arguments ? { arguments: call.arguments } : {}),
        };
        return { kind: 'parts', parts: [part] };
      }
      case 'response.function_call_arguments.delta': {
        if (event.delta === '') return { kind: 'none' };
        const call = this.#call(event.output_index);
        call.arguments += event.delta;
        return { kind: 'parts', parts: [{ type: 'tool-call-delta', index: call.index, arguments: event.delta }] };
      }
      case 'response.function_call_arguments.done':
        return this.#rest(event.output_index, event.arguments);
      case 'response.output_item.done':
        return event.item.type === 'function_call' ? this.#rest(event.output_index, event.item.arguments) : { kind: 'none' };
      case 'response.completed':
        return { kind: 'finish', reason: this.#calls.size > 0 ? 'tool-calls' : 'stop', usage: mapResponseUsage(event.response.usage) };
      case 'response.incomplete':
        return {
          kind: 'finish',
          reason: incompleteReason(event.response.incomplete_details?.reason),
          usage: mapResponseUsage(event.response.usage),
        };
      case 'response.failed': {
        const { error } = event.response;
        return { kind: 'failed', message: error?.message || 'the response failed', code: error?.code ?? undefined };
      }
      case 'error':
        return { kind: 'failed', message: event.message || 'the response failed', code: event.code ?? undefined };
      default:
        return { kind: 'none' };
    }
  }

  #call(outputIndex: number): StreamedCall {
    let call = this.#calls.get(outputIndex);
    if (call === undefined) {
      call = { index: this.#calls.size, arguments: '' };
      this.#calls.set(outputIndex, call);
    }
    return call;
  }

  /** The arguments a call's whole text has beyond what streamed, as a last delta. */
  #rest(outputIndex: number, whole: string | undefined): MappedResponseEvent {
    const call = this.#calls.get(outputIndex);
    if (call === undefined || whole === undefined || !whole.startsWith(call.arguments) || whole === call.arguments) return { kind: 'none' };
    const rest = whole.slice(call.arguments.length);
    call.arguments = whole;
    return { kind: 'parts', parts: [{ type: 'tool-call-delta', index: call.index, arguments: rest }] };
  }
}

/** The library's finish reason for a `response.incomplete`'s `incomplete_details.reason`. */
function incompleteReason(reason: string | undefined): FinishReason {
  if (reason === 'max_output_tokens') return 'length';
  if (reason === 'content_filter') return 'content-filter';
  return 'other';
}

/** Token usage from a response's `usage`; a missing total is the sum of the parts. */
export function mapResponseUsage(usage: ResponseUsage | null | undefined): TokenUsage | undefined {
  if (usage == null) return undefined;
  const promptTokens = usage.input_tokens ?? 0;
  const completionTokens = usage.output_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: usage.total_tokens ?? promptTokens + completionTokens };
}
