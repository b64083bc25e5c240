import { REDACTED, isCredentialName, redactField, redactSecret } from './redact-secret.js';

/** How deep a value is copied; anything deeper that would show a secret becomes `[redacted]`. */
const MAX_DEPTH = 12;
/** How many objects one look into a value visits; past it, every object left counts as holding a secret. */
const MAX_OBJECTS = 5_000;
/** The symbol of `util.inspect.custom`, without importing `node:util` (the SDK also runs outside Node). */
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * A copy of `value` that shows none of `secrets` (nor any credential header or field, see `redactField`)
 * however it is rendered: `String`, `JSON.stringify` or `util.inspect` at any depth. Meant for the SDK's
 * error before it becomes the `cause` of an error of this package: a provider or proxy may echo the
 * `Authorization` header into the response headers or the error body, and users log errors with their causes.
 *
 * What shows no secret is kept as it is (the same object). What does is copied, never changed in place, so
 * the SDK's own objects keep working:
 *
 * - an error becomes a native error of the same prototype (`instanceof APIError` still holds) with every own
 *   property (`message`, `stack`, `cause`, `headers`, `error`...) redacted;
 * - `Headers` become new `Headers` of the same class; `Request` and `Response` a plain object of their
 *   `url`, `status` and `headers` (their bodies are never read);
 * - arrays, `Map`s, `Set`s and plain objects are copied entry by entry;
 * - an instance of another class becomes an object of the same prototype with its own properties redacted,
 *   or a plain object when its class renders itself (`[util.inspect.custom]`, `toJSON`) from state a copy
 *   would lack.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  return new Redaction(secrets).copy(value, 0) as T;
}

class Redaction {
  readonly #secrets: readonly string[];
  /** Each object met, and what stands for it in the copy (itself when it shows nothing). */
  readonly #copies = new Map<object, unknown>();
  /** Objects known to show a secret. */
  readonly #revealing = new Set<object>();

  constructor(secrets: readonly string[]) {
    this.#secrets = secrets;
  }

