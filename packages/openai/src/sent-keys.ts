/**
 * How many keys are remembered. A rotating `apiKey` function gives a new key now and then; an error is
 * redacted of the latest ones, and a process that rotates keys forever must not keep them all.
 */
const MAX_KEYS = 16;

/**
 * The API keys a model's client has sent, newest last, so that errors can be cleared of the very keys that
 * went out, including those an async `apiKey` function returned (which the client only holds until the next
 * call replaces it).
 */
export class SentKeys {
  readonly #keys = new Set<string>();

  /** Remembers `key` as sent (again); anything but a non-empty string is ignored. */
  remember(key: unknown): void {
    if (typeof key !== 'string' || key === '') return;
    this.#keys.delete(key);
    this.#keys.add(key);
    if (this.#keys.size > MAX_KEYS) this.#keys.delete(this.#keys.values().next().value!);
  }

  /** `apiKey`, remembering each key it returns before the client sends it. */
  wrap(apiKey: () => Promise<string>): () => Promise<string> {
    return async () => {
      const key = await apiKey();
      this.remember(key);
      return key;
    };
  }

  /** The remembered keys, oldest first. */
  list(): string[] {
    return [...this.#keys];
  }
}
