import type { JournalEntry, RunJournal } from './run-journal.js';

/** A {@link RunJournal} in this process's memory. */
export interface MemoryJournal extends RunJournal {
  delete(runId: string): Promise<void>;
}

/**
 * A run journal in memory: for tests, and for resuming a run in the same process (after its `Run` was
 * aborted, for example). Entries are copied through JSON as a store would keep them, so a resumed run sees
 * exactly what it would see from Redis.
 *
 * @example
 * ```ts
 * const journal = createMemoryJournal();
 * const compiler = createCompiler({ model, tools, journal });
 * const run = compiler.run('question');
 * run.abort();
 * const resumed = await compiler.resume(run.id);
 * ```
 */
export function createMemoryJournal(): MemoryJournal {
  const runs = new Map<string, string[]>();
  return {
    async append(runId, entries) {
      let kept = runs.get(runId);
      if (kept === undefined) runs.set(runId, (kept = []));
      for (const entry of entries) kept.push(JSON.stringify(entry));
    },
    async read(runId) {
      return (runs.get(runId) ?? []).map((text) => JSON.parse(text) as JournalEntry);
    },
    async delete(runId) {
      runs.delete(runId);
    },
  };
}