  copy(value: unknown, depth: number, name?: string): unknown {
    if (typeof value === 'string') return name === undefined ? redactSecret(value, this.#secrets) : redactField(name, value, this.#secrets);
    if (typeof value !== 'object' || value === null) return value;
    if (this.#copies.has(value)) return this.#copies.get(value);
    if (!this.#reveals(value, depth, { seen: new Set(), budget: MAX_OBJECTS })) {
      this.#copies.set(value, value);
      return value;
    }
    if (depth >= MAX_DEPTH) return REDACTED;
    return this.#copyObject(value, depth);
  }

  #copyObject(value: object, depth: number): unknown {
    const tag = Object.prototype.toString.call(value);
    if (tag === '[object Headers]') return this.#remember(value, this.#copyHeaders(value as Headers));
    if (tag === '[object URL]') return this.#remember(value, redactSecret(String(value), this.#secrets));
    if (tag === '[object Response]' || tag === '[object Request]') {
      const message = value as Partial<Response & Request>;
      const snapshot: Record<string, unknown> = {};
      this.#remember(value, snapshot);
      for (const key of ['method', 'url', 'status', 'statusText'] as const) {
        if (message[key] !== undefined) snapshot[key] = this.copy(message[key], depth + 1);
      }
      snapshot['headers'] = this.copy(message.headers, depth + 1);
      return snapshot;
    }
    if (Array.isArray(value)) {
      const copy: unknown[] = this.#remember(value, []);
      for (const item of value) copy.push(this.copy(item, depth + 1));
      return copy;
    }
    if (value instanceof Map) {
      const copy = this.#remember(value, new Map<unknown, unknown>());
      for (const [key, item] of value) {
        copy.set(this.copy(key, depth + 1), this.copy(item, depth + 1, typeof key === 'string' ? key : undefined));
      }
      return copy;
    }
    if (value instanceof Set) {
      const copy = this.#remember(value, new Set<unknown>());
      for (const item of value) copy.add(this.copy(item, depth + 1));
      return copy;
    }
    const copy = this.#remember(value, this.#emptyLike(value));
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key)!;
      const item = 'value' in descriptor ? descriptor.value : read(value, key);
      Object.defineProperty(copy, key, {
        value: this.copy(item, depth + 1, typeof key === 'string' ? key : undefined),
        writable: true,
        enumerable: descriptor.enumerable ?? false,
        configurable: true,
      });
    }
    return copy;
  }

  /** An object to copy `value`'s own properties onto, which renders the way `value` does. */
  #emptyLike(value: object): object {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (isError(value)) {
      // A native error (util.inspect shows it as one, with its stack), of the same class. Its own `stack`
      // is replaced by the original's, or removed when the original has none.
      const error = new Error();
      Object.setPrototypeOf(error, prototype as object | null);
      delete (error as { stack?: unknown }).stack;
      return error;
    }
    if (prototype === null || prototype === Object.prototype) return Object.create(prototype as object | null) as object;
    const rendersItself = inspectCustom in value || typeof (value as { toJSON?: unknown }).toJSON === 'function';
    return rendersItself ? {} : (Object.create(prototype as object) as object);
  }

  #copyHeaders(headers: Headers): Headers | Record<string, string> {
    const entries: [string, string][] = [];
    headers.forEach((item, name) => entries.push([name, redactField(name, item, this.#secrets)]));
    try {
      const copy = new (headers.constructor as typeof Headers)();
      for (const [name, item] of entries) copy.append(name, item);
      return copy;
    } catch {
      return Object.fromEntries(entries);
    }
  }

  #remember<T>(original: object, copy: T): T {
    this.#copies.set(original, copy);
    return copy;
  }

  /**
   * Whether `value`, or anything it holds, shows a secret or a credential. Conservative: an object deeper
   * than {@link MAX_DEPTH}, or met once the look has visited {@link MAX_OBJECTS}, counts as showing one.
   */
  #reveals(value: unknown, depth: number, look: Look, name?: string): boolean {
    if (typeof value === 'string') {
      const redacted = name === undefined ? redactSecret(value, this.#secrets) : redactField(name, value, this.#secrets);
      return redacted !== value;
    }
    if (typeof value !== 'object' || value === null || look.seen.has(value) || ArrayBuffer.isView(value)) return false;
    if (this.#revealing.has(value)) return true;
    look.seen.add(value);
    const reveals =
      depth >= MAX_DEPTH ||
      --look.budget < 0 ||
      this.#anyPart(value, (part, partName) => this.#reveals(part, depth + 1, look, partName));
    // Only a `true` is kept: a `false` found inside a cycle may have skipped an ancestor still being looked at.
    if (reveals) this.#revealing.add(value);
    return reveals;
  }

  /** Whether `test` holds for a part of `value`: an entry, item or own property (with its name, if any). */
  #anyPart(value: object, test: (part: unknown, name?: string) => boolean): boolean {
    const tag = Object.prototype.toString.call(value);
    if (tag === '[object Headers]') {
      let found = false;
      (value as Headers).forEach((item, name) => {
        found ||= test(item, name);
      });
      return found;
    }
    if (tag === '[object URL]') return test(String(value));
    if (tag === '[object Response]' || tag === '[object Request]') {
      const message = value as Partial<Response & Request>;
      return test(message.url) || test(message.headers);
    }
    if (value instanceof Map) return [...value].some(([key, item]) => test(key) || test(item, typeof key === 'string' ? key : undefined));
    if (value instanceof Set) return [...value].some((item) => test(item));
    return Reflect.ownKeys(value).some((key) => test(read(value, key), typeof key === 'string' ? key : undefined));
  }
}

/** One look into a value: the objects visited, and how many more may be. */
interface Look {
  readonly seen: Set<object>;
  budget: number;
}

function isError(value: object): boolean {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

/** A property's value; a getter that throws gives `undefined`. */
function read(target: object, key: PropertyKey): unknown {
  try {
    return Reflect.get(target, key) as unknown;
  } catch {
    return undefined;
  }
}
