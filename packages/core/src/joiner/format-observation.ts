import { optionChecks } from '../options/check-option.js';
import { valueToText } from '../util/value-to-text.js';

/**
 * Turns a task's result into the text the joiner (and a replanning planner) is shown, cut to `maxChars`
 * characters. The text is the one a reference interpolated into a longer string gets (`"counts: $1"`): a
 * string as it is, anything else as compact JSON. The cut is marked with how much was left out, so the model
 * knows the result goes on: `… [truncated 1234 more characters]`. Only what the model reads is cut;
 * dependent tasks still receive the whole value.
 *
 * No value makes it throw: a cycle becomes `"[Circular]"`, a `bigint` its decimal digits (as a string), a
 * `Map` an object (or a list of pairs when its keys are not all strings or numbers), a `Set` a list, a `Date`
 * its ISO string, an `Error` its name and message, `undefined` the text `undefined`, a function
 * `[Function name]`, and a value whose `toJSON` or getter throws a description of it.
 *
 * @param maxChars How many characters of the text to keep: an integer from 0, or `Infinity` for all.
 * @throws {InvalidOptionError} when `maxChars` is not a non-negative integer or `Infinity`.
 *
 * @example
 * ```ts
 * formatObservation({ depth: 10_994, unit: 'm' }, 1000); // '{"depth":10994,"unit":"m"}'
 * formatObservation('a'.repeat(1500), 1000);             // 'aaa…a… [truncated 500 more characters]'
 * ```
 */
export function formatObservation(value: unknown, maxChars: number): string {
  if (!(maxChars === Infinity || (Number.isInteger(maxChars) && maxChars >= 0))) {
    optionChecks().fail('maxChars', 'an integer from 0 and up, or Infinity', maxChars);
  }
  return truncate(valueToText(value), maxChars);
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  // Never split a surrogate pair: the half would be an invalid character.
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… [truncated ${text.length - end} more characters]`;
}
