/**
 * Reads a joiner's text as it streams and gives the final answer in pieces as soon as each piece is
 * certain: everything it gives is the start of the answer the joiner's parser reads from the whole text, so
 * the pieces, with what {@link finish} gives, add up to that answer exactly, whatever the chunking.
 */
export interface AnswerStream {
  /** Reads the next piece of the joiner's text; returns the next piece of the answer, or `''`. */
  push(text: string): string;
  /**
   * Ends the stream once the whole text has been read and parsed into a finish with `answer`: returns the
   * rest of the answer, which nothing has given yet (all of it when nothing streamed).
   */
  finish(answer: string): string;
}
