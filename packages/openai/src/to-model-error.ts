import { ModelCallError } from './errors/model-call-error.js';
import { ModelStreamError } from './errors/model-stream-error.js';
import { redactSecret, redactValue } from '@llmcompiler/core/internal';
import { endpointURL, readNetworkFailure } from './network-failure.js';
import type { SentKeys } from './sent-keys.js';

/** What the error of a failed call is made with. */
export interface ModelErrorContext {
  /** The model that was called. */
  readonly modelId: string;
  /** The request's signal: when it has aborted, its reason is the error. */
  readonly signal: AbortSignal | undefined;
  /** The API keys to remove from the error and its cause: every key the client may have sent. */
  readonly secrets: readonly string[];
  /** Where the request went (no query, no credentials), for the message of a call that got no response. */
  readonly url: string | undefined;
  /** The SDK's `maxRetries` for the call: how often it retried a call that got no response. */
  readonly maxRetries: number;
  /** The SDK's `timeout` per attempt, in milliseconds. */
  readonly timeoutMs: number;
}

/** What a model knows about its client, for {@link clientErrorContext}. */
export interface ClientErrorSource {
  readonly modelId: string;
  readonly client: { readonly apiKey: unknown; readonly maxRetries: number; readonly timeout: number; buildURL(path: string, query: null): string };
  readonly sentKeys: SentKeys;
  readonly requestOptions: { readonly maxRetries?: number; readonly timeout?: number };
  /** The path requests go to: `/chat/completions`, `/responses`. */
  readonly path: string;
}

/**
 * What the errors of one call are made with. The keys to remove are those remembered and the client's
 * current one: the SDK stores there the key it last sent, also the result of an `apiKey` function (for a
 * `client` passed in, whose function this package cannot wrap, the one key it can know).
 */
export function clientErrorContext(source: ClientErrorSource, signal: AbortSignal | undefined): ModelErrorContext {
  const { client, sentKeys, requestOptions } = source;
  const current: unknown = client.apiKey;
  // 'Missing Key' is the SDK's stand-in until an `apiKey` function has returned: no secret, and common words.
  if (current !== 'Missing Key') sentKeys.remember(current);
  return {
    modelId: source.modelId,
    signal,
    secrets: sentKeys.list(),
    url: endpointURL(client, source.path),
    maxRetries: requestOptions.maxRetries ?? client.maxRetries,
    timeoutMs: requestOptions.timeout ?? client.timeout,
  };
}

/**
 * The error a failed `chat.completions.create()` (or `responses.create()`) call surfaces as: the abort reason when the call was
 * aborted, otherwise a {@link ModelCallError} with the provider's status and message, and as `cause` a
 * redacted copy of the SDK's error (see {@link redactValue}): no rendering of it shows an API key. A call
 * that got no response (connection refused, unknown host, timeout) names the URL, the network error's code
 * and the retries in its message, read from the SDK error's cause chain.
 */
export function toCallError(error: unknown, context: ModelErrorContext): unknown {
  const { modelId, signal, secrets, url } = context;
  if (signal?.aborted) return signal.reason;
  const api = readApiError(error);
  const network = api?.status === undefined ? readNetworkFailure(error) : undefined;
  const code = network?.code ?? api?.code;
  return new ModelCallError({
    modelId,
    status: api?.status,
    providerMessage: redactSecret(network?.detail ?? providerMessage(error, api), secrets),
    code: code === undefined ? undefined : redactSecret(code, secrets),
    requestId: api?.requestId === undefined ? undefined : redactSecret(api.requestId, secrets),
    cause: redactValue(error, secrets),
    url,
    noResponse:
      network === undefined
        ? undefined
        : { kind: network.kind, reason: redactSecret(network.reason, secrets), retries: context.maxRetries, timeoutMs: context.timeoutMs },
  });
}

/**
 * The error for a failure the provider reported inside the stream as an event rather than an HTTP error (the
 * Responses API's `response.failed` and `error` events): a {@link ModelCallError} without status, with the
 * provider's message and code, the API key removed; the abort reason when the call was aborted.
 */
export function toEventError(failure: { readonly message: string; readonly code: string | undefined }, context: ModelErrorContext): unknown {
  const { modelId, signal, secrets, url } = context;
  if (signal?.aborted) return signal.reason;
  return new ModelCallError({
    modelId,
    status: undefined,
    providerMessage: redactSecret(failure.message, secrets),
    code: failure.code === undefined ? undefined : redactSecret(failure.code, secrets),
    url,
  });
}

/**
 * The error a failure while reading the answer stream surfaces as: the abort reason when aborted, a
 * {@link ModelCallError} for an error event the provider sent inside the stream, otherwise a
 * {@link ModelStreamError} (the connection broke mid-answer), its cause redacted as in {@link toCallError}.
 */
export function toStreamError(error: unknown, context: ModelErrorContext): unknown {
  const { modelId, signal, secrets } = context;
  if (signal?.aborted) return signal.reason;
  if (readApiError(error) !== undefined) return toCallError(error, context);
  const detail = error instanceof Error ? error.message : String(error);
  return new ModelStreamError(modelId, redactSecret(detail, secrets), { cause: redactValue(error, secrets) });
}

interface ApiErrorFields {
  readonly status: number | undefined;
  readonly body: unknown;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
}

/**
 * The fields of the SDK's `APIError`. Read by shape rather than `instanceof` so that a `client` from a
 * second copy of `openai` (another version in the same `node_modules`) is understood too.
 */
function readApiError(error: unknown): ApiErrorFields | undefined {
  if (!(error instanceof Error) || !('status' in error && 'requestID' in error && 'error' in error)) return undefined;
  const { status, code, requestID } = error as { status?: unknown; code?: unknown; requestID?: unknown };
  return {
    status: typeof status === 'number' ? status : undefined,
    body: error.error,
    code: typeof code === 'string' ? code : undefined,
    requestId: typeof requestID === 'string' ? requestID : undefined,
  };
}

function providerMessage(error: unknown, api: ApiErrorFields | undefined): string {
  if (!(error instanceof Error)) return String(error);
  if (api === undefined) return error.message;
  const { body } = api;
  const bodyMessage = body !== null && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  if (typeof bodyMessage === 'string' && bodyMessage !== '') return bodyMessage;
  // The SDK's message is `${status} ${text}`; the status is reported on its own.
  const prefix = api.status === undefined ? '' : `${api.status} `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}
