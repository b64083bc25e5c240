/** How many causes deep {@link errorJson} follows a chain. */
const MAX_CAUSES = 4;

/**
 * The JSON of an error of this package: its name and message, its own fields (`fields`), and its cause
 * chain as each error's name, message and fields of primitive value (`status`, `code`, `type`...), so that
 * `JSON.stringify(error)` gives what a log needs. The causes are the redacted copies this package keeps,
 * and bodies, headers and other objects are left out: the JSON shows no key, and never throws on a cycle.
 */
export function errorJson(error: Error, fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { name: error.name, message: error.message, ...fields, ...causeJson(error.cause, 0) };
}

function causeJson(cause: unknown, depth: number): { cause?: unknown } {
  if (cause === undefined || depth >= MAX_CAUSES) return {};
  if (!(cause instanceof Error)) return { cause: isPrimitive(cause) ? cause : Object.prototype.toString.call(cause) };
  const fields = Object.entries(cause).filter(([, value]) => isPrimitive(value));
  return { cause: { name: cause.name, message: cause.message, ...Object.fromEntries(fields), ...causeJson(cause.cause, depth + 1) } };
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint');
}
