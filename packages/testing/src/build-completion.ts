import type { FinishReason, NormalizedAnswer } from './answer.js';
import { stopSequences, tokenLimit, type ChatRequest } from './chat-request.js';
import { countTextTokens, splitIntoTokens, type TokenPiece } from './count-tokens.js';

/** A tool call as it is written: its name (one step), then its arguments token by token. */
export interface CompletionToolCall {
  readonly id: string;
  readonly name: string;
  readonly nameTokens: number;
  readonly argumentPieces: readonly TokenPiece[];
}

/** What the simulated model writes for one request, after stop sequences and token limits. */
export interface Completion {
  readonly content: readonly TokenPiece[];
  readonly toolCalls: readonly CompletionToolCall[];
  readonly finishReason: FinishReason;
  /** Every token written: the content's, then each tool call's name and arguments. */
  readonly completionTokens: number;
}

/**
 * Applies the request's stop sequences and token limit (and a `length` fault) to an answer.
 *
 * - A stop sequence ends the content before it, drops the tool calls and gives finish reason `stop`.
 * - The limit is `max_completion_tokens ?? max_tokens`, lowered by a `length` fault. Tokens are taken in
 *   writing order (content, then each call's name and arguments) while they fit; a cut answer, or any
 *   answer with a `length` fault, finishes with `length`. A call whose name does not fit is left out; one
 *   whose arguments do not fit keeps the part that does, as OpenAI does.
 */
export function buildCompletion(answer: NormalizedAnswer, request: ChatRequest): Completion {
  let content = answer.content;
  let stopped = false;
  for (const sequence of stopSequences(request)) {
    const at = content.indexOf(sequence);
    if (at !== -1) {
      content = content.slice(0, at);
      stopped = true;
    }
  }
  const lengthFault = answer.fault?.type === 'length' ? answer.fault.afterTokens : Number.POSITIVE_INFINITY;
  const limit = Math.min(tokenLimit(request), lengthFault);

  let used = 0;
  let cut = false;
  const take = (pieces: readonly TokenPiece[]): TokenPiece[] => {
    const taken: TokenPiece[] = [];
    for (const piece of pieces) {
      if (used + piece.tokens > limit) {
        cut = true;
        break;
      }
      used += piece.tokens;
      taken.push(piece);
    }
    return taken;
  };

  const contentPieces = take(splitIntoTokens(content));
  const toolCalls: CompletionToolCall[] = [];
  for (const call of stopped ? [] : answer.toolCalls) {
    if (cut) break;
    const nameTokens = countTextTokens(call.name);
    if (used + nameTokens > limit) {
      cut = true;
      break;
    }
    used += nameTokens;
    toolCalls.push({ id: call.id, name: call.name, nameTokens, argumentPieces: take(splitIntoTokens(call.arguments)) });
  }

  const finishReason: FinishReason =
    cut || answer.fault?.type === 'length'
      ? 'length'
      : stopped
        ? 'stop'
        : (answer.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'));
  return { content: contentPieces, toolCalls, finishReason, completionTokens: used };
}
