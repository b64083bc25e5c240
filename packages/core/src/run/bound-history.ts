import type { ConversationMessage } from './conversation-message.js';

/** How much of a conversation's earlier turns the planner and the joiner are shown. */
export interface HistoryOptions {
  /**
   * The most earlier messages shown (user and assistant messages both count); `0` shows none.
   *
   * @default 20
   */
  readonly maxMessages?: number | undefined;
  /**
   * The most characters of earlier messages shown, their contents added up; `Infinity` for no bound.
   *
   * @default 20000
   */
  readonly maxChars?: number | undefined;
}

/** The defaults of {@link HistoryOptions}. */
export const DEFAULT_HISTORY = { maxMessages: 20, maxChars: 20_000 } as const;

/**
 * The earlier turns the models are shown: the newest messages that fit both bounds, oldest dropped first,
 * each kept whole or dropped whole. When what is kept would start with an assistant message, that message
 * goes too, so that the shown turns start with a question, as chat models expect after a system message.
 * The current question is not part of `history` and never dropped.
 *
 * @example
 * ```ts
 * boundHistory([q1, a1, q2, a2], { maxMessages: 3, maxChars: Infinity }); // [q2, a2]: a1 lost its question
 * ```
 */
export function boundHistory(
  history: readonly ConversationMessage[],
  { maxMessages, maxChars }: { readonly maxMessages: number; readonly maxChars: number },
): readonly ConversationMessage[] {
  let start = history.length;
  let chars = 0;
  while (start > 0 && history.length - start < maxMessages) {
    const size = history[start - 1]!.content.length;
    if (chars + size > maxChars) break;
    chars += size;
    start--;
  }
  while (start < history.length && history[start]!.role === 'assistant') start++;
  return start === 0 ? history : history.slice(start);
}
