/**
 * The `error.type` of a failure: the error's class name (`ToolTimeoutError`, `TaskSkippedError`,
 * `AbortError`, `TypeError`; a low-cardinality identifier, as the conventions ask), or `_OTHER` for a thrown
 * value that is no error. Never throws, whatever was thrown.
 */
export function errorType(error: unknown): string {
  try {
    if (error instanceof Error || (error !== null && typeof error === 'object' && 'name' in error)) {
      const name = (error as { name: unknown }).name;
      if (typeof name === 'string' && name !== '') return name;
    }
  } catch {
    // A throwing getter or a revoked Proxy: no name to read.
  }
  return '_OTHER';
}
