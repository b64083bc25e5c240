import { ModelCallError } from './errors/model-call-error.js';
import { ModelStreamError } from './errors/model-stream-error.js';
import { redactSecret, redactValue } from '@llmcompiler/core/internal';
import { readNetworkFailure } from './network-failure.js';

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

/**
 * The error a failed `chat.completions.create()` call surfaces as: the abort reason when the call was
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
