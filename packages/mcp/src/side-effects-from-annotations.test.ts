import { describe, expect, it } from 'vitest';
import { sideEffectsFromAnnotations } from './side-effects-from-annotations.js';

describe('sideEffectsFromAnnotations', () => {
  it.each([
    [{ readOnlyHint: true }, 'none'],
    [{ readOnlyHint: true, idempotentHint: false, destructiveHint: true }, 'none'],
    [{ readOnlyHint: false, idempotentHint: true }, 'idempotent'],
    [{ idempotentHint: true, destructiveHint: true }, 'idempotent'],
    [{ readOnlyHint: false, destructiveHint: false }, 'unsafe'],
    [{}, 'unsafe'],
    [undefined, 'unsafe'],
    // Only `true` is a claim: a server that sends strings claims nothing.
    [{ readOnlyHint: 'true' as never, idempotentHint: 1 as never }, 'unsafe'],
  ] as const)('%j -> %s', (annotations, expected) => {
    expect(sideEffectsFromAnnotations(annotations)).toBe(expected);
  });
});
