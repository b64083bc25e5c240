import { InvalidOptionError, type InvalidOptionErrorFields } from '../errors/invalid-option-error.js';

/** Makes the error an option check throws; lets `tool()` and the adapters throw their own subclass. */
export type OptionErrorFactory = (fields: InvalidOptionErrorFields) => InvalidOptionError;

/**
 * The checks every entry point of the llmcompiler packages runs on its options: one place for the rules
 * and for the wording of `` Expected `option` to be ..., got ... ``. Each check returns the value, typed,
 * or throws the factory's error.
 */
export interface OptionChecks {
  /** An integer from `min` (and at most `max`). */
  integer(option: string, value: unknown, min: number, max?: number): number;
  /** An integer from 1 and up, or `Infinity`: a concurrency or a count limit. */
  limit(option: string, value: unknown): number;
  /** A finite number above 0, e.g. milliseconds. */
  positive(option: string, value: unknown, expected?: string): number;
  /** A finite number from 0. */
  nonNegative(option: string, value: unknown, expected?: string): number;
  /** A finite number in `[min, max]`. */
  between(option: string, value: unknown, min: number, max: number): number;
  /** One of `allowed`. */
  oneOf<const T extends string>(option: string, value: unknown, allowed: readonly T[]): T;
  /** A function. */
  func<T extends (...args: never[]) => unknown>(option: string, value: unknown): T;
  /** A boolean. */
  boolean(option: string, value: unknown): boolean;
  /** A string (non-empty after trimming when `nonEmpty`). */
  string(option: string, value: unknown, nonEmpty?: boolean): string;
  /** A plain object (not null, not an array). */
  object(option: string, value: unknown, expected?: string): Record<string, unknown>;
  /** An object with only `keys`: throws naming the first unknown key. */
  keys(option: string, value: Record<string, unknown>, keys: readonly string[]): void;
  /** Throws the factory's error: for checks of a shape of their own. */
  fail(option: string, expected: string, received: unknown, details?: { readonly reason?: string; readonly got?: string }): never;
}

const defaultFactory: OptionErrorFactory = (fields) => new InvalidOptionError(fields);

/**
 * Creates the option checks, throwing {@link InvalidOptionError}s made by `factory` (by default plain
 * `InvalidOptionError`s) that name `owner` when given (``tool `search` ``).
 *
 * @example
 * ```ts
 * const check = optionChecks();
 * const concurrency = check.limit('concurrency', options.concurrency ?? Infinity);
 * // InvalidOptionError: Expected `concurrency` to be an integer from 1 and up, or Infinity, got `0` (number)
 * ```
 */
export function optionChecks(options: { readonly owner?: string | undefined; readonly factory?: OptionErrorFactory } = {}): OptionChecks {
  const factory = options.factory ?? defaultFactory;
  const { owner } = options;
  const fail = (option: string, expected: string, received: unknown, details: { readonly reason?: string; readonly got?: string } = {}): never => {
    throw factory({ option, expected, received, owner, reason: details.reason, got: details.got });
  };
  const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  return {
    fail,
    integer(option, value, min, max = Number.POSITIVE_INFINITY) {
      if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return value as number;
      return fail(option, max === Number.POSITIVE_INFINITY ? `an integer from ${min} and up` : `an integer from ${min} to ${max}`, value);
    },
    limit(option, value) {
      if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 1)) return value as number;
      return fail(option, 'an integer from 1 and up, or Infinity', value);
    },
    positive(option, value, expected = 'a positive number') {
      return isFiniteNumber(value) && value > 0 ? value : fail(option, expected, value);
    },
    nonNegative(option, value, expected = 'a number from 0 and up') {
      return isFiniteNumber(value) && value >= 0 ? value : fail(option, expected, value);
    },
    between(option, value, min, max) {
      return isFiniteNumber(value) && value >= min && value <= max ? value : fail(option, `a number from ${min} to ${max}`, value);
    },
    oneOf(option, value, allowed) {
      if ((allowed as readonly unknown[]).includes(value)) return value as (typeof allowed)[number];
      const names = allowed.map((item) => `'${item}'`);
      return fail(option, `one of ${names.join(', ')}`, value);
    },
    func<T>(option: string, value: unknown) {
      return typeof value === 'function' ? (value as T) : fail(option, 'a function', value);
    },
    boolean(option, value) {
      return typeof value === 'boolean' ? value : fail(option, 'a boolean', value);
    },
    string(option, value, nonEmpty = false) {
      if (typeof value === 'string' && (!nonEmpty || value.trim() !== '')) return value;
      return fail(option, nonEmpty ? 'a non-empty string' : 'a string', value);
    },
    object(option, value, expected = 'an object') {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      return fail(option, expected, value);
    },
    keys(option, value, keys) {
      const unknownKey = Object.keys(value).find((key) => !keys.includes(key));
      if (unknownKey !== undefined) {
        fail(`${option === '' ? '' : `${option}.`}${unknownKey}`, `a known option (${keys.join(', ')})`, value[unknownKey]);
      }
    },
  };
}
