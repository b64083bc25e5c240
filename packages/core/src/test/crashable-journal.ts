import type { RunJournal } from '../journal/run-journal.js';

/** A {@link RunJournal} that can "die": see {@link crashableJournal}. */
export interface CrashableJournal extends RunJournal {
  /** From now on, nothing more is kept, as if the process writing the journal had died. */
  crash(): void;
}

/**
 * Wraps a journal for tests of resuming: until `crash()`, entries go to `journal`; after it, appends succeed
 * and keep nothing, as when the orchestrator is killed (entries queued but not yet written are lost too).
 * Abort the run after `crash()`, then resume it from `journal` with another compiler.
 *
 * @example
 * ```ts
 * const store = createMemoryJournal();
 * const journal = crashableJournal(store);
 * const run = createCompiler({ model, tools, journal }).run('question');
 * run.on('task-end', () => { journal.crash(); run.abort(); });
 * await run.result().catch(() => {});
 * const { answer } = await createCompiler({ model, tools, journal: store }).resume(run.id).result();
 * ```
 */
export function crashableJournal(journal: RunJournal): CrashableJournal {
  let dead = false;
  return {
    append: (runId, entries) => (dead ? Promise.resolve() : journal.append(runId, entries)),
    read: (runId) => journal.read(runId),
    crash: () => {
      dead = true;
    },
  };
}
