import type { FinishReason, ModelStreamPart, TokenUsage } from '@llmcompiler/core';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';

/** The parts one streamed chunk carries, and the finish reason and usage it reports, if any. */
export interface MappedChunk {
  readonly parts: readonly ModelStreamPart[];
  readonly finishReason: FinishReason | undefined;
  readonly usage: TokenUsage | undefined;
}

/**
 * Maps one chat-completion chunk. Only the first choice is read: the adapter never asks for `n > 1`.
 * Empty content and tool-call deltas that carry nothing but their index are dropped.
 */
export function mapChunk(chunk: ChatCompletionChunk): MappedChunk {
  const parts: ModelStreamPart[] = [];
  const usage = chunk.usage == null ? undefined : mapUsage(chunk.usage);
  // `choices` is empty on the usage chunk, and missing altogether on some OpenAI-compatible servers.
  const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
  if (choice === undefined) return { parts, finishReason: undefined, usage };

  const { delta } = choice;
  const text = delta?.content;
  if (typeof text === 'string' && text !== '') parts.push({ type: 'text-delta', text });
  delta?.tool_calls?.forEach((call, position) => {
    const name = call.function?.name;
    const args = call.function?.arguments;
    if (!call.id && !name && !args) return;
    parts.push({
      type: 'tool-call-delta',
      // Some servers (older Ollama, llama.cpp) leave out `index` and send each call whole in one chunk.
      index: typeof call.index === 'number' ? call.index : position,
      ...(call.id ? { id: call.id } : {}),
      ...(name ? { name } : {}),
      ...(args ? { arguments: args } : {}),
    });
  });
  const finishReason = choice.finish_reason == null ? undefined : mapFinishReason(choice.finish_reason);
  return { parts, finishReason, usage };
}

/** The library's finish reason for OpenAI's `finish_reason`. */
export function mapFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** Token usage from OpenAI's `usage`; a missing total (some compatible servers) is the sum of the parts. */
export function mapUsage(usage: CompletionUsage): TokenUsage {
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: usage.total_tokens ?? promptTokens + completionTokens };
}
