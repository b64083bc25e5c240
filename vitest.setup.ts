// A test that prints to the console, or during which the process emits a warning (a listener leak, a
// deprecated API...), is either noisy or hiding a problem: fail it.
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { collectWarnings, nextMacrotask, warningsError } from './vitest-warnings.js';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

const warnings = collectWarnings();
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
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(problems.join('\n'));
});

afterAll(async () => {
  const late = await warnings.settle();
  warnings.dispose();
  const error = warningsError("The process emitted warnings after the file's last test started", late);
  if (error !== undefined) throw error;
});
