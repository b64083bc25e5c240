/** What {@link describeValue} says of a value it cannot look into. */
export const UNDESCRIBABLE = 'a value that cannot be described';

/**
 * A short description of a value for error messages: what came, with its type,
 * e.g. `` `0` (number) ``, `` `"abc"` (string) ``, `an array of length 3`.
 *
 * Never throws: a value that cannot be looked into (a Proxy whose traps throw, a revoked Proxy) is
 * `a value that cannot be described`.
 */
export function describeValue(value: unknown): string {
  try {
    return describe(value);
  } catch {
    return UNDESCRIBABLE;
  }
}

function describe(value: unknown): string {
  if (value === null) return '`null`';
  if (value === undefined) return '`undefined`';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `\`${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}\` (string)`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `\`${String(value)}\` (${typeof value})`;
    case 'function':
      return 'a function';
    case 'symbol':
      return `\`${String(value)}\` (symbol)`;
    default: {
      const keys = Object.keys(value as object);
      return keys.length === 0 ? 'an empty object' : `an object with keys ${listNames(keys)}`;
    }
  }
}

/** `a, b and 3 more` style listing of names, bounded so messages stay readable. */
export function listNames(names: readonly (string | number)[], max = 12): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).map(String).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
