export type { JournalEntry, JournalError, JournalValue, RunJournal } from './run-journal.js';
export { createMemoryJournal, type MemoryJournal } from './memory-journal.js';
