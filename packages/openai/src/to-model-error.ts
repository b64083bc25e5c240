import { ModelCallError } from './errors/model-call-error.js';
import { ModelStreamError } from './errors/model-stream-error.js';
import { redactSecret, redactValue } from '@llmcompiler/core/internal';

/** What the error of a failed call is made with. */
export interface ModelErrorContext {
  /** The model that was called. */
  readonly modelId: string;
  /** The request's signal: when it has aborted, its reason is the error. */
  readonly signal: AbortSignal | undefined;
  /** The API keys to remove from the error and its cause: every key the client may have sent. */
  readonly secrets: readonly string[];
}

/**
 * The error a failed `chat.completions.create()` call surfaces as: the abort reason when the call was
 * aborted, otherwise a {@link ModelCallError} with the provider's status and message, and as `cause` a
 * redacted copy of the SDK's error (see {@link redactValue}): no rendering of it shows an API key.
 */
export function toCallError(error: unknown, { modelId, signal, secrets }: ModelErrorContext): unknown {
  if (signal?.aborted) return signal.reason;
  const api = readApiError(error);
  return new ModelCallError({
    modelId,
    status: api?.status,
    providerMessage: redactSecret(providerMessage(error, api), secrets),
    code: api?.code === undefined ? undefined : redactSecret(api.code, secrets),
    requestId: api?.requestId === undefined ? undefined : redactSecret(api.requestId, secrets),
    cause: redactValue(error, secrets),
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
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  // A connection error's own message is only `Connection error.`; the reason is in its cause.
  const cause: unknown = error.cause;
  const withCause = api.status === undefined && cause instanceof Error && cause.message !== '';
  return withCause ? `${message} (${cause.message})` : message;
}
