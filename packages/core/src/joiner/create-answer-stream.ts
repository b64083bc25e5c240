import type { AnswerStream } from './answer-stream.js';
import { JsonAnswerStream } from './json-answer-stream.js';
import { TextAnswerStream } from './text-answer-stream.js';

/**
 * Creates the answer stream of a joiner format: for `'text'` the argument of `Action: Finish(...)`, for
 * `'json'` the `answer` string of the object (see {@link TextAnswerStream} and {@link JsonAnswerStream}).
 *
 * @example
 * ```ts
 * const answer = createAnswerStream('text');
 * answer.push('Action: Finish(The Mariana'); // 'The Mariana'
 * answer.push(' Trench)');                   // ' Trench'
 * answer.finish('The Mariana Trench');       // ''
 * ```
 */
export function createAnswerStream(format: 'text' | 'json'): AnswerStream {
  return format === 'json' ? new JsonAnswerStream() : new TextAnswerStream();
}
