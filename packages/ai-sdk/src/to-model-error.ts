import { ModelCallError, ModelStreamError } from '@llmcompiler/core';
import { redactSecret, redactValue } from '@llmcompiler/core/internal';
import { APICallError } from 'ai';

/** What the error of a failed call is made with. */
export interface ModelErrorContext {
  /** The model that was called. */
  readonly modelId: string;
  /** The request's signal: when it has aborted, its reason is the error. */
  readonly signal: AbortSignal | undefined;
  /** Secrets to remove from the error and its cause (the option `secrets`). */
  readonly secrets: readonly string[];
  /** How many times the call was retried before this error. */
  readonly retries: number;
}

/**
 * The error a failed model call surfaces as: the abort reason when the call was aborted; for the AI SDK's
 * `APICallError` (what providers throw for an HTTP error or a failed connection) a {@link ModelCallError}
 * with its status, the provider's message and error code, the request id and the URL; for anything else
 * the error itself. Every cause is a copy without the secrets (see `redactValue`).
 */
export function toCallError(error: unknown, context: ModelErrorContext): unknown {
  const { modelId, signal, secrets } = context;
  if (signal?.aborted) return signal.reason;
  if (!APICallError.isInstance(error)) return redactValue(error, secrets);
  const body = errorBody(error.data);
  const status = error.statusCode;
  const url = safeURL(error.url);
  const headers = error.responseHeaders ?? {};
  const requestId = headers['request-id'] ?? headers['x-request-id'];
  const network = status === undefined ? networkReason(error.cause) : undefined;
  return new ModelCallError({
    modelId,
    status,
    providerMessage: redactSecret(body?.message ?? error.message, secrets),
    code: network ?? (body?.code === undefined ? undefined : redactSecret(body.code, secrets)),
    requestId: requestId === undefined ? undefined : redactSecret(requestId, secrets),
    cause: redactValue(error, secrets),
    url,
    noResponse:
      network === undefined ? undefined : { kind: 'connection', reason: redactSecret(network, secrets), retries: context.retries },
  });
}

/**
 * The error of an `error` part of the stream. What the provider reported mid-answer (its error event's body,
 * e.g. Anthropic's `overloaded_error`) is a {@link ModelCallError} without status, with the provider's
 * message; an `Error` the provider's client raised while reading the stream (it ended without a finish
 * reason, a chunk was not valid JSON) is a {@link ModelStreamError}: the answer is incomplete.
 */
export function toStreamPartError(error: unknown, context: ModelErrorContext): unknown {
  const { modelId, signal, secrets } = context;
  if (signal?.aborted) return signal.reason;
  if (APICallError.isInstance(error)) return toCallError(error, context);
  if (error instanceof Error) return toStreamError(error, context);
  const body = errorBody(error) ?? errorBody({ error });
  const message = body?.message ?? (error instanceof Error ? error.message : safeJson(error));
  return new ModelCallError({
    modelId,
    status: undefined,
    providerMessage: redactSecret(message, secrets),
    code: body?.code === undefined ? undefined : redactSecret(body.code, secrets),
    cause: redactValue(error, secrets),
  });
}

/**
 * The error of a stream that broke while the answer streamed (the AI SDK reports it as an `APICallError`
 * with the 200 status, `Failed to process successful response`, the network error as its cause): a
 * {@link ModelStreamError} naming the deepest reason (`other side closed`).
 */
export function toStreamError(error: unknown, context: ModelErrorContext): unknown {
  const { modelId, signal, secrets } = context;
  if (signal?.aborted) return signal.reason;
  const reason = APICallError.isInstance(error) ? networkReason(error.cause) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const detail = reason === undefined ? message : `${message} (${reason})`;
  return new ModelStreamError(modelId, redactSecret(detail, secrets), { cause: redactValue(error, secrets) });
}

/**
 * The message and code of a provider's error body: OpenAI's `{ error: { message, code, type } }`, Anthropic's
 * `{ type: 'error', error: { type, message } }`, or a bare `{ message, code }`.
 */
function errorBody(data: unknown): { message: string | undefined; code: string | undefined } | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const inner = (data as { error?: unknown }).error;
  const fields = (inner !== null && typeof inner === 'object' ? inner : data) as { message?: unknown; code?: unknown; type?: unknown };
  const message = typeof fields.message === 'string' && fields.message !== '' ? fields.message : undefined;
  const code = typeof fields.code === 'string' ? fields.code : typeof fields.type === 'string' ? fields.type : undefined;
  if (message === undefined && code === undefined) return undefined;
  return { message, code };
}

/** The network error's code (`ECONNREFUSED`) or deepest message in a failed `fetch`'s cause chain. */
function networkReason(cause: unknown): string | undefined {
  let reason: string | undefined;
  let current = cause;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (current.message !== '') reason = current.message;
    current = current.cause ?? (current instanceof AggregateError ? current.errors[0] : undefined);
  }
  return reason;
}

/** The URL without query, fragment and credentials, which may hold secrets. */
function safeURL(text: string): string | undefined {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return undefined;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
