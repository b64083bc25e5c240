import { describe, expect, it } from 'vitest';
import type { JournalEntry, RunJournal } from '../journal/run-journal.js';
import { JournalRecorder } from './journal-recorder.js';

/** A journal whose writes wait until the test lets each through; it records the batches. */
function gatedJournal() {
  const batches: (readonly JournalEntry[])[] = [];
  const gates: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const journal: RunJournal = {
    append: (_runId, entries) =>
      new Promise<void>((resolve, reject) => {
        batches.push(entries);
        gates.push({ resolve, reject });
      }),
    read: async () => [],
  };
  return { journal, batches, gates };
}

const start = (taskId: number): JournalEntry => ({ type: 'task-start', taskId, attempt: 1 });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('JournalRecorder', () => {
  it('writes entries in order, one batch at a time, those of one tick together', async () => {
    const { journal, batches, gates } = gatedJournal();
    const recorder = new JournalRecorder(journal, 'r');
    recorder.append(start(1));
    recorder.append(start(2));
    await tick();
    recorder.append(start(3));
    await tick();
    expect(batches).toEqual([[start(1), start(2)]]);
    gates[0]!.resolve();
    await tick();
    expect(batches).toEqual([[start(1), start(2)], [start(3)]]);
  });

  it('flushes what was queued before the flush, not what a busy run queues after it', async () => {
    const { journal, gates } = gatedJournal();
    const recorder = new JournalRecorder(journal, 'r');
    recorder.append(start(1));
    let flushed = false;
    void recorder.flush().then(() => (flushed = true));
    await tick();
    recorder.append(start(2));
    gates[0]!.resolve();
    await tick();
    expect(flushed).toBe(true);
    expect(gates).toHaveLength(2);
  });

  it('rejects flushes with the error of a failed write, and keeps nothing after it', async () => {
    const { journal, batches, gates } = gatedJournal();
    const recorder = new JournalRecorder(journal, 'r');
    recorder.append(start(1));
    const flushing = recorder.flush();
    await tick();
    gates[0]!.reject(new Error('disk full'));
    await expect(flushing).rejects.toThrow('disk full');
    recorder.append(start(2));
    await tick();
    expect(batches).toHaveLength(1);
    await expect(recorder.flush()).rejects.toThrow('disk full');
  });
});
