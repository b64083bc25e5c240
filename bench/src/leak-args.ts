/** The flags of the leak and load benchmark (`src/leak.ts`). */
import { parseArgs } from 'node:util';

/** How many runs each part of the leak and load benchmark makes. */
export interface LeakOptions {
  /** Runs one after the other, measured: every tenth fails a tool, every tenth is aborted, every tenth times out. */
  readonly sequential: number;
  /** Runs of the same mix before the sequential ones, not measured, so the heap measured is not the JIT's. */
  readonly warmup: number;
  /** Runs started at once, of the same mix, with small latencies. */
  readonly concurrent: number;
  /** Whether `--quick` was given: the defaults are then {@link QUICK_LEAK_OPTIONS}. */
  readonly quick: boolean;
}

/** The counts of a full run. */
export const FULL_LEAK_OPTIONS: LeakOptions = Object.freeze({ sequential: 10_000, warmup: 500, concurrent: 5_000, quick: false });

/** The counts with `--quick`. */
export const QUICK_LEAK_OPTIONS: LeakOptions = Object.freeze({ sequential: 2_000, warmup: 200, concurrent: 1_000, quick: true });

/**
 * Reads the flags: `--quick` (smaller counts), then `--sequential N`, `--warmup N` and `--concurrent N`,
 * which override the counts of the mode. `--warmup` may be 0; the other two are from 1.
 *
 * @throws {RangeError} when a count is not a whole number in range, or a flag is unknown.
 *
 * @example
 * ```ts
 * parseLeakArgs(['--quick', '--concurrent', '300']);
 * // { sequential: 2000, warmup: 200, concurrent: 300, quick: true }
 * ```
 */
export function parseLeakArgs(args: readonly string[]): LeakOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        quick: { type: 'boolean', default: false },
        sequential: { type: 'string' },
        warmup: { type: 'string' },
        concurrent: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new RangeError(
      `Expected the flags --quick, --sequential N, --warmup N and --concurrent N, got ${JSON.stringify(args.join(' '))}: ${(error as Error).message}`,
    );
  }
  const defaults = values.quick ? QUICK_LEAK_OPTIONS : FULL_LEAK_OPTIONS;
  return {
    sequential: count('sequential', values.sequential, defaults.sequential, 1),
    warmup: count('warmup', values.warmup, defaults.warmup, 0),
    concurrent: count('concurrent', values.concurrent, defaults.concurrent, 1),
    quick: values.quick,
  };
}

function count(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`Expected \`--${name}\` to be an integer from ${min} and up, got ${JSON.stringify(text)}`);
  }
  return value;
}
