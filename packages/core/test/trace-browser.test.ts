// The HTML trace as a user opens it: a real headless Chromium (Debian's `chromium` package, driven by
// playwright-core; npm never downloads a browser) loads the file a run's renderTrace() wrote.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createCompiler, type RunResult } from '../src/index.js';
import { fakeTool, scriptedModel } from '../src/test/index.js';
import { renderTrace } from '../src/trace/index.js';

const CHROMIUM = '/usr/bin/chromium';
// CI (.ci/run, with CI=true) installs Debian's chromium and runs this always: a missing browser fails there.
// On a developer machine without it the file is skipped, so that the README's `npm test` passes on a fresh
// machine: `apt-get install chromium` to run it.
const skip = !existsSync(CHROMIUM) && process.env['CI'] !== 'true';
// Chromium's own network features off (updates, sync, QUIC, background requests): the tests run offline.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Where the screenshot of the trace is kept, for a look after the run (CI keeps it as an artifact). */
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-results');

const INJECTION = '<script>window.injected = true</script><img src="x" onerror="window.injected = true">';

async function tracedRun(): Promise<RunResult> {
  vi.useFakeTimers({ now: 0 });
  try {
    const search = fakeTool({
      name: 'search',
      input: z.object({ query: z.string() }),
      sideEffects: 'none',
      latencyMs: ({ query }) => (query === 'Mariana Trench' ? 300 : 200),
      result: ({ query }) => `${query}: ${INJECTION}`,
    });
    const combine = fakeTool({ name: 'combine', input: z.object({ a: z.string(), b: z.string() }), sideEffects: 'none', latencyMs: 80, result: ({ a, b }) => ({ both: [a, b] }) });
    const lookup = fakeTool({ name: 'lookup', sideEffects: 'none', latencyMs: 50, fail: new Error('no such page </pre><b>bold</b>') });
    const model = scriptedModel({
      modelId: 'planner-model',
      timeToFirstTokenMs: 100,
      chunkSize: 4,
      delayPerChunkMs: 10,
      responses: [
        { text: 'Thought: both at once.\n1. search("Mariana Trench")\n2. search("Puerto Rico Trench")\n3. combine($1, $2)\n4. lookup()\n5. join()', usage: { promptTokens: 700, completionTokens: 45 } },
        { text: 'Action: Finish(Both are deep.)', usage: { promptTokens: 400, completionTokens: 9 } },
      ],
    });
    const run = createCompiler({ model, tools: [search, combine, lookup] }).run('How deep are <i>both</i> trenches?');
    await vi.runAllTimersAsync();
    return await run.result();
  } finally {
    vi.useRealTimers();
  }
}

describe.skipIf(skip)(skip ? `the HTML trace in Chromium (skipped: no ${CHROMIUM}; apt-get install chromium to run it)` : 'the HTML trace in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let result: RunResult;
  let work: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs Debian's chromium package (apt-get install -y chromium)`);
    result = await tracedRun();
    work = mkdtempSync(join(tmpdir(), 'llmcompiler-trace-'));
    const file = join(work, 'trace.html');
    writeFileSync(file, renderTrace(result));
    context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 1000 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(pathToFileURL(file).href);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('loads with nothing from the network and no console errors', async () => {
    expect(requests).toEqual([page.url()]);
    expect(consoleErrors).toEqual([]);
    expect(await page.title()).toBe('llmcompiler trace: How deep are <i>both</i> trenches?');
    expect(await page.locator('#question').textContent()).toBe('How deep are <i>both</i> trenches?');
    expect(await page.locator('#answer').textContent()).toBe('Both are deep.');
  });

  it('draws a bar per task, placed and sized by its timings, and the planner and joiner of the round', async () => {
    const bars = page.locator('.bar.task');
    expect(await bars.count()).toBe(4);
    expect(await bars.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-task-id')))).toEqual(['1', '2', '3', '4']);
    const track = (await page.locator('.row.run-row .track').boundingBox())!;
    const total = Number(await page.locator('.bar.run').getAttribute('data-end'));
    expect(total).toBe(result.events.at(-1)!.time);
    const boxes = await Promise.all(result.tasks.map((record) => page.locator(`.bar.task[data-task-id="${record.task.id}"]`).boundingBox()));
    result.tasks.forEach((record, index) => {
      const box = boxes[index]!;
      expect(box.x).toBeCloseTo(track.x + (record.startedAt! / total) * track.width, 0);
      expect(box.width).toBeCloseTo(((record.endedAt! - record.startedAt!) / total) * track.width, 0);
    });
    // The searches ran side by side; combine began after both had ended.
    const [first, second, combine] = boxes as [typeof track, typeof track, typeof track];
    expect(second.x).toBeLessThan(first.x + first.width);
    expect(combine.x).toBeGreaterThanOrEqual(first.x + first.width - 1);
    expect(first.width).toBeGreaterThan(second.width);
    expect(await page.locator('.bar.task[data-task-id="4"]').getAttribute('data-outcome')).toBe('error');
    expect(await page.locator('.bar.planner').count()).toBe(1);
    expect(await page.locator('.bar.joiner').count()).toBe(1);
    expect(await page.locator('.planned-mark').count()).toBe(4);
  });

  it('draws the task graph with its references, and marks the critical path', async () => {
    expect(await page.locator('#graph .node').count()).toBe(4);
    const edges = await page.locator('#graph .edge').evaluateAll((elements) => elements.map((element) => `${element.getAttribute('data-from')}->${element.getAttribute('data-to')}`));
    expect(edges.sort()).toEqual(['1->3', '2->3']);
    const path = await page.locator('#critical-path li').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-kind')}${item.getAttribute('data-task-id') ?? ''}`));
    expect(path).toEqual(['planner', 'task1', 'task3', 'joiner']);
    expect(await page.locator('.bar.task.critical').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-task-id')))).toEqual(['1', '3']);
  });

  it("shows a task's input and output on a click, as text: a tool's markup is never run", async () => {
    await expect.poll(() => page.locator('#detail-task-1').isVisible()).toBe(false);
    await page.locator('.bar.task[data-task-id="1"]').click();
    const detail = page.locator('#detail-task-1');
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.locator('.input').textContent()).toBe(JSON.stringify({ query: 'Mariana Trench' }, null, 2));
    expect(await detail.locator('.output').textContent()).toBe(`Mariana Trench: ${INJECTION}`);
    expect(await page.evaluate(() => (globalThis as { injected?: boolean }).injected)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('#details img, #details b').count()).toBe(0);

    await page.locator('#graph .node[data-task-id="4"]').click();
    expect(await detail.isVisible()).toBe(false);
    expect(await page.locator('#detail-task-4 .error-text').textContent()).toBe('no such page </pre><b>bold</b>');

    await page.locator('.row.task-row[data-task-id="3"] .label').click();
    expect(await page.locator('#detail-task-3 .output').textContent()).toBe(JSON.stringify({ both: [`Mariana Trench: ${INJECTION}`, `Puerto Rico Trench: ${INJECTION}`] }, null, 2));
    await page.locator('.bar.planner').click();
    expect(await page.locator('#detail-planner-1 .plan').textContent()).toContain('3. combine($1, $2)');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'trace.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(requests).toHaveLength(1);
  });
});
