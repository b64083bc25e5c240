import type { FinishReason } from '@llmcompiler/core';

/**
 * Reads why a LangChain chat model stopped from its response metadata: OpenAI's `finish_reason`,
 * Anthropic's `stop_reason`, or Gemini's `finishReason`. `undefined` when none is there.
 */
export function toFinishReason(metadata: Readonly<Record<string, unknown>>): FinishReason | undefined {
  const reason = metadata.finish_reason ?? metadata.stop_reason ?? metadata.finishReason;
  if (typeof reason !== 'string') return undefined;
  switch (reason.toLowerCase()) {
    case 'stop':
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'tool_calls':
    case 'tool_use':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
    case 'safety':
      return 'content-filter';
    default:
      return 'other';
  }
}
