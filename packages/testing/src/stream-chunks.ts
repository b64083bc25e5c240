import type { Completion } from './build-completion.js';

/** One streamed chunk's `delta`, and the completion tokens written by the end of it (for its timing). */
export interface StreamChunk {
  readonly delta: Readonly<Record<string, unknown>>;
  readonly tokensSoFar: number;
}

/**
 * One step of a streamed answer, whatever the wire format: a piece of text, the start of a tool call (its
 * id and name), or a piece of a call's arguments; with the completion tokens written by the end of it.
 */
export type StreamPiece =
  | { readonly kind: 'content'; readonly text: string; readonly tokensSoFar: number }
  | { readonly kind: 'call'; readonly index: number; readonly id: string; readonly name: string; readonly tokensSoFar: number }
  | { readonly kind: 'arguments'; readonly index: number; readonly text: string; readonly tokensSoFar: number };

type Step =
  | { readonly kind: 'content'; readonly text: string; readonly tokens: number }
  | { readonly kind: 'call'; readonly index: number; readonly id: string; readonly name: string; readonly tokens: number }
  | { readonly kind: 'arguments'; readonly index: number; readonly text: string; readonly tokens: number };

/** How an answer is cut into streamed pieces. */
export interface StreamPlanOptions {
  /** Tokens per piece of text or arguments. */
  readonly tokensPerChunk: number;
  /** Only the pieces of the first `afterTokens` tokens are kept (for `cut` and `hang` faults). */
  readonly afterTokens?: number;
}

/**
 * The pieces of a streamed answer, in writing order: its text in pieces of up to `tokensPerChunk` tokens,
 * then each tool call's start and its arguments in pieces of up to `tokensPerChunk` tokens. Each wire
 * format ({@link planStreamChunks} for chat completions, the Responses API's events) writes them its way.
 */
export function planStreamPieces(completion: Completion, { tokensPerChunk, afterTokens = Number.POSITIVE_INFINITY }: StreamPlanOptions): StreamPiece[] {
  const steps: Step[] = completion.content.map((piece) => ({ kind: 'content', ...piece }));
  for (const [index, call] of completion.toolCalls.entries()) {
    steps.push({ kind: 'call', index, id: call.id, name: call.name, tokens: call.nameTokens });
    for (const piece of call.argumentPieces) steps.push({ kind: 'arguments', index, ...piece });
  }

  const pieces: StreamPiece[] = [];
  let written = 0;
  let group: Extract<Step, { kind: 'content' | 'arguments' }>[] = [];
  const flush = () => {
    const first = group[0];
    if (first === undefined) return;
    const text = group.map((step) => step.text).join('');
    pieces.push(first.kind === 'content' ? { kind: 'content', text, tokensSoFar: written } : { kind: 'arguments', index: first.index, text, tokensSoFar: written });
    group = [];
  };
  for (const step of steps) {
    if (written + step.tokens > afterTokens) break;
    const first = group[0];
    const joins =
      first !== undefined &&
      step.kind === first.kind &&
      (step.kind !== 'arguments' || (first.kind === 'arguments' && step.index === first.index)) &&
      group.reduce((sum, member) => sum + member.tokens, 0) < tokensPerChunk;
    if (!joins) flush();
    written += step.tokens;
    if (step.kind === 'call') {
      pieces.push({ kind: 'call', index: step.index, id: step.id, name: step.name, tokensSoFar: written });
    } else {
      group.push(step);
    }
  }
  flush();
  return pieces;
}

/**
 * The deltas of a streamed completion, in order, as OpenAI writes them:
 *
 * - the first chunk carries `role: 'assistant'`: on its own with `content: ''` before text (or an empty
 *   answer), merged into the first tool call (with `content: null`) when the answer starts with one;
 * - text: `{ content }` with up to `tokensPerChunk` tokens;
 * - a tool call's first chunk: `{ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] }`,
 *   then `{ tool_calls: [{ index, function: { arguments } }] }` with up to `tokensPerChunk` tokens each.
 *
 * `afterTokens` keeps only the chunks of the first `afterTokens` tokens (for `cut` and `hang` faults).
 * The finish chunk is not included.
 */
export function planStreamChunks(completion: Completion, options: StreamPlanOptions): StreamChunk[] {
  const chunks: StreamChunk[] = planStreamPieces(completion, options).map((piece) => {
    const { tokensSoFar } = piece;
    if (piece.kind === 'content') return { delta: { content: piece.text }, tokensSoFar };
    if (piece.kind === 'arguments') return { delta: { tool_calls: [{ index: piece.index, function: { arguments: piece.text } }] }, tokensSoFar };
    return {
      delta: { tool_calls: [{ index: piece.index, id: piece.id, type: 'function', function: { name: piece.name, arguments: '' } }] },
      tokensSoFar,
    };
  });
  const first = chunks[0];
  const startsWithCall = completion.content.length === 0 && completion.toolCalls.length > 0;
  if (first !== undefined && startsWithCall) {
    chunks[0] = { ...first, delta: { role: 'assistant', content: null, ...first.delta, refusal: null } };
  } else {
    chunks.unshift({ delta: { role: 'assistant', content: '', refusal: null }, tokensSoFar: 0 });
  }
  return chunks;
}
