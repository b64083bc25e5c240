import type { Completion } from './build-completion.js';

/** One streamed chunk's `delta`, and the completion tokens written by the end of it (for its timing). */
export interface StreamChunk {
  readonly delta: Readonly<Record<string, unknown>>;
  readonly tokensSoFar: number;
}

type Step =
  | { readonly kind: 'content'; readonly text: string; readonly tokens: number }
  | { readonly kind: 'call'; readonly index: number; readonly id: string; readonly name: string; readonly tokens: number }
  | { readonly kind: 'arguments'; readonly index: number; readonly text: string; readonly tokens: number };

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
export function planStreamChunks(
  completion: Completion,
  { tokensPerChunk, afterTokens = Number.POSITIVE_INFINITY }: { readonly tokensPerChunk: number; readonly afterTokens?: number },
): StreamChunk[] {
  const steps: Step[] = completion.content.map((piece) => ({ kind: 'content', ...piece }));
  for (const [index, call] of completion.toolCalls.entries()) {
    steps.push({ kind: 'call', index, id: call.id, name: call.name, tokens: call.nameTokens });
    for (const piece of call.argumentPieces) steps.push({ kind: 'arguments', index, ...piece });
  }

  const chunks: StreamChunk[] = [];
  let written = 0;
  let group: Extract<Step, { kind: 'content' | 'arguments' }>[] = [];
  const flush = () => {
    const first = group[0];
    if (first === undefined) return;
    const text = group.map((step) => step.text).join('');
    const delta =
      first.kind === 'content' ? { content: text } : { tool_calls: [{ index: first.index, function: { arguments: text } }] };
    chunks.push({ delta, tokensSoFar: written });
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
      chunks.push({
        delta: { tool_calls: [{ index: step.index, id: step.id, type: 'function', function: { name: step.name, arguments: '' } }] },
        tokensSoFar: written,
      });
    } else {
      group.push(step);
    }
  }
  flush();

  const first = chunks[0];
  if (first !== undefined && steps[0]?.kind === 'call') {
    chunks[0] = { ...first, delta: { role: 'assistant', content: null, ...first.delta, refusal: null } };
  } else {
    chunks.unshift({ delta: { role: 'assistant', content: '', refusal: null }, tokensSoFar: 0 });
  }
  return chunks;
}
