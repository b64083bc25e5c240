import { describeError } from '../util/describe-error.js';

/** How many characters of one value a trace shows; the rest is cut with a note of how much. */
export const MAX_VALUE_CHARS = 50_000;

/**
 * A value as a trace shows it: a string as it is, anything else as indented JSON (bigints as numbers'
 * digits, a repeated object as `[Circular]`), cut to {@link MAX_VALUE_CHARS}. Never throws.
 */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = 'undefined';
  else {
    try {
      const seen = new WeakSet<object>();
      text =
        JSON.stringify(
          value,
          (_key, item: unknown) => {
            if (typeof item === 'bigint') return item.toString();
            if (item !== null && typeof item === 'object') {
              if (seen.has(item)) return '[Circular]';
              seen.add(item);
            }
            return item;
          },
          2,
        ) ?? String(value);
    } catch {
      text = describeError(value);
    }
  }
  if (text.length <= MAX_VALUE_CHARS) return text;
  return `${text.slice(0, MAX_VALUE_CHARS)}\n… (${text.length - MAX_VALUE_CHARS} more characters not shown)`;
}

/** An error as a trace shows it: `Name: message`. Never throws. */
export function showError(error: unknown): string {
  let name = '';
  try {
    if (error instanceof Error) name = String(error.name);
  } catch {
    // A throwing getter: the message alone.
  }
  const message = describeError(error);
  return name === '' || name === 'Error' ? message : `${name}: ${message}`;
}
