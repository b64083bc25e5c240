/**
 * Cuts streamed text at the first of some stop sequences, for APIs without stop sequences of their own
 * (the Responses API). Text that may be the start of a stop sequence is held back until the next piece
 * shows whether it is one, so a sequence split across pieces (`<END_` then `OF_PLAN>`) is still found and
 * never shown in part.
 */
export class StopSequenceCutter {
  readonly #sequences: readonly string[];
  #held = '';

  constructor(sequences: readonly string[] | undefined) {
    this.#sequences = (sequences ?? []).filter((sequence) => sequence !== '');
  }

  /** The text of `piece` that can be shown now, and whether a stop sequence was reached (nothing after it is shown). */
  push(piece: string): { readonly text: string; readonly stopped: boolean } {
    if (this.#sequences.length === 0) return { text: piece, stopped: false };
    const buffer = this.#held + piece;
    let at = -1;
    for (const sequence of this.#sequences) {
      const found = buffer.indexOf(sequence);
      if (found !== -1 && (at === -1 || found < at)) at = found;
    }
    if (at !== -1) {
      this.#held = '';
      return { text: buffer.slice(0, at), stopped: true };
    }
    let hold = 0;
    for (const sequence of this.#sequences) {
      for (let length = Math.min(sequence.length - 1, buffer.length); length > hold; length--) {
        if (buffer.endsWith(sequence.slice(0, length))) {
          hold = length;
          break;
        }
      }
    }
    this.#held = buffer.slice(buffer.length - hold);
    return { text: buffer.slice(0, buffer.length - hold), stopped: false };
  }

  /** The text held back, once the answer has ended without reaching a stop sequence. */
  flush(): string {
    const held = this.#held;
    this.#held = '';
    return held;
  }
}
