import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createCompiler } from '../run/create-compiler.js';
import type { RunEvent } from '../run/run-event.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { criticalPath } from './critical-path.js';
import { readTrace } from './read-trace.js';
import { renderTrace } from './render-trace.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const search = (latencyMs = 100) =>
  fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs, result: ({ query }) => `found ${query}` });

async function events(options: Parameters<typeof createCompiler>[0], question = 'q'): Promise<readonly RunEvent[]> {
  const run = createCompiler(options).run(question);
  await vi.runAllTimersAsync();
  await run.result().catch(() => {});
  return run.events;
}

const path = (log: readonly RunEvent[]) =>
  criticalPath(readTrace(log)).map((step) => (step.kind === 'task' ? `task ${step.id}` : `${step.kind} ${step.round}`));

describe('criticalPath', () => {
  it('follows the last input of each task back to the planner that wrote the first', async () => {
    const model = scriptedModel({ timeToFirstTokenMs: 50, responses: ['1. search("a")\n2. search("b")\n3. search("$1 $2")\n4. join()', 'Action: Finish(done)'] });
    const log = await events({ model, tools: [fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: ({ query }) => (query === 'b' ? 300 : 100), result: 'x' })] });
    expect(path(log)).toEqual(['planner 1', 'task 2', 'task 3', 'joiner 1']);
  });

  it('goes through the planner when the plan streamed longer than its tasks ran', async () => {
    const model = scriptedModel({ responses: [{ text: '1. search("a")\nThought: a long thought after the task, streamed slowly.\n2. join()', delayPerChunkMs: 20 }, 'Action: Finish(done)'] });
    const log = await events({ model, tools: [search(10)] });
    const steps = criticalPath(readTrace(log));
    expect(steps.map((step) => step.kind)).toEqual(['planner', 'joiner']);
    expect(steps[0]!.end).toBe(log.find((event) => event.type === 'plan-end')!.time);
  });

  it('runs through every round of a replan: the joiner that asked for the new plan comes before it', async () => {
    const model = scriptedModel({ timeToFirstTokenMs: 20, responses: ['1. search("a")\n2. join()', 'Action: Replan(more)', '3. search("$1 b")\n4. join()', 'Action: Finish(done)'] });
    const log = await events({ model, tools: [search()] });
    expect(path(log)).toEqual(['planner 1', 'task 1', 'joiner 1', 'planner 2', 'task 3', 'joiner 2']);
  });
});

describe('renderTrace', () => {
  it('escapes everything of the run: the question, plans, inputs, outputs and errors are text, never markup', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const model = scriptedModel({ responses: [`1. search("${'<b>'}")\n2. join()`, `Action: Finish(${evil})`] });
    const tool = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 10, result: evil });
    const html = renderTrace(await events({ model, tools: [tool] }, evil));
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;');
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\"");
    // Nothing to fetch: the only URL is the SVG namespace.
    expect(html).not.toMatch(/<[^>]*\s(?:src|href|xlink:href|action)=/);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html.match(/https?:\/\/[^"\s<]*/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('renders the events of a failed run, with its error and the tasks as they ended', async () => {
    const model = scriptedModel({ responses: [{ text: '1. search("a")\n', failure: { type: 'throw', error: new TypeError('socket <hang> up'), afterChunks: 100 } }] });
    const html = renderTrace(await events({ model, tools: [search(1000)] }));
    expect(html).toContain('<dd class="status-failed" id="status">failed</dd>');
    expect(html).toContain('TypeError: socket &lt;hang&gt; up');
    expect(html).toMatch(/class="bar task outcome-aborted[^"]*" data-kind="task" data-task-id="1"/);
  });

  it('takes a RunResult as well as its events, and a title', async () => {
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: [search()] }).run('q');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(renderTrace(result)).toBe(renderTrace(result.events));
    expect(renderTrace(result, { title: 'My <run>' })).toContain('<title>My &lt;run&gt;</title>');
  });
});
