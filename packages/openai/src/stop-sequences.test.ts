import { describe, expect, it } from 'vitest';
import { StopSequenceCutter } from './stop-sequences.js';

/** What the cutter shows for `pieces`, piece by piece, and where it stopped (or what the end flushed). */
function run(sequences: readonly string[] | undefined, pieces: readonly string[]) {
  const cutter = new StopSequenceCutter(sequences);
  const shown: string[] = [];
  for (const piece of pieces) {
    const { text, stopped } = cutter.push(piece);
    shown.push(text);
    if (stopped) return { shown, stopped: true };
  }
  shown.push(cutter.flush());
  return { shown, stopped: false };
}

describe('StopSequenceCutter', () => {
  it('passes text through untouched without stop sequences (empty ones ignored)', () => {
    expect(run(undefined, ['a<', 'b'])).toEqual({ shown: ['a<', 'b', ''], stopped: false });
    expect(run([''], ['a', 'b'])).toEqual({ shown: ['a', 'b', ''], stopped: false });
  });

  it('finds a sequence split over several pieces, showing nothing of it', () => {
    expect(run(['<END_OF_PLAN>'], ['join()<', 'END_', 'OF_PLAN>', 'never'])).toEqual({ shown: ['join()', '', ''], stopped: true });
  });

  it('holds back the longest part that may start a sequence, and lets it go when it does not', () => {
    expect(run(['aab'], ['xa', 'a', 'a', 'c'])).toEqual({ shown: ['x', '', 'a', 'aac', ''], stopped: false });
    expect(run(['aab'], ['xa', 'a', 'a', 'b'])).toEqual({ shown: ['x', '', 'a', ''], stopped: true }); // 'xa' of 'xaaab'
  });

  it('stops at the earliest sequence in a piece, whichever comes first in the list', () => {
    expect(run(['END', 'STOP'], ['one STOP two END'])).toEqual({ shown: ['one '], stopped: true });
  });

  it('flushes what it held when the text ends without a sequence', () => {
    expect(run(['<END>'], ['a <E'])).toEqual({ shown: ['a ', '<E'], stopped: false });
  });
});
