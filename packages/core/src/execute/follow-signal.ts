/** What each signal's one listener calls, in the order the followers came. */
const followers = new WeakMap<AbortSignal, Set<(reason: unknown) => void>>();

/**
 * Calls `onAbort` with the reason when `signal` aborts (at once if it already has), until the returned
 * function is called. `onAbort` must not throw: it would keep the followers after it from being told.
 *
 * All the followers of one signal share one `abort` listener, added by the first and removed when the last
 * leaves: a caller may pass one signal to any number of concurrent runs without Node's
 * `MaxListenersExceededWarning`, and without this library changing the listener limit of a signal it does
 * not own.
 *
 * @example
 * ```ts
 * const unfollow = followSignal(options.signal, (reason) => controller.abort(reason));
 * try {
 *   await work(controller.signal);
 * } finally {
 *   unfollow();
 * }
 * ```
 */
export function followSignal(signal: AbortSignal, onAbort: (reason: unknown) => void): () => void {
  if (signal.aborted) {
    onAbort(signal.reason);
    return unfollowNothing;
  }
  let set = followers.get(signal);
  if (set === undefined) {
    set = new Set();
    followers.set(signal, set);
    signal.addEventListener('abort', notifyFollowers, { once: true });
  }
  // Its own function: the same callback may follow twice and leave twice.
  const follower = (reason: unknown): void => onAbort(reason);
  set.add(follower);
  const following = set;
  return () => {
    if (!following.delete(follower) || following.size > 0 || followers.get(signal) !== following) return;
    followers.delete(signal);
    signal.removeEventListener('abort', notifyFollowers);
  };
}

/** The one listener of every followed signal: `this` is the signal that aborted. */
function notifyFollowers(this: AbortSignal): void {
  const set = followers.get(this);
  followers.delete(this);
  // A copy: a follower that leaves while others are told must not hide them.
  if (set !== undefined) for (const follower of [...set]) follower(this.reason);
}

function unfollowNothing(): void {}
