import { optionChecks, type OptionChecks } from '../options/check-option.js';
import { isPlainObject } from '../util/is-plain-object.js';

/**
 * One turn of a conversation given to `compiler.run()`: what the user said, or what the assistant answered.
 * There is no `system` role: the system prompts are the planner's and the joiner's own.
 *
 * @example
 * ```ts
 * const history: ConversationMessage[] = [
 *   { role: 'user', content: 'How deep is the Mariana Trench?' },
 *   { role: 'assistant', content: 'It is 10,994 m deep.' },
 *   { role: 'user', content: 'And how much deeper is it than the Puerto Rico Trench?' },
 * ];
 * ```
 */
export interface ConversationMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** A run's input, read: the current question, and the turns before it. */
export interface RunInput {
  /** The user's latest message. */
  readonly question: string;
  /** The turns before it, oldest first, copied (only `role` and `content`). */
  readonly history: readonly ConversationMessage[];
  /** Whether the input was a conversation rather than a question. */
  readonly conversation: boolean;
}

const EXPECTED_INPUT =
  'a question (a non-empty string) or a conversation (a non-empty array of `{ role, content }` messages, ' +
  "role 'user' or 'assistant', the last one the user's)";

/**
 * Reads the input of `compiler.run()`: a question, or a conversation whose last message is the user's
 * question. Only `role` and `content` of each message are read.
 *
 * @throws {InvalidOptionError} naming `input` (or the message at fault, `input[2].role`), what was expected
 * and what came: for anything but a non-empty string or a non-empty array of messages, a message that is
 * not an object, a role other than `'user'` or `'assistant'` (a `'system'` message included: the system
 * prompts are the compiler's), content that is not a string, or a last message that is not the user's or is
 * blank.
 */
export function readRunInput(input: unknown): RunInput {
  const check: OptionChecks = optionChecks();
  if (typeof input === 'string') {
    if (input.trim() === '') check.fail('input', EXPECTED_INPUT, input);
    return { question: input, history: [], conversation: false };
  }
  if (!Array.isArray(input) || input.length === 0) return check.fail('input', EXPECTED_INPUT, input);
  const messages = input.map((message: unknown, index): ConversationMessage => {
    const at = `input[${index}]`;
    if (!isPlainObject(message)) return check.fail(at, 'a message, `{ role, content }`', message);
    const { role, content } = message;
    if (role === 'system') {
      check.fail(`${at}.role`, "'user' or 'assistant' (the system prompts are the planner's and the joiner's own: put instructions in `planner.instructions` or `joiner.instructions`)", role);
    }
    if (role !== 'user' && role !== 'assistant') check.fail(`${at}.role`, "'user' or 'assistant'", role);
    if (typeof content !== 'string') check.fail(`${at}.content`, 'a string', content);
    return Object.freeze({ role, content });
  });
  const last = messages.length - 1;
  const question = messages[last]!;
  if (question.role !== 'user') check.fail(`input[${last}].role`, "'user': the last message of a conversation is the question", question.role);
  if (question.content.trim() === '') check.fail(`input[${last}].content`, 'a non-empty string: the last message of a conversation is the question', question.content);
  return { question: question.content, history: Object.freeze(messages.slice(0, last)), conversation: true };
}
