import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionChunk,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';

/** A tool call being assembled from its streamed deltas. */
interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** The assistant message a streamed turn produced: its text and its tool calls, in the model's order. */
export interface AssistantTurn {
  readonly content: string;
  readonly toolCalls: readonly ChatCompletionMessageFunctionToolCall[];
  /** The turn as it goes back into the conversation. */
  readonly message: ChatCompletionAssistantMessageParam;
  /** `performance.now()` when the first text of the turn arrived; `undefined` for a turn without text. */
  readonly firstContentAt: number | undefined;
}

/**
 * Called once per tool call, as soon as its arguments are complete: when they parse as a JSON object
 * (they end with `}`), when a later call starts, or at the end of the stream, whichever comes first.
 */
export type OnToolCallComplete = (index: number, call: ChatCompletionMessageFunctionToolCall) => void;

/** Whether a call's arguments are a complete JSON object. */
function argumentsComplete(text: string): boolean {
  if (!text.trimEnd().endsWith('}')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a streamed Chat Completions answer to its end and assembles the assistant message: content deltas
 * are concatenated, tool call deltas are merged by their `index` (the id and name come in the first delta
 * of a call, the arguments in pieces).
 *
 * @param fallbackId - Names a call whose deltas carry no id, e.g. `call_3` (the call's index is appended).
 * @param onComplete - Told of each call once its arguments are complete, before the stream ends.
 */
export async function readAssistantTurn(
  stream: AsyncIterable<ChatCompletionChunk>,
  fallbackId: string,
  onComplete?: OnToolCallComplete,
): Promise<AssistantTurn> {
  let content = '';
  let firstContentAt: number | undefined;
  const calls = new Map<number, PartialToolCall & { done: boolean }>();
  const toToolCall = (index: number, call: PartialToolCall): ChatCompletionMessageFunctionToolCall => ({
    id: call.id || `${fallbackId}_${index}`,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  });
  const complete = (index: number): void => {
    const call = calls.get(index);
    if (call === undefined || call.done) return;
    call.done = true;
    onComplete?.(index, toToolCall(index, call));
  };
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (delta === undefined) continue; // The usage chunk has no choices.
    if (delta.content !== undefined && delta.content !== null && delta.content !== '') {
      firstContentAt ??= performance.now();
      content += delta.content;
    }
    for (const part of delta.tool_calls ?? []) {
      let call = calls.get(part.index);
      if (call === undefined) {
        // A new call: every earlier one has all its arguments.
        if (onComplete !== undefined) for (const index of calls.keys()) if (index < part.index) complete(index);
        call = { id: '', name: '', arguments: '', done: false };
        calls.set(part.index, call);
      }
      call.id ||= part.id ?? '';
      call.name += part.function?.name ?? '';
      call.arguments += part.function?.arguments ?? '';
      if (onComplete !== undefined && !call.done && argumentsComplete(call.arguments)) complete(part.index);
    }
  }
  const indexes = [...calls.keys()].sort((a, b) => a - b);
  for (const index of indexes) complete(index);
  const toolCalls = indexes.map((index) => toToolCall(index, calls.get(index)!));
  const message: ChatCompletionAssistantMessageParam =
    toolCalls.length === 0 ? { role: 'assistant', content } : { role: 'assistant', content: content || null, tool_calls: toolCalls };
  return { content, toolCalls, message, firstContentAt };
}
