/** Why a request got no response: the connection failed, or no response came within the timeout. */
export interface NetworkFailure {
  /**
   * `'connection'`: the connection could not be made or broke before a response (refused, unknown host,
   * TLS, reset); `'timeout'`: no response headers came within the SDK's `timeout`.
   */
  readonly kind: 'connection' | 'timeout';
  /** The network error's code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_CONNECT_TIMEOUT`), when it has one. */
  readonly code: string | undefined;
  /** The most specific thing the error chain says: its code, else its deepest message. */
  readonly reason: string;
  /** The deepest message of the error chain, e.g. `connect ECONNREFUSED 127.0.0.1:9`. */
  readonly detail: string;
}

/** How deep the cause chain is searched: the SDK's error, `fetch failed`, the socket's error, and a little more. */
const MAX_DEPTH = 8;

/**
 * What a `chat.completions.create()` error says about a request that got no response, or `undefined` when
 * the error is not the SDK's `APIConnectionError` (or its `APIConnectionTimeoutError`).
 *
 * The SDK's own message is only `Connection error.` or `Request timed out.`: the reason sits in its cause
 * chain (`TypeError: fetch failed`, then the socket's `Error` with `code: 'ECONNREFUSED'`, or an
 * `AggregateError` when a host has several addresses). Classes are recognised by name, so that a second
 * copy of `openai` (a `client` from another version) is understood too.
 */
export function readNetworkFailure(error: unknown): NetworkFailure | undefined {
  if (!hasClassNamed(error, 'APIConnectionError')) return undefined;
  const kind = hasClassNamed(error, 'APIConnectionTimeoutError') ? 'timeout' : 'connection';
  let code: string | undefined;
  let message: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Error; depth++) {
    const own = (current as { code?: unknown }).code;
    if (code === undefined && typeof own === 'string' && own !== '') code = own;
    if (current.message !== '') message = current.message;
    // An AggregateError (every address of the host failed) tells its story in its first error.
    const next: unknown = current.cause ?? (current instanceof AggregateError ? current.errors[0] : undefined);
    current = next;
  }
  const detail = message ?? 'unknown network error';
  return { kind, code, reason: code ?? detail, detail };
}

function hasClassNamed(value: unknown, name: string): boolean {
  for (let prototype = value instanceof Error ? Object.getPrototypeOf(value) : null; prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
    if ((prototype as { constructor?: { name?: unknown } }).constructor?.name === name) return true;
  }
  return false;
}

/**
 * The URL a client sends requests of `path` (`/chat/completions`, `/responses`) to, without its query,
 * fragment and credentials (which may hold secrets), for messages: `http://127.0.0.1:8080/v1/chat/completions`.
 * `undefined` when the client's base URL cannot be read as one.
 */
export function endpointURL(client: { buildURL(path: string, query: null): string }, path: string): string | undefined {
  try {
    const url = new URL(client.buildURL(path, null));
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return undefined;
  }
}
