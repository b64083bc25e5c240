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
 * Each call adds one `abort` listener; each part costs one promise, whose rejecter the listener calls.
 * (`Promise.race` against one abort promise would cost as much per part, and would also leave a reaction on
 * that promise per part until the call ends.)
 *
 * @example
 * ```ts
 * let text = '';
 * await readStream(model.stream(request), signal, (part) => {
 *   if (part.type === 'text-delta') text += part.text;
 * });
 * ```
 */
export async function readStream<T>(stream: AsyncIterable<T>, signal: AbortSignal, onPart: (part: T) => void): Promise<void> {
  signal.throwIfAborted();
  const iterator = stream[Symbol.asyncIterator]();
  /** The rejecter of the wait in progress. */
  let stop: ((reason: unknown) => void) | undefined;
  /** The stream ended by itself (done, or it threw): there is nothing to close. */
  let ended = false;
  const onAbort = (): void => stop?.(signal.reason);
  const onStreamError = (error: unknown): void => {
    ended = true;
    stop?.(error);
  };
  /** One wait for the next part; a single function for every part, so no closure is made per part. */
  const next = (resolve: (result: IteratorResult<T>) => void, reject: (reason: unknown) => void): void => {
    stop = reject;
    iterator.next().then(resolve, onStreamError);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      // `onPart` may have aborted the run (a listener calling `run.abort()`): never wait after that.
      if (signal.aborted) throw signal.reason;
      const result = await new Promise<IteratorResult<T>>(next);
      if (result.done === true) {
        ended = true;
        return;
      }
      onPart(result.value);
    }
  } finally {
    stop = undefined;
    signal.removeEventListener('abort', onAbort);
    if (!ended) closeQuietly(iterator);
  }
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
