import { describeValue } from '../util/describe-value.js';

/**
 * Turns a task's result into the text the joiner (and a replanning planner) is shown: a string as it is,
 * anything else as compact JSON, cut to `maxChars` characters. The cut is marked with how much was left
 * out, so the model knows the result goes on: `… [truncated 1234 more characters]`. Only what the model
 * reads is cut; dependent tasks still receive the whole value.
 *
 * The JSON never throws: a cycle becomes `"[Circular]"`, a `bigint` its decimal digits (as a string), a
 * `Map` an object (or a list of pairs when its keys are not all strings or numbers), a `Set` a list, an
 * `Error` its name and message, `undefined` the text `undefined`, and a function `[Function name]`.
 *
 * @param maxChars How many characters of the text to keep: an integer from 0, or `Infinity` for all.
 * @throws {RangeError} when `maxChars` is not a non-negative integer or `Infinity`.
 *
 * @example
 * ```ts
 * formatObservation({ depth: 10_994, unit: 'm' }, 1000); // '{"depth":10994,"unit":"m"}'
 * formatObservation('a'.repeat(1500), 1000);             // 'aaa…a… [truncated 500 more characters]'
 * ```
 */
export function formatObservation(value: unknown, maxChars: number): string {
  if (!(maxChars === Infinity || (Number.isInteger(maxChars) && maxChars >= 0))) {
    throw new RangeError(`Expected \`maxChars\` to be an integer from 0 and up, or Infinity, got ${describeValue(maxChars)}`);
  }
  return truncate(toText(value), maxChars);
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  // Never split a surrogate pair: the half would be an invalid character.
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… [truncated ${text.length - end} more characters]`;
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `[Function${value.name === '' ? '' : ` ${value.name}`}]`;
  if (typeof value === 'symbol') return value.toString();
  try {
    return JSON.stringify(value, jsonReplacer()) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return '[a value that cannot be shown]';
    }
  }
}

/** A `JSON.stringify` replacer that marks cycles, keeping track of the objects on the path being written. */
function jsonReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  // Each open object as found (for the cycle check) and as written (what `this` is for its children).
  const path: { readonly original: object; readonly written: object }[] = [];
  return function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function') return `[Function${value.name === '' ? '' : ` ${value.name}`}]`;
    if (typeof value === 'symbol') return value.toString();
    if (value === null || typeof value !== 'object') return value;
    // The replacer is called with the holder as `this`: everything above it on the path is still open.
    while (path.length > 0 && path[path.length - 1]!.written !== this) path.pop();
    if (path.some(({ original }) => original === value)) return '[Circular]';
    const written = convert(value);
    path.push({ original: value, written });
    return written;
  };
}

function convert(value: object): object {
  if (value instanceof Map) {
    const entries = [...value.entries()];
    return entries.every(([key]) => typeof key === 'string' || typeof key === 'number')
      ? Object.fromEntries(entries)
      : entries;
  }
  if (value instanceof Set) return [...value];
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
