import { clientErrorContext, toCallError, toStreamError, type ClientErrorSource } from './to-model-error.js';

/** The SDK's per-request options: the model's `maxRetries` and `timeout`, and the request's signal. */
export interface ClientCallOptions {
  readonly maxRetries?: number;
  readonly timeout?: number;
  readonly signal?: AbortSignal;
}

/**
 * Makes one streaming call of the `openai` client and yields what its stream yields, the part both models
 * share: `create` is called with the model's request options and the request's signal; a call that fails is
 * a `ModelCallError` (or the abort reason), a stream that fails midway a `ModelStreamError` (see
 * `toCallError`, `toStreamError`), both cleared of every key the client sent. A consumer that stops early
 * (`break`, `return`, a throw in its loop) ends the SDK's iterator, which aborts the HTTP request. The SDK
 * ends its stream quietly when the request is aborted; this throws the abort reason instead.
 *
 * The consumer's own code never runs inside the `try` that maps the SDK's errors: what it throws is not
 * taken for a network error.
 *
 * @example
 * ```ts
 * for await (const chunk of streamClientCall(source, signal, (options) => client.chat.completions.create(body, options))) {
 *   yield* mapChunk(chunk).parts;
 * }
 * ```
 */
export async function* streamClientCall<T>(
  source: ClientErrorSource,
  signal: AbortSignal | undefined,
  create: (options: ClientCallOptions) => PromiseLike<AsyncIterable<T>>,
): AsyncGenerator<T, void, undefined> {
  let items: AsyncIterable<T>;
  try {
    // The SDK retries 429, 408, 409 and 5xx itself (`maxRetries`, honouring `retry-after`); the signal
    // aborts the HTTP request, whether it is waiting for headers or streaming the body.
    items = await create({ ...source.requestOptions, ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    throw toCallError(error, clientErrorContext(source, signal));
  }
  const iterator = items[Symbol.asyncIterator]();
  let done = false;
  try {
    while (true) {
      let result: IteratorResult<T>;
      try {
        result = await iterator.next();
      } catch (error) {
        done = true;
        throw toStreamError(error, clientErrorContext(source, signal));
      }
      if (result.done === true) break;
      yield result.value;
    }
    done = true;
  } finally {
    if (!done) await iterator.return?.();
  }
  signal?.throwIfAborted();
}
