import { describe, expect, it } from 'vitest';
import { LLMCompilerError } from './llmcompiler-error.js';
import { TaskAbortedError } from './task-aborted-error.js';
import { ToolTimeoutError } from './tool-timeout-error.js';

function hostileProxy(): object {
  const handler = new Proxy({}, { get: () => () => { throw new Error('trap'); } });
  return new Proxy({}, handler);
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('isInstance', () => {
  it('recognises errors of this library by their marker, also from another copy of the package', () => {
    const error = new ToolTimeoutError({ tool: 'search', taskId: 1, timeoutMs: 100 });
    expect(ToolTimeoutError.isInstance(error)).toBe(true);
    expect(LLMCompilerError.isInstance(error)).toBe(true);
    expect(TaskAbortedError.isInstance(error)).toBe(false);
    const copy = { [Symbol.for('llmcompiler.error')]: true, [Symbol.for('llmcompiler.error.ToolTimeoutError')]: true };
    expect(ToolTimeoutError.isInstance(copy)).toBe(true);
  });

  it('never throws, whatever was thrown', () => {
    const values: unknown[] = [
      undefined,
      null,
      'text',
      42,
      Symbol('s'),
      () => {},
      Object.create(null),
      { toString: () => { throw new Error('no'); } },
      Object.defineProperty({}, Symbol.for('llmcompiler.error'), { get: () => { throw new Error('getter'); } }),
      hostileProxy(),
      revokedProxy(),
    ];
    for (const value of values) {
      expect(LLMCompilerError.isInstance(value)).toBe(false);
      expect(ToolTimeoutError.isInstance(value)).toBe(false);
    }
  });
});

describe('TaskAbortedError', () => {
  it('describes any reason in its message', () => {
    expect(new TaskAbortedError({ taskId: 2, reason: new Error('user cancelled') }).message).toBe('Task 2 was aborted: user cancelled');
    expect(new TaskAbortedError({ taskId: 2, reason: hostileProxy() }).message).toBe('Task 2 was aborted: a value that cannot be described');
    expect(new TaskAbortedError({ taskId: 2, reason: revokedProxy() }).message).toBe('Task 2 was aborted: a value that cannot be described');
    expect(new TaskAbortedError({ taskId: 2, reason: Object.create(null) }).message).toBe('Task 2 was aborted: an empty object');
  });
});
