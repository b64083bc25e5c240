import { describe, expect, it } from 'vitest';
import { describePlanEnd, truncateAtWord } from './progress-text.js';

describe('truncateAtWord', () => {
  it('leaves short text as it is', () => {
    expect(truncateAtWord('2618', 90)).toBe('2618');
  });

  it('cuts at the last word boundary that fits, and marks the cut', () => {
    const text = '{"title":"Mariana Trench","summary":"The Mariana Trench in the western Pacific is the deepest oceanic trench on Earth."}';
    const cut = truncateAtWord(text, 90);
    expect(cut).toBe('{"title":"Mariana Trench","summary":"The Mariana Trench in the western Pacific is the…');
    expect(cut.length).toBeLessThanOrEqual(90);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(text[cut.length - 1]).toBe(' ');
  });

  it('cuts a single long word where it must', () => {
    expect(truncateAtWord('a'.repeat(100), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('prints on one line', () => {
    expect(truncateAtWord('Error:\n  nothing found', 90)).toBe('Error: nothing found');
  });
});

describe('describePlanEnd', () => {
  it('says in words how a clean plan ended', () => {
    expect(describePlanEnd({ reason: 'join', finishReason: 'stop', clean: true })).toBe('plan complete: reached join(), the model stopped');
    expect(describePlanEnd({ reason: 'join', finishReason: 'tool-calls', clean: true })).toBe(
      'plan complete: reached join(), the model finished its tool calls',
    );
  });

  it('says why a plan is incomplete and what that means', () => {
    expect(describePlanEnd({ reason: 'eof', finishReason: 'length', clean: false })).toBe(
      'plan incomplete: the text ended before join(), the model ran out of tokens; tools that write will not run',
    );
    expect(describePlanEnd({ reason: 'end-of-plan', finishReason: undefined, clean: false })).toBe(
      'plan incomplete: reached the end-of-plan marker without join(), the model gave no reason for stopping; tools that write will not run',
    );
  });

  it('never prints the raw codes, such as `(join, stop)`', () => {
    for (const reason of ['join', 'end-of-plan', 'eof'] as const) {
      for (const finishReason of ['stop', 'length', 'tool-calls', 'content-filter', 'other', undefined] as const) {
        for (const clean of [true, false]) {
          const text = describePlanEnd({ reason, finishReason, clean });
          expect(text).not.toMatch(/\([\w-]+, [\w-]+\)|\beof\b|tool-calls|content-filter|undefined/);
        }
      }
    }
  });
});
