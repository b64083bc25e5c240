import type { Completion } from '../build-completion.js';
import type { TokenPiece } from '../count-tokens.js';

/** One streamed event's data, and the completion tokens written by the end of it (for its timing). */
export interface MessagesStreamEvent {
  readonly data: { readonly type: string; readonly [field: string]: unknown };
  readonly tokensSoFar: number;
}

/**
 * The content events of a streamed message, in order, as the Messages API writes them (`message_start`,
 * `message_delta` and `message_stop` are not included):
 *
 * - the text, when there is any, as block 0: `content_block_start` (`{ type: 'text', text: '' }`), a
 *   `text_delta` of up to `tokensPerChunk` tokens at a time, `content_block_stop`;
 * - each tool call as the next block: `content_block_start` (`{ type: 'tool_use', id, name, input: {} }`)
 *   once its name is written, then its input as `input_json_delta` events: of up to `tokensPerChunk` tokens
 *   each when `streamsInput(name)` (fine-grained tool streaming), else all of it in one event once its last
 *   token is written; then `content_block_stop`.
 *
 * `afterTokens` keeps only what the first `afterTokens` tokens allow (for `cut`, `truncate`, `hang`...): a
 * block whose end is not reached gets no `content_block_stop`, and an input not streamed in pieces sends
 * nothing until it is complete.
 */
export function planMessagesEvents(
  completion: Completion,
  {
    tokensPerChunk,
    streamsInput,
    afterTokens = Number.POSITIVE_INFINITY,
  }: { readonly tokensPerChunk: number; readonly streamsInput: (name: string) => boolean; readonly afterTokens?: number },
): MessagesStreamEvent[] {
  const events: MessagesStreamEvent[] = [];
  let written = 0;
  let index = 0;

  /** Writes `pieces` as deltas made by `delta`; whether all of them fit. */
  const writeDeltas = (pieces: readonly TokenPiece[], perChunk: number, delta: (text: string) => object): boolean => {
    let group: TokenPiece[] = [];
    let groupTokens = 0;
    const flush = () => {
      if (group.length === 0) return;
      events.push({ data: { type: 'content_block_delta', index, delta: delta(group.map((piece) => piece.text).join('')) }, tokensSoFar: written });
      group = [];
      groupTokens = 0;
    };
    for (const piece of pieces) {
      if (written + piece.tokens > afterTokens) {
        // Text and pieces of a streamed input go out as far as they got; a one-burst input not at all.
        if (perChunk !== Number.POSITIVE_INFINITY) flush();
        return false;
      }
      if (group.length > 0 && groupTokens >= perChunk) flush();
      written += piece.tokens;
      groupTokens += piece.tokens;
      group.push(piece);
    }
    flush();
    return true;
  };

  if (completion.content.length > 0) {
    const first = completion.content[0];
    if (first === undefined || written + first.tokens > afterTokens) return events;
    events.push({ data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, tokensSoFar: first.tokens });
    const complete = writeDeltas(completion.content, tokensPerChunk, (text) => ({ type: 'text_delta', text }));
    if (!complete) return events;
    events.push({ data: { type: 'content_block_stop', index }, tokensSoFar: written });
    index++;
  }
  for (const call of completion.toolCalls) {
    if (written + call.nameTokens > afterTokens) return events;
    written += call.nameTokens;
    events.push({
      data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } },
      tokensSoFar: written,
    });
    const perChunk = streamsInput(call.name) ? tokensPerChunk : Number.POSITIVE_INFINITY;
    const complete = writeDeltas(call.argumentPieces, perChunk, (partial_json) => ({ type: 'input_json_delta', partial_json }));
    if (!complete) return events;
    events.push({ data: { type: 'content_block_stop', index }, tokensSoFar: written });
    index++;
  }
  return events;
}
