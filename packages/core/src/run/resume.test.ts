// Resuming a run from its journal after the process that ran it died. A death is simulated: the first
// compiler's journal stops keeping entries at the moment of the "crash" (entries queued but not yet written
// are lost, as with kill -9) and that run is aborted; a second compiler, with fresh tools and models and
// the same store, resumes it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { EffectUnknownError } from '../errors/effect-unknown-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { RunNotFoundError } from '../errors/run-not-found-error.js';
import { createMemoryJournal, type MemoryJournal } from '../journal/memory-journal.js';
import type { JournalEntry, RunJournal } from '../journal/run-journal.js';
import { crashableJournal, type CrashableJournal } from '../test/crashable-journal.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { tool } from '../tool/tool.js';
import { createCompiler } from './create-compiler.js';
import type { Run } from './run.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The tools of both processes: fresh ones each time, so that calls are counted per process. */
function tools() {
  const search = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 100, result: ({ query }) => `found ${query}` });
  const slow = fakeTool({ name: 'slow', input: z.object({ query: z.string() }), sideEffects: 'idempotent', latencyMs: 1000, result: ({ query }) => `slowly ${query}` });
  const send = fakeTool({ name: 'send', input: z.object({ text: z.string() }), sideEffects: 'unsafe', latencyMs: 100, result: 'sent' });
  return { search, slow, send };
}

/** The process dies once what is queued now has been written (a timer later), and the run is aborted. */
function crashSoon(journal: CrashableJournal, run: Run): void {
  setTimeout(() => {
    journal.crash();
    run.abort(new Error('killed'));
  }, 0);
}

/** Runs `run` to its end once the crash aborted it. */
async function settle(run: Run): Promise<void> {
  const ended = run.result().catch(() => undefined);
  await vi.runAllTimersAsync();
  await ended;
}

const plan = ['1. search("a")', '2. slow("b")', '3. send(text=$1)', '4. search("d")', '5. join()'].join('\n');

