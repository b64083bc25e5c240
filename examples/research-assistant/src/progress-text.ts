import type { FinishReason, PlanEndReason } from '@llmcompiler/core';

/**
 * `text` cut to at most `max` characters at a word boundary, with `…` when cut: observations are printed
 * on one line, and a word cut in half reads as a typo.
 */
export function truncateAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  // A single long word (a URL, JSON without spaces) is cut where it must be.
  const cut = space >= max / 2 ? room.slice(0, space) : room;
  return `${cut.trimEnd()}…`;
}

const endings: Readonly<Record<PlanEndReason, string>> = {
  join: 'reached join()',
  'end-of-plan': 'reached the end-of-plan marker without join()',
  eof: 'the text ended before join()',
};

const stops: Readonly<Record<FinishReason, string>> = {
  stop: 'the model stopped',
  'tool-calls': 'the model finished its tool calls',
  length: 'the model ran out of tokens',
  'content-filter': 'a content filter stopped the model',
  other: 'the model stopped for a reason of its own',
};

/**
 * A plan's end in words: `plan complete: reached join(), the model stopped`, or for a plan that did not end
 * cleanly `plan incomplete: the text ended before join(), the model ran out of tokens; tools that write will not run`.
 */
export function describePlanEnd({ reason, finishReason, clean }: { reason: PlanEndReason; finishReason: FinishReason | undefined; clean: boolean }): string {
  const stopped = finishReason === undefined ? 'the model gave no reason for stopping' : stops[finishReason];
  return clean ? `plan complete: ${endings[reason]}, ${stopped}` : `plan incomplete: ${endings[reason]}, ${stopped}; tools that write will not run`;
}
