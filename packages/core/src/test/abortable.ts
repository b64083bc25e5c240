// Timing helpers of the test doubles. They use the global `setTimeout` on purpose, so that
// `vi.useFakeTimers()` drives them, and always clear their timer and listener when they settle.

import { raceAbort } from '../util/abortable.js';

export { sleep } from '../execute/sleep.js';
export { raceAbort };

/** Never resolves; rejects with the signal's reason when it aborts. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return raceAbort(new Promise<never>(() => {}), signal);
}
