/**
 * Waits `ms` milliseconds on the global `setTimeout` (so fake timers drive it), or rejects with the
 * signal's reason as soon as it aborts; the timer is cleared either way. A wait of 0 (or less) sets no
 * timer at all: it settles in a microtask.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as unknown);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