describe('compiler.resume()', () => {
  it('does not run finished tasks again, runs an interrupted idempotent task again, and answers', async () => {
    const store = createMemoryJournal();
    const journal = crashableJournal(store);
    const first = tools();
    const run = createCompiler({ model: scriptedModel({ responses: [plan] }), tools: Object.values(first), journal }).run('Go');
    // Dies while `slow` runs, after `search`, the second `search` and `send` ended.
    run.on('task-end', ({ record }) => {
      if (record.task.id === 3) {
        crashSoon(journal, run);
      }
    });
    await vi.advanceTimersByTimeAsync(500);
    await settle(run);
    expect(first.slow.calls).toHaveLength(1);

    const second = tools();
    const joiner = scriptedModel({ responses: ['Action: Finish(resumed)'] });
    const resumed = createCompiler({ model: joiner, tools: Object.values(second), journal: store }).resume(run.id);
    expect(resumed.id).toBe(run.id);
    const result = resumed.result();
    await vi.runAllTimersAsync();
    const { answer, tasks, events } = await result;
    expect(answer).toBe('resumed');
    expect(second.search.calls).toHaveLength(0);
    expect(second.send.calls).toHaveLength(0);
    expect(second.slow.calls.map((call) => call.input)).toEqual([{ query: 'b' }]);
    expect(tasks.map((record) => [record.task.id, record.outcome, record.value])).toEqual([
      [1, 'ok', 'found a'],
      [2, 'ok', 'slowly b'],
      [3, 'ok', 'sent'],
      [4, 'ok', 'found d'],
    ]);
    // The joiner read the restored values with the new one.
    expect(joiner.requests).toHaveLength(1);
    expect(JSON.stringify(joiner.requests[0]!.messages)).toContain('found a');
    expect(events[0]).toMatchObject({ type: 'run-start', question: 'Go', resumed: true });
    expect(events.filter((event) => event.type === 'task-planned').map((event) => event.task.id)).toEqual([1, 2, 3, 4]);
    expect(events.filter((event) => event.type === 'task-start').map((event) => event.record.task.id)).toEqual([2]);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'finished', answer: 'resumed' });

    // The journal now holds the answer: a third process gets it without a model.
    const none = scriptedModel({ responses: [] });
    const again = createCompiler({ model: none, tools: Object.values(tools()), journal: store }).resume(run.id);
    expect((await again.result()).answer).toBe('resumed');
    expect(none.requests).toHaveLength(0);
  });

  it('does not call an interrupted unsafe tool again: its observation says the effect is unknown', async () => {
    const store = createMemoryJournal();
    const journal = crashableJournal(store);
    let run: Run | undefined;
    let sends = 0;
    // The process dies while the tool runs: after its start was written, before it ended.
    const send = tool({
      name: 'send',
      description: 'Sends a text.',
      input: z.object({ text: z.string() }),
      sideEffects: 'unsafe',
      execute: () => {
        sends++;
        journal.crash();
        run!.abort(new Error('killed'));
        return new Promise<never>(() => {});
      },
    });
    const search = tools().search;
    run = createCompiler({ model: scriptedModel({ responses: ['1. search("a")\n2. send(text=$1)\n3. join()'] }), tools: [search, send], journal }).run('Go');
    await settle(run);
    expect(sends).toBe(1);

    const second = tools();
    const joiner = scriptedModel({ responses: ['Action: Finish(check the outbox)'] });
    const resumed = createCompiler({ model: joiner, tools: Object.values(second), journal: store }).resume(run.id);
    const result = resumed.result();
    await vi.runAllTimersAsync();
    const { answer, tasks } = await result;
    expect(answer).toBe('check the outbox');
    expect(second.send.calls).toHaveLength(0);
    expect(second.search.calls).toHaveLength(0);
    const error = tasks[1]!.error;
    expect(EffectUnknownError.isInstance(error)).toBe(true);
    expect((error as EffectUnknownError).reason).toBe('run-interrupted');
    expect(JSON.stringify(joiner.requests[0]!.messages)).toContain(
      'Task 2: the effect of `send` is unknown: the process running the run stopped while it ran, and the run was resumed',
    );
  });

  it('runs tasks that had not started, and joins a plan cut off mid-stream with the tasks read so far', async () => {
    const store = createMemoryJournal();
    const journal = crashableJournal(store);
    const first = tools();
    // The planner streams slowly; the process dies after two tasks were read.
    const planner = scriptedModel({ responses: [{ text: plan, delayPerChunkMs: 50 }], chunkSize: 4 });
    const run = createCompiler({ model: planner, tools: Object.values(first), journal, eager: 'none' }).run('Go');
    run.on('task-planned', ({ task }) => {
      if (task.id === 2) {
        crashSoon(journal, run);
      }
    });
    await settle(run);
    expect(first.search.calls).toHaveLength(0);

    const second = tools();
    const joiner = scriptedModel({ responses: ['Action: Finish(partial)'] });
    const resumed = createCompiler({ model: joiner, tools: Object.values(second), journal: store, eager: 'none' }).resume(run.id);
    const result = resumed.result();
    await vi.runAllTimersAsync();
    const { answer, tasks, rounds } = await result;
    expect(answer).toBe('partial');
    expect(tasks.map((record) => record.task.id)).toEqual([1, 2]);
    // Held for a clean plan end (`eager: 'none'`), they never ran: the cut plan skips them.
    expect(tasks.map((record) => record.outcome)).toEqual(['skipped', 'skipped']);
    expect(rounds[0]).toMatchObject({ planEnd: 'eof', taskIds: [1, 2] });
    expect(joiner.requests).toHaveLength(1);
  });

  it('dispatches tasks that had not started when the plan had ended', async () => {
    const store = createMemoryJournal();
    const journal = crashableJournal(store);
    const first = tools();
    const run = createCompiler({ model: scriptedModel({ responses: [plan] }), tools: Object.values(first), journal, concurrency: 1 }).run('Go');
    run.on('task-end', ({ record }) => {
      if (record.task.id === 1) {
        crashSoon(journal, run);
      }
    });
    await settle(run);

    const second = tools();
    const resumed = createCompiler({ model: scriptedModel({ responses: ['Action: Finish(done)'] }), tools: Object.values(second), journal: store, concurrency: 1 }).resume(run.id);
    const result = resumed.result();
    await vi.runAllTimersAsync();
    const { tasks } = await result;
    expect(tasks.map((record) => record.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(second.search.calls.map((call) => call.input.query)).toEqual(['d']);
    expect(second.slow.calls).toHaveLength(1);
    expect(second.send.calls.map((call) => call.input)).toEqual([{ text: 'found a' }]);
  });

  it('continues after a replan the joiner had decided: the next plan sees the first round, which is not run again', async () => {
    const store = createMemoryJournal();
    const journal = crashableJournal(store);
    const first = tools();
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Thought: more.\nAction: Replan(search b too)', { text: '3. search("b")\n4. join()', timeToFirstTokenMs: 10_000 }] });
    const run = createCompiler({ model, tools: Object.values(first), journal }).run('Go');
    run.on('replan', () => {
      // The decision is written by then; the process dies while the second plan streams.
      crashSoon(journal, run);
    });
    await settle(run);

    const second = tools();
    const resumedModel = scriptedModel({ responses: ['3. search("b")\n4. join()', 'Action: Finish(a and b)'] });
    const resumed = createCompiler({ model: resumedModel, tools: Object.values(second), journal: store }).resume(run.id);
    const result = resumed.result();
    await vi.runAllTimersAsync();
    const { answer, tasks, rounds, events } = await result;
    expect(answer).toBe('a and b');
    expect(second.search.calls.map((call) => call.input.query)).toEqual(['b']);
    expect(tasks.map((record) => [record.task.id, record.round, record.value])).toEqual([
      [1, 1, 'found a'],
      [3, 2, 'found b'],
    ]);
    expect(rounds.map((round) => round.decision?.action.type)).toEqual(['replan', 'finish']);
    expect(events.filter((event) => event.type === 'replan')).toMatchObject([{ round: 1, feedback: 'search b too' }]);
    // The replanning planner was shown round 1 and its result.
    const plannerPrompt = JSON.stringify(resumedModel.requests[0]!.messages);
    expect(plannerPrompt).toContain('found a');
    expect(plannerPrompt).toContain('search b too');
  });

  it('returns a decided answer without calling a model, with the events of a finished run', async () => {
    const store = createMemoryJournal();
    const first = tools();
    const done = await runToEnd(createCompiler({ model: scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(it is a)'] }), tools: Object.values(first), journal: store }).run('Go'));
    const none = scriptedModel({ responses: [] });
    const second = tools();
    const resumed = createCompiler({ model: none, tools: Object.values(second), journal: store }).resume(done.runId);
    // Listeners attached as `resume()` returns see the replayed events too.
    const seen: string[] = [];
    resumed.on('*', (event) => seen.push(event.type));
    const texts: string[] = [];
    const reading = (async () => {
      for await (const text of resumed.textStream) texts.push(text);
    })();
    const { answer, tasks, events, messages } = await resumed.result();
    await reading;
    expect(answer).toBe('it is a');
    expect(texts.join('')).toBe('it is a');
    expect(messages).toEqual([
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: 'it is a' },
    ]);
    expect(none.requests).toHaveLength(0);
    expect(second.search.calls).toHaveLength(0);
    expect(tasks.map((record) => record.value)).toEqual(['found a']);
    expect(events.map((event) => event.type)).toEqual(['run-start', 'task-planned', 'task-end', 'answer-delta', 'join-end', 'run-end']);
    expect(seen).toEqual(events.map((event) => event.type));

    // A deleted journal: nothing to resume.
    await store.delete(done.runId);
    await expect(createCompiler({ model: none, tools: Object.values(second), journal: store }).resume(done.runId).result()).rejects.toSatisfy(RunNotFoundError.isInstance);
  });

  it('gives a decided structured answer as the output of the schema given again', async () => {
    const store = createMemoryJournal();
    const answer = z.object({ n: z.number().transform((n) => n * 10) });
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish({"n": 2})'] });
    const done = await runToEnd(createCompiler({ model, tools: [tools().search], journal: store }).run('Go', { answer }));
    expect(done.answer).toEqual({ n: 20 });
    const compiler = createCompiler({ model: scriptedModel({ responses: [] }), tools: [tools().search], journal: store });
    expect((await compiler.resume(done.runId, { answer }).result()).answer).toEqual({ n: 20 });
    expect((await compiler.resume(done.runId).result()).answer).toBe('{"n":2}');
  });

  it('keeps a conversation, and values as JSON writes them (a value JSON cannot hold as its text)', async () => {
    const store = createMemoryJournal();
    const odd = tool({
      name: 'odd',
      description: 'Returns values JSON changes.',
      input: z.object({}),
      sideEffects: 'none',
      execute: () => ({ when: new Date(0), big: 10n, nothing: undefined }),
    });
    const none = tool({ name: 'none', description: 'Returns nothing.', input: z.object({}), sideEffects: 'none', execute: () => undefined });
    const conversation = [
      { role: 'user' as const, content: 'Hi' },
      { role: 'assistant' as const, content: 'Hello' },
      { role: 'user' as const, content: 'Go' },
    ];
    const done = await runToEnd(
      createCompiler({ model: scriptedModel({ responses: ['1. odd()\n2. none()\n3. join()', 'Action: Finish(ok)'] }), tools: [odd, none], journal: store }).run(conversation),
    );
    const resumed = createCompiler({ model: scriptedModel({ responses: [] }), tools: [odd, none], journal: store }).resume(done.runId);
    const { tasks, messages } = await resumed.result();
    // `10n` has no JSON: the whole value is kept as the text the joiner was shown.
    expect(tasks[0]!.value).toBe('{"when":"1970-01-01T00:00:00.000Z","big":"10"}');
    expect(tasks[1]).toMatchObject({ outcome: 'ok', value: undefined });
    expect(messages).toEqual([{ role: 'assistant', content: 'ok' }]);
  });

  it('calls a tool with side effects only once its start is written', async () => {
    const store = createMemoryJournal();
    const writes: (() => void)[] = [];
    // A slow store: each write waits until the test lets it through.
    const journal: RunJournal = {
      append: (runId, entries) => new Promise<void>((resolve) => writes.push(() => void store.append(runId, entries).then(resolve))),
      read: (runId) => store.read(runId),
    };
    const { send } = tools();
    const run = createCompiler({ model: scriptedModel({ responses: ['1. send(text="x")\n2. join()', 'Action: Finish(sent)'] }), tools: [send], journal }).run('Go');
    run.result().catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(run.events.some((event) => event.type === 'task-start')).toBe(true);
    expect(send.calls).toHaveLength(0);
    const written = async (): Promise<readonly JournalEntry[]> => store.read(run.id);
    while (!(await written()).some((entry) => entry.type === 'task-start')) {
      writes.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(send.calls).toHaveLength(1);
    for (;;) {
      const next = writes.shift();
      if (next === undefined && (await written()).some((entry) => entry.type === 'run-end')) break;
      next?.();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect((await run.result()).answer).toBe('sent');
  });

  it('fails the call of an unsafe tool, not calling it, when the journal cannot write its start', async () => {
    const journal: RunJournal = { append: () => Promise.reject(new Error('disk full')), read: async () => [] };
    const { send } = tools();
    const run = createCompiler({ model: scriptedModel({ responses: ['1. send(text="x")\n2. join()', 'Action: Finish(not sent)'] }), tools: [send], journal }).run('Go');
    const result = run.result();
    result.catch(() => {});
    await vi.runAllTimersAsync();
    await expect(result).rejects.toThrow('disk full');
    expect(send.calls).toHaveLength(0);
    expect(run.events.find((event) => event.type === 'task-end')).toMatchObject({ record: { outcome: 'error', error: new Error('disk full') } });
  });

  it('rejects a run id the journal does not know, naming it', async () => {
    const compiler = createCompiler({ model: scriptedModel({ responses: [] }), tools: [tools().search], journal: createMemoryJournal() });
    const resumed = compiler.resume('no-such-run');
    await expect(resumed.result()).rejects.toSatisfy(RunNotFoundError.isInstance);
    await expect(resumed.result()).rejects.toThrow('Cannot resume run `no-such-run`: expected its journal to begin with `run-start`, got no entries');
    expect(resumed.events).toMatchObject([{ type: 'run-end', status: 'failed', runId: 'no-such-run' }]);
  });

  it('refuses a resume on a compiler without a journal', () => {
    const compiler = createCompiler({ model: scriptedModel({ responses: [] }), tools: [tools().search] });
    expect(() => compiler.resume('a-run')).toThrow(InvalidOptionError);
    expect(() => compiler.resume('a-run')).toThrow('Expected `journal` of `createCompiler()` to be a run journal to resume runs from, got `undefined`');
  });

  it('refuses a journal that is not one', () => {
    expect(() => createCompiler({ model: scriptedModel({ responses: [] }), tools: [tools().search], journal: { append: 1 } as unknown as RunJournal })).toThrow(
      'Expected `journal.append` to be a function, got `1` (number)',
    );
  });
});

async function runToEnd<T>(run: Run<T>) {
  const result = run.result();
  await vi.runAllTimersAsync();
  return result;
}
