import { describeValue, UNDESCRIBABLE } from './describe-value.js';

/**
 * The message of whatever was thrown, for an error's own message: an `Error`'s `message`, a string as it
 * is, anything else described. Never throws, whatever the value (a null-prototype object, a throwing
 * getter, a revoked Proxy).
 */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    if (typeof error === 'string') return error;
    return describeValue(error);
  } catch {
    return UNDESCRIBABLE;
  }
}
