/**
 * `value` as JSON text for an attribute: bigints as strings, a repeated object as `"[Circular]"`, and, for
 * what JSON cannot hold at all (`undefined`, a function), `String(value)`. Never throws.
 */
export function toJson(value: unknown): string {
  try {
    const seen = new WeakSet<object>();
    const text = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (item !== null && typeof item === 'object') {
        if (seen.has(item)) return '[Circular]';
        seen.add(item);
      }
      return item;
    });
    return text ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return '(a value that cannot be shown)';
    }
  }
}
