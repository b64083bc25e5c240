import { mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The week's notes the agent summarises. */
export const notes: Record<string, string> = {
  'monday.md': 'Shipped the parser fix; the release waits for the docs.',
  'tuesday.md': 'Docs reviewed; two examples still fail on Node 20.',
  'wednesday.md': 'Examples fixed; release 0.2.0 tagged and published.',
};

/** A new temporary folder holding the notes; the filesystem server is allowed into it and nowhere else. */
export async function createNotesFolder(): Promise<string> {
  // The real path: the server compares paths after resolving links (macOS's /tmp is one).
  const folder = await realpath(await mkdtemp(join(tmpdir(), 'llmcompiler-mcp-agent-')));
  await Promise.all(Object.entries(notes).map(([name, text]) => writeFile(join(folder, name), `${text}\n`)));
  return folder;
}
