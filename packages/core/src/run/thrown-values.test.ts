// Whatever a tool throws becomes its task's error observation: describing a thrown value never throws, so no value
// can fail the run, hang it, or escape as an unhandled rejection (the shared test setup, vitest.setup.ts, fails a
// test that leaves one).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { tool, type AnyTool } from '../tool/tool.js';
import { createCompiler } from './create-compiler.js';
import type { RunResult } from './run-result.js';
import type { Run } from './run.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A Proxy each of whose traps throws (`in`, property reads, `instanceof`, `Object.keys`...). */
function hostileProxy(): object {
  const handler = new Proxy(
    {},
    {
      get: (_, trap) => () => {
        throw new Error(`trap ${String(trap)}`);
      },
    },
  );
  return new Proxy({}, handler);
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const thrownValues: readonly (readonly [string, () => unknown, string])[] = [
  ['an Error', () => new Error('service down'), 'service down'],
  ['a string', () => 'plain failure', 'plain failure'],
  ['null', () => null, '`null`'],
  ['a null-prototype object', () => Object.assign(Object.create(null) as object, { code: 'E_DOWN' }), 'an object with keys code'],
  [
    'an object whose toString throws',
    () => ({
      toString() {
        throw new Error('no text');
      },
    }),
    'an object with keys toString',
  ],
  ['a Proxy whose every trap throws', hostileProxy, 'a value that cannot be described'],
  ['a revoked Proxy', revokedProxy, 'a value that cannot be described'],
];

/** Runs a one-task plan of `broken` and answers; the joiner's prompt is returned to check what it was shown. */
async function runBroken(broken: AnyTool): Promise<{ run: Run; result: RunResult; joinerPrompt: string }> {
  const model = scriptedModel({ responses: ['1. broken()\n2. join()', 'Action: Finish(it failed)'] });
  const run = createCompiler({ model, tools: [broken] }).run('q');
  let settled: { result: RunResult } | { error: unknown } | undefined;
  run.result().then(
    (result) => (settled = { result }),
    (error: unknown) => (settled = { error }),
  );
  await vi.runAllTimersAsync();
  // Checked without awaiting: a run that hangs fails here at once, not at the test's timeout.
  if (settled === undefined) throw new Error('Expected the run to have settled, but it still runs');
  if (!('result' in settled)) throw new Error('Expected the run to answer, but it failed');
  const { result } = settled;
  const joinerPrompt = model.requests[1]!.messages.map((message) => message.content).join('\n');
  return { run, result, joinerPrompt };
}

describe('a tool that throws', () => {
  it.each(thrownValues)('%s: the task fails with it as its observation, and the run answers', async (_, make, shown) => {
    const thrown = make();
    const { run, result, joinerPrompt } = await runBroken(fakeTool({ name: 'broken', sideEffects: 'none', latencyMs: 10, fail: () => thrown }));
    expect(result.answer).toBe('it failed');
    const [record] = result.tasks;
    expect(record!.outcome).toBe('error');
    expect(record!.error === thrown).toBe(true);
    expect(joinerPrompt).toContain(`1. broken()\n   Error: ${shown}`);
    expect(run.events.at(-1)?.type).toBe('run-end');
  });

  it.each(thrownValues)('%s synchronously from a tool() execute, past a retry policy', async (_, make) => {
    const thrown = make();
    let calls = 0;
    const broken = tool({
      name: 'broken',
      description: 'Throws.',
      input: { type: 'object', properties: {} },
      sideEffects: 'none',
      retry: { attempts: 2, initialDelayMs: 10 },
      execute: () => {
        calls++;
        throw thrown;
      },
    });
    const { result, run } = await runBroken(broken);
    expect(calls).toBe(2);
    expect(result.tasks[0]!.outcome).toBe('error');
    expect(result.tasks[0]!.error === thrown).toBe(true);
    expect(run.events.filter((event) => event.type === 'task-retry')).toHaveLength(1);
  });

  it.each(thrownValues)('%s from retryOn: the task fails with what retryOn threw', async (_, make) => {
    const thrown = make();
    const broken = fakeTool({
      name: 'broken',
      sideEffects: 'none',
      fail: new Error('first failure'),
      retry: {
        attempts: 3,
        retryOn: () => {
          throw thrown;
        },
      },
    });
    const { result } = await runBroken(broken);
    expect(broken.calls).toHaveLength(1);
    expect(result.tasks[0]!.outcome).toBe('error');
    expect(result.tasks[0]!.error === thrown).toBe(true);
  });

  // `run.abort(null)` aborts with the default reason, like `run.abort()`.
  it.each(thrownValues.filter(([name]) => name !== 'null'))('%s as the reason of an abort: running tasks settle as aborted, the run rejects with it', async (_, make) => {
    const reason = make();
    const slow = fakeTool({ name: 'slow', sideEffects: 'none', latencyMs: 1_000 });
    const run = createCompiler({ model: scriptedModel({ responses: ['1. slow()\n2. slow()\n3. join()'] }), tools: [slow] }).run('q');
    let rejected: { error: unknown } | undefined;
    run.result().catch((error: unknown) => {
      rejected = { error };
    });
    await vi.advanceTimersByTimeAsync(10);
    run.abort(reason);
    await vi.runAllTimersAsync();
    expect(rejected !== undefined && rejected.error === reason).toBe(true);
    const ends = run.events.filter((event) => event.type === 'task-end');
    expect(ends.map((event) => event.record.outcome)).toEqual(['aborted', 'aborted']);
    expect(ends.every((event) => (event.record.error as Error).message.startsWith(`Task ${event.record.task.id} was aborted: `))).toBe(true);
  });
});

describe('a listener that throws a value that cannot be described', () => {
  it.each(thrownValues)('%s: the run goes on', async (_, make) => {
    const model = scriptedModel({ responses: ['1. ok()\n2. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: [fakeTool({ name: 'ok', sideEffects: 'none', result: 1 })] }).run('q');
    run.on('*', () => {
      throw make();
    });
    run.on('*', async () => {
      throw make();
    });
    run.on('task-end', () => hostileProxy() as never);
    await vi.runAllTimersAsync();
    expect((await run.result()).answer).toBe('done');
  });
});
