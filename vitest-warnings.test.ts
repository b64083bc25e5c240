import { EventEmitter } from 'node:events';
import { describe, expect, it, onTestFailed, onTestFinished, vi } from 'vitest';
import { collectWarnings, describeWarning, firstOwnFrame, warningsError } from './vitest-warnings.js';

/** A warning as Node hands it to `'warning'` listeners. */
function warning(name: string, message: string, fields: { code?: string; stack?: string } = {}): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, fields);
}

/** An emitter of `'warning'` events, delivered on the next tick as Node delivers `process.emitWarning`. */
function warningSource() {
  const source = new EventEmitter();
  return Object.assign(source, {
    emitWarning: (emitted: Error) => process.nextTick(() => source.emit('warning', emitted)),
  });
}

describe('collectWarnings', () => {
  it('hands over the warnings emitted since the last take, once', () => {
    const source = new EventEmitter();
    const collector = collectWarnings(source);
    const first = warning('DeprecationWarning', 'old API');
    const second = warning('MaxListenersExceededWarning', '11 abort listeners');
    source.emit('warning', first);
    source.emit('warning', second);
    expect(collector.take()).toEqual([first, second]);
    expect(collector.take()).toEqual([]);
    collector.dispose();
  });

  it('waits for a warning delivered on the next tick before handing over', async () => {
    const source = warningSource();
    const collector = collectWarnings(source);
    const late = warning('MaxListenersExceededWarning', '11 abort listeners');
    source.emitWarning(late);
    expect(await collector.settle()).toEqual([late]);
    collector.dispose();
  });

  it('waits on the real clock when the test has faked the timers', async () => {
    vi.useFakeTimers();
    try {
      const source = warningSource();
      const collector = collectWarnings(source);
      const late = warning('DeprecationWarning', 'old API');
      source.emitWarning(late);
      // With the fake setImmediate this would never settle, and the test would time out.
      expect(await collector.settle()).toEqual([late]);
      collector.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves out an allowed warning only when both its name and its message match', () => {
    const source = new EventEmitter();
    const collector = collectWarnings(source, [{ name: 'ExperimentalWarning', message: 'is experimental', reason: 'a test' }]);
    const allowed = warning('ExperimentalWarning', 'Feature X is experimental and may change');
    const otherMessage = warning('ExperimentalWarning', 'Feature Y changed');
    const otherName = warning('DeprecationWarning', 'Feature X is experimental and may change');
    for (const emitted of [allowed, otherMessage, otherName]) source.emit('warning', emitted);
    expect(collector.take()).toEqual([otherMessage, otherName]);
    collector.dispose();
  });

  it('stops listening once disposed', () => {
    const source = new EventEmitter();
    const collector = collectWarnings(source);
    collector.dispose();
    source.emit('warning', warning('DeprecationWarning', 'old API'));
    expect(collector.take()).toEqual([]);
    expect(source.listenerCount('warning')).toBe(0);
  });
});

describe('describeWarning', () => {
  const stack = [
    'MaxListenersExceededWarning: Possible EventTarget memory leak detected.',
    '    at [kNewListener] (node:internal/event_target:571:17)',
    '    at AbortSignal.addEventListener (node:internal/event_target:684:23)',
    '    at execute (/repo/packages/core/src/execute/scheduler.test.ts:52:16)',
    '    at Scheduler.call (/repo/packages/core/src/execute/scheduler.ts:399:18)',
  ].join('\n');

  it("names the warning, its code and message, and the first frame outside Node's own modules", () => {
    const leak = warning('MaxListenersExceededWarning', 'Possible EventTarget memory leak detected.', { code: 'W1', stack });
    expect(firstOwnFrame(leak)).toBe('at execute (/repo/packages/core/src/execute/scheduler.test.ts:52:16)');
    expect(describeWarning(leak)).toBe(
      'MaxListenersExceededWarning [W1]: Possible EventTarget memory leak detected. (at execute (/repo/packages/core/src/execute/scheduler.test.ts:52:16))',
    );
  });

  it('skips the frame of process.emitWarning itself, and does without a frame when there is none', () => {
    const emitted = warning('DeprecationWarning', 'old API', {
      stack: 'DeprecationWarning: old API\n    at process.emitWarning (node:internal/process/warning:160:20)\n    at node:internal/main:1:1',
    });
    expect(firstOwnFrame(emitted)).toBeUndefined();
    expect(describeWarning(emitted)).toBe('DeprecationWarning: old API');
  });

  it('makes one error of all the warnings, or none', () => {
    expect(warningsError('Warnings', [])).toBeUndefined();
    const error = warningsError('Warnings', [warning('A', 'one', { stack: 'A: one' }), warning('B', 'two', { stack: 'B: two' })]);
    expect(error?.message).toBe('Warnings:\nA: one\nB: two');
  });
});

// The shared setup (vitest.setup.ts) at work: the tests marked `fails` emit a real process warning and must be
// failed by the setup's afterEach, with an error naming the warning; the test after them checks the errors.
describe('the shared setup', () => {
  const failures: string[][] = [];
  const recordFailure = () =>
    onTestFailed(({ task }) => {
      failures.push((task.result?.errors ?? []).map((error) => error.message ?? ''));
    });

  it.fails('fails a test during which the process emits a warning', () => {
    recordFailure();
    process.emitWarning('emitted on purpose by vitest-warnings.test.ts', 'SetupSelfTestWarning');
  });

  it.fails('fails it also when the warning comes in a later tick and the timers are fake', () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    recordFailure();
    process.nextTick(() => process.emitWarning('emitted on purpose, late, by vitest-warnings.test.ts', { type: 'SetupSelfTestWarning', code: 'LATE' }));
  });

  it('named each warning in the failure', () => {
    expect(failures).toEqual([
      [expect.stringMatching(/^The process emitted warnings during the test:\nSetupSelfTestWarning: emitted on purpose by vitest-warnings\.test\.ts/)],
      [expect.stringMatching(/^The process emitted warnings during the test:\nSetupSelfTestWarning \[LATE\]: emitted on purpose, late, by vitest-warnings\.test\.ts/)],
    ]);
  });
});
