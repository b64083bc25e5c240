// Waiting on code we do not control (a model's stream, a function joiner) so that an abort always wins:
// a stream or promise that ignores its signal cannot keep a run from settling.

/**
 * Reads `stream` to its end, handing each part to `onPart`, unless `signal` aborts first: then it rejects
 * with the signal's reason at once, even when the stream ignores the signal and never yields again.
 *
 * When it stops before the stream's end (an abort, or `onPart` throwing), it calls the iterator's `return()`
 * without waiting for it (a stuck stream's `return()` may never settle) and handles its rejection. A stream
 * that throws is not closed: it has already ended.
 *
 * Each call adds one `abort` listener and makes one promise; each part costs only the reaction to the
 * stream's own `next()` promise. (An `await` per part would cost a promise of its own to race against the
 * abort; `Promise.race` against one abort promise would also leave a reaction on it per part.)
 *
 * @example
 * ```ts
 * let text = '';
 * await readStream(model.stream(request), signal, (part) => {
 *   if (part.type === 'text-delta') text += part.text;
 * });
 * ```
 */
export function readStream<T>(stream: AsyncIterable<T>, signal: AbortSignal, onPart: (part: T) => void): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise<void>((resolve, reject) => {
    let iterator: AsyncIterator<T>;
    /** Whether the call has settled: what the stream does afterwards is ignored. */
    let settled = false;
    const stop = (error: unknown, close: boolean): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (close) closeQuietly(iterator);
      reject(error);
    };
    const onAbort = (): void => stop(signal.reason, true);
    const onStreamError = (error: unknown): void => stop(error, false);
    const onResult = (result: IteratorResult<T>): void => {
      if (settled) return;
      if (result.done === true) {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      try {
        onPart(result.value);
      } catch (error) {
        stop(error, true);
        return;
      }
      next();
    };
    const next = (): void => {
      // `onPart` may have aborted the run (a listener calling `run.abort()`): never ask for more after that.
      if (settled) return;
      let pending: Promise<IteratorResult<T>>;
      try {
        pending = Promise.resolve(iterator.next());
      } catch (error) {
        stop(error, true);
        return;
      }
      pending.then(onResult, onStreamError);
    };
    try {
      iterator = stream[Symbol.asyncIterator]();
    } catch (error) {
      reject(error);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    next();
  });
}

/**
 * Settles like `value`, unless `signal` aborts first: then it rejects with the signal's reason at once, and
 * `value` is left to settle on its own (its rejection handled, never reported as unhandled).
 *
 * @example
 * ```ts
 * const decision = await raceAbort(joiner(context), signal);
 * ```
 */
export function raceAbort<T>(value: T | PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return Promise.resolve(value);
  if (signal.aborted) {
    Promise.resolve(value).then(undefined, ignore);
    return Promise.reject(signal.reason as unknown);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as unknown);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(value).then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Calls `return()` on an iterator left early, without waiting for it; nothing it does can throw here. */
function closeQuietly(iterator: AsyncIterator<unknown>): void {
  try {
    const closing = iterator.return?.();
    if (closing !== undefined) Promise.resolve(closing).then(undefined, ignore);
  } catch {
    // A stream that cannot even be closed is left to the garbage collector.
  }
}

function ignore(): void {}
