// An agent whose tools come from an MCP server: the official filesystem server
// (@modelcontextprotocol/server-filesystem), allowed into a temporary folder of notes. Its read tools are
// annotated read-only, so they start while the plan is still streaming; the write waits for the plan's end.
//
// With no configuration it runs on a local simulated model (an OpenAI-compatible server on 127.0.0.1)
// through the real `openai` client. With OPENAI_API_KEY (or OPENAI_BASE_URL) set it runs on that model
// (OPENAI_MODEL, default gpt-4o-mini).
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCompiler, type LanguageModel } from '@llmcompiler/core';
import { connectMCP } from '@llmcompiler/mcp';
import { openai } from '@llmcompiler/openai';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { createNotesFolder } from './notes.js';
import { startSimulatedModel } from './simulated-model.js';

const folder = await createNotesFolder();
let server: FakeOpenAIServer | undefined;
let model: LanguageModel;
if (process.env.OPENAI_API_KEY || process.env.OPENAI_BASE_URL) {
  model = openai(process.env.OPENAI_MODEL || 'gpt-4o-mini', process.env.OPENAI_API_KEY ? {} : { apiKey: 'not-needed' });
} else {
  server = await startSimulatedModel(folder);
  model = openai('simulated', { baseURL: server.url, apiKey: 'not-needed' });
}

// The server as installed with this example; elsewhere `{ command: 'npx', args: ['-y',
// '@modelcontextprotocol/server-filesystem', folder] }` does the same.
const serverPackage = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/package.json');
const files = await connectMCP(
  { command: process.execPath, args: [join(dirname(serverPackage), 'dist', 'index.js'), folder] },
  {
    prefix: 'fs_',
    filter: (tool) => ['read_text_file', 'write_file', 'list_directory'].includes(tool.name),
    // The server marks write_file idempotent; this agent holds every write until the plan is complete.
    tools: { write_file: { sideEffects: 'unsafe' } },
    timeoutMs: 10_000,
  },
);

try {
  console.log(`Tools from ${files.serverInfo?.name ?? 'the server'}: ${files.tools.map((tool) => `${tool.name} (${tool.sideEffects})`).join(', ')}`);
  const question = `Summarise my notes monday.md, tuesday.md and wednesday.md in ${folder} into summary.md there.`;
  console.log(`Question: ${question}\n`);
  const run = createCompiler({ model, tools: files.tools }).run(question);
  const at = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(7);
  run.on('task-start', ({ time, record }) => console.log(`[${at(time)}]   started  task ${record.task.id} ${record.task.tool}`));
  run.on('task-end', ({ time, record }) => console.log(`[${at(time)}]   ${String(record.outcome).padEnd(8)} task ${record.task.id}`));
  run.on('plan-end', ({ time, clean }) => console.log(`[${at(time)}] plan ${clean ? 'complete' : 'cut off'}`));
  const result = await run.result();
  // When each task started, against the plan's last streamed token.
  const lastToken = result.events.findLast((event) => event.type === 'plan-token');
  for (const { task, startedAt } of result.tasks) {
    const when = startedAt === undefined ? 'never' : lastToken !== undefined && startedAt < lastToken.time ? 'while the plan was streaming' : 'once the plan was complete';
    console.log(`Task ${task.id} (${task.tool}) started ${when}.`);
  }
  console.log(`\nAnswer: ${result.answer}\n`);
  console.log(`summary.md:\n${await readFile(join(folder, 'summary.md'), 'utf8')}`);
} catch (error) {
  console.error(`\nThe run failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await files.close();
  await server?.close();
  await rm(folder, { recursive: true, force: true });
}
