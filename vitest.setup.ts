// A test that prints to the console is either noisy or hiding a problem: fail it.
import { afterEach, beforeEach, vi } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

beforeEach(() => {
  for (const method of methods) vi.spyOn(console, method);
});

afterEach(() => {
  const printed = methods.flatMap((method) =>
    (console[method] as unknown as { mock: { calls: unknown[][] } }).mock.calls.map(
      (call) => `console.${method}(${call.map((value) => String(value)).join(', ')})`,
    ),
  );
  vi.restoreAllMocks();
  if (printed.length > 0) throw new Error(`The test printed to the console:\n${printed.join('\n')}`);
});
