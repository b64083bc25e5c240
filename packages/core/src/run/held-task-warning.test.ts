import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import type { SideEffects } from '../tool/tool.js';
import type { CompilerOptions } from './compiler-options.js';
import { createCompiler } from './create-compiler.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const search = () => fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 10, result: 'found' });
const notify = (sideEffects?: SideEffects) =>
  fakeTool({ name: 'notify', input: z.object({ text: z.string() }), ...(sideEffects === undefined ? {} : { sideEffects }), result: 'sent' });

/** The `held-undeclared-side-effects` warnings of a run whose plans stream 4 characters every 10 ms. */
async function heldWarnings(responses: string[], options: Partial<CompilerOptions> = {}) {
  const model = scriptedModel({ responses, delayPerChunkMs: 10 });
  const run = createCompiler({ model, tools: [search(), notify()], ...options }).run('q');
  await vi.runAllTimersAsync();
  const { rounds } = await run.result();
  const events = run.events.filter((event) => event.type === 'plan-warning' && event.warning.code === 'held-undeclared-side-effects');
  return { events, rounds, types: run.events.map((event) => event.type) };
}

describe('the held-undeclared-side-effects warning', () => {
  it('says once that a task waited for the plan only because its tool did not declare sideEffects, and how to opt in', async () => {
    const { events, rounds, types } = await heldWarnings(['1. notify("hello")\n2. search("a")\n3. join()', 'Action: Finish(done)']);
    expect(events).toEqual([
      expect.objectContaining({
        round: 1,
        warning: {
          code: 'held-undeclared-side-effects',
          taskId: 1,
          message:
            "Task 1 waited for the plan to end though its inputs were ready, only because tool `notify` does not declare `sideEffects` (so counts as 'unsafe'). " +
            "To start such tasks while the plan streams, declare `sideEffects: 'none'` (reads only) or `'idempotent'` (safe to repeat) in `tool()`, or pass `eager: 'all'` to `createCompiler`.",
        },
      }),
    ]);
    expect(rounds[0]!.warnings.map((warning) => warning.code)).toEqual(['held-undeclared-side-effects']);
    expect(types.indexOf('plan-warning')).toBeLessThan(types.indexOf('plan-end'));
  });

  it('counts a task whose inputs were done before the plan ended', async () => {
    const { events } = await heldWarnings(['1. search("a")\n2. notify($1)\n3. notify("b")\n4. search("c")\n5. join()', 'Action: Finish(done)']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ warning: { taskId: 2, message: expect.stringMatching(/^Tasks 2, 3 waited for the plan to end though their inputs were ready, only because tool `notify` does not/) } });
  });

  it('is not given for a task whose inputs were not done when the plan ended', async () => {
    const slow = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 10_000, result: 'found' });
    const model = scriptedModel({ responses: ['1. search("a")\n2. notify($1)\n3. join()', 'Action: Finish(done)'], delayPerChunkMs: 10 });
    const run = createCompiler({ model, tools: [slow, notify()] }).run('q');
    await vi.runAllTimersAsync();
    await run.result();
    expect(run.events.some((event) => event.type === 'plan-warning')).toBe(false);
  });

  it.each([
    { when: 'the tool declares unsafe', tools: () => [search(), notify('unsafe')], options: {} },
    { when: 'eager is all (nothing waits)', tools: () => [search(), notify()], options: { eager: 'all' as const } },
    { when: 'eager is none (everything waits)', tools: () => [search(), notify()], options: { eager: 'none' as const } },
  ])('is not given when $when', async ({ tools, options }) => {
    const model = scriptedModel({ responses: ['1. notify("hello")\n2. join()', 'Action: Finish(done)'], delayPerChunkMs: 10 });
    const run = createCompiler({ model, tools: tools(), ...options }).run('q');
    await vi.runAllTimersAsync();
    await run.result();
    expect(run.events.some((event) => event.type === 'plan-warning')).toBe(false);
  });

  it('is given once per run, not once per round', async () => {
    const { events } = await heldWarnings([
      '1. notify("a")\n2. join()',
      'Action: Replan(again)',
      '3. notify("b")\n4. join()',
      'Action: Finish(done)',
    ]);
    expect(events.map((event) => event.type === 'plan-warning' && event.round)).toEqual([1]);
  });
});
