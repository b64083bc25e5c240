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
}

/**
 * Reads a streamed Chat Completions answer to its end and assembles the assistant message: content deltas
 * are concatenated, tool call deltas are merged by their `index` (the id and name come in the first delta
 * of a call, the arguments in pieces).
 *
 * @param fallbackId - Names a call whose deltas carry no id, e.g. `call_3` (the call's index is appended).
 */
export async function readAssistantTurn(stream: AsyncIterable<ChatCompletionChunk>, fallbackId: string): Promise<AssistantTurn> {
  let content = '';
  const calls = new Map<number, PartialToolCall>();
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (delta === undefined) continue; // The usage chunk has no choices.
    content += delta.content ?? '';
    for (const part of delta.tool_calls ?? []) {
      let call = calls.get(part.index);
      if (call === undefined) {
        call = { id: '', name: '', arguments: '' };
        calls.set(part.index, call);
      }
      call.id ||= part.id ?? '';
      call.name += part.function?.name ?? '';
      call.arguments += part.function?.arguments ?? '';
    }
  }
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, call]): ChatCompletionMessageFunctionToolCall => ({
      id: call.id || `${fallbackId}_${index}`,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  const message: ChatCompletionAssistantMessageParam =
    toolCalls.length === 0 ? { role: 'assistant', content } : { role: 'assistant', content: content || null, tool_calls: toolCalls };
  return { content, toolCalls, message };
}
