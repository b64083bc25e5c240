import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { messageText, type ChatRequest } from './chat-request.js';

// Text that looks like a special token (`<|endoftext|>`) is counted as ordinary text, never refused.
const asPlainText = { disallowedSpecial: new Set<string>() };

/** Tokens of `text` in the o200k encoding (GPT-4o, GPT-4.1, o-series, GPT-5). */
export function countTextTokens(text: string): number {
  return text === '' ? 0 : encode(text, asPlainText).length;
}

/** A piece of text that the model writes as one step: one token, or the few tokens of one character. */
export interface TokenPiece {
  readonly text: string;
  readonly tokens: number;
}

/**
 * `text` cut into its o200k tokens; joined, the pieces give `text` back. A character whose UTF-8 bytes
 * span several tokens (some emoji) stays whole: its piece counts all of those tokens.
 */
export function splitIntoTokens(text: string): TokenPiece[] {
  const pieces: TokenPiece[] = [];
  let offset = 0;
  let pending: number[] = [];
  for (const token of encode(text, asPlainText)) {
    pending.push(token);
    const piece = decode(pending);
    // A token that ends inside a character decodes to U+FFFD, which the text does not hold there.
    if (!text.startsWith(piece, offset)) continue;
    pieces.push({ text: piece, tokens: pending.length });
    offset += piece.length;
    pending = [];
  }
  if (pending.length > 0) pieces.push({ text: text.slice(offset), tokens: pending.length });
  return pieces;
}

/** Tokens added for each message (its start and end markers), and to prime the assistant's reply. */
const tokensPerMessage = 3;
const tokensPerReply = 3;

/**
 * The prompt tokens of a chat request, after the OpenAI cookbook's count for o200k models:
 *
 * ```
 * 3 (reply primer)
 * + for each message: 3 + tokens(role) + tokens(content text)
 *                       + (name ? tokens(name) + 1 : 0) + tokens(tool_call_id)
 *                       + for each tool call: 3 + tokens(function.name) + tokens(function.arguments)
 * + tokens(JSON.stringify(tools))  (when tools are offered)
 * ```
 *
 * Content arrays count their text parts only. The tool terms are an approximation: OpenAI renders
 * tools in a private format, so real counts differ by a few tokens per tool.
 */
export function countPromptTokens(request: ChatRequest): number {
  let total = tokensPerReply;
  for (const message of request.messages) {
    total += tokensPerMessage + countTextTokens(message.role) + countTextTokens(messageText(message));
    if (typeof message.name === 'string') total += countTextTokens(message.name) + 1;
    if (typeof message.tool_call_id === 'string') total += countTextTokens(message.tool_call_id);
    if (Array.isArray(message.tool_calls)) {
      // Only `role` was checked on arrival: read the rest defensively.
      for (const call of message.tool_calls as readonly unknown[]) {
        const fn = (call as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
        total += tokensPerMessage;
        if (typeof fn?.name === 'string') total += countTextTokens(fn.name);
        if (typeof fn?.arguments === 'string') total += countTextTokens(fn.arguments);
      }
    }
  }
  if (Array.isArray(request.tools) && request.tools.length > 0) total += countTextTokens(JSON.stringify(request.tools));
  return total;
}
