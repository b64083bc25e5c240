/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are placeholders for local servers (`ollama`, `EMPTY`); replacing them would
 * garble messages without protecting anything.
 */
const MIN_SECRET_LENGTH = 8;

/** `text` with every occurrence of `secret` replaced by `[redacted]`. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return text;
  return text.replaceAll(secret, REDACTED);
}

/**
 * Removes `secret` from an error the SDK made for this call (its message, stack and parsed response body)
 * and from its causes, in place. A provider may echo the key back in an error body; the error then becomes
 * the `cause` of an error of this library, which users log.
 */
export function redactErrorInPlace(error: unknown, secret: string | undefined, depth = 0): void {
  if (secret === undefined || secret.length < MIN_SECRET_LENGTH || depth > 4) return;
  if (error === null || typeof error !== 'object') return;
  const record = error as Record<string, unknown>;
  for (const key of ['message', 'stack'] as const) {
    const value = record[key];
    if (typeof value === 'string' && value.includes(secret)) rewrite(record, key, redactSecret(value, secret));
  }
  // `APIError.error` holds the response body as parsed JSON.
  const body = record['error'];
  if (body !== null && typeof body === 'object') {
    const json = safeStringify(body);
    if (json?.includes(secret)) rewrite(record, 'error', JSON.parse(redactSecret(json, secret)) as unknown);
  }
  if ('cause' in record) redactErrorInPlace(record['cause'], secret, depth + 1);
}

function rewrite(target: Record<string, unknown>, key: string, value: unknown): void {
  try {
    const enumerable = Object.prototype.propertyIsEnumerable.call(target, key);
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable });
  } catch {
    // A frozen error keeps its text; the wrapping error's own message is redacted regardless.
  }
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
