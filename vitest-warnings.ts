// Process warnings (a MaxListenersExceededWarning, a DeprecationWarning, an ExperimentalWarning...) point at a
// leak or at an API on its way out, and Node only prints them to stderr, where a passing run hides them.
// vitest.setup.ts fails the test during which one is emitted; the collecting and the reporting live here so
// that they can be tested on their own (vitest-warnings.test.ts).

/** A warning that does not fail tests: an exact `name` and a substring of its `message`, and why. */
export interface AllowedWarning {
  readonly name: string;
  readonly message: string;
  readonly reason: string;
}

/**
 * Warnings that cannot be avoided from the tests' side (say, a dependency's own). None today: add one only
 * with the reason, never to hide a leak of our own.
 */
export const allowedWarnings: readonly AllowedWarning[] = [];

/** Where warnings come from: `process` in the setup, any emitter of `'warning'` events in tests. */
export interface WarningSource {
  on(event: 'warning', listener: (warning: Error) => void): unknown;
  off(event: 'warning', listener: (warning: Error) => void): unknown;
}

export interface WarningCollector {
  /** Hands over the warnings collected since the last call (allowed ones left out), and forgets them. */
  take(): Error[];
  /**
   * Waits one macrotask, so that warnings already emitted have arrived (Node delivers them on
   * `process.nextTick`), then {@link WarningCollector.take | takes} them.
   */
  settle(): Promise<Error[]>;
  /** Stops listening. */
  dispose(): void;
}

// Captured at load, before any test can install fake timers: `vi.useFakeTimers()` fakes `setImmediate` too,
// and a wait on the fake one would never end.
const realSetImmediate = globalThis.setImmediate;

/** One macrotask on the real clock, whatever a test did to the timers. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** Starts collecting the warnings of `source` (by default `process`). */
export function collectWarnings(
  source: WarningSource = process,
  allowed: readonly AllowedWarning[] = allowedWarnings,
): WarningCollector {
  let warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    if (!allowed.some((entry) => warning.name === entry.name && warning.message.includes(entry.message))) warnings.push(warning);
  };
  source.on('warning', onWarning);
  const take = (): Error[] => {
    const taken = warnings;
    warnings = [];
    return taken;
  };
  return {
    take,
    async settle() {
      await nextMacrotask();
      return take();
    },
    dispose: () => source.off('warning', onWarning),
  };
}

/**
 * The first frame of `warning`'s stack outside Node's own modules (and outside `process.emitWarning`),
 * which is where the code that caused it runs; undefined when there is none.
 */
export function firstOwnFrame(warning: Error): string | undefined {
  return warning.stack
    ?.split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at ') && !/\(node:|^at node:|emitWarning/.test(line));
}

/** One line per warning: its name, code, message and first own frame. */
export function describeWarning(warning: Error): string {
  const code = (warning as { code?: unknown }).code;
  const frame = firstOwnFrame(warning);
  return `${warning.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${warning.message}${frame === undefined ? '' : ` (${frame})`}`;
}

/** An error naming every warning, under `heading`; undefined when there are none. */
export function warningsError(heading: string, warnings: readonly Error[]): Error | undefined {
  if (warnings.length === 0) return undefined;
  return new Error(`${heading}:\n${warnings.map(describeWarning).join('\n')}`);
}
