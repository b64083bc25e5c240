/**
 * Whether `value` is an object literal (or `Object.create(null)`), not an array, class instance or function.
 *
 * @example
 * ```ts
 * isPlainObject({ type: 'string' }); // true
 * isPlainObject(new Date()); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
