// A test that prints to the console, during which the process emits a warning (a listener leak, a deprecated
// API...), or that leaves a promise rejection unhandled, is either noisy or hiding a problem: fail it.
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { collectWarnings, nextMacrotask, warningsError } from './vitest-warnings.js';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

const warnings = collectWarnings();
/** Promise rejections nobody handled, since the last test's check. */
const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => {
  rejections.push(reason);
};
process.on('unhandledRejection', onRejection);

/** A rejection's reason for a message; never throws, whatever was thrown (a Proxy whose traps throw, say). */
function describeReason(reason: unknown): string {
  try {
    return reason instanceof Error ? String(reason.stack ?? reason.message) : String(reason);
  } catch {
    return 'a value that cannot be described';
  }
}
/** Warnings that arrived between the previous test's end and this test's start. */
let carried: Error[] = [];

beforeAll(async () => {
  // Warnings of the imports (Node's or a dependency's, at load time) are no test's doing.
  await nextMacrotask();
  warnings.take();
});

beforeEach(() => {
  carried = warnings.take();
  for (const method of methods) vi.spyOn(console, method);
});

afterEach(async () => {
  const printed = methods.flatMap((method) =>
    (console[method] as unknown as { mock: { calls: unknown[][] } }).mock.calls.map(
      (call) => `console.${method}(${call.map((value) => String(value)).join(', ')})`,
    ),
  );
  vi.restoreAllMocks();
  const problems = [
    printed.length > 0 ? `The test printed to the console:\n${printed.join('\n')}` : undefined,
    warningsError('The process emitted warnings during the test', await warnings.settle())?.message,
    warningsError(
      'The process emitted warnings before the test started (late from the previous test, or from a beforeAll hook)',
      carried.splice(0),
    )?.message,
    // `warnings.settle()` waited a macrotask: a rejection left unhandled by the test has been reported by now.
    rejections.length > 0
      ? `The test (or the one before it) left ${rejections.length} promise rejection(s) unhandled:\n${rejections.splice(0).map(describeReason).join('\n')}`
      : undefined,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(problems.join('\n'));
});

afterAll(async () => {
  const late = await warnings.settle();
  warnings.dispose();
  process.off('unhandledRejection', onRejection);
  const error = warningsError("The process emitted warnings after the file's last test started", late);
  if (error !== undefined) throw error;
});
