// An agent with 209 tools from two MCP servers: the example's own catalogue server (200 tools of 22 services,
// `src/catalogue-server.ts`) and the official memory server (@modelcontextprotocol/server-memory, a knowledge
// graph). Showing the planner every tool costs thousands of prompt tokens on every planner call; a lexical
// selector shows it the few each question needs. Each question runs twice, without selection and with it, and
// the example prints what the planner was shown and its prompt tokens both ways. The last question is a
// follow-up ("And for Initech?") that names no tool: the selector finds its tools in the earlier turn.
//
// With no configuration it runs on a local simulated model (an OpenAI-compatible server on 127.0.0.1 that
// counts prompt tokens as OpenAI's o200k tokenizer does) through the real `openai` client. With
// OPENAI_API_KEY (or OPENAI_BASE_URL) set it runs on that model (OPENAI_MODEL, default gpt-4o-mini).
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCompiler, createLexicalToolSelector, type LanguageModel, type RunEventOf } from '@llmcompiler/core';
import { connectMCP } from '@llmcompiler/mcp';
import { openai } from '@llmcompiler/openai';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { QUESTIONS } from './questions.js';
import { startSimulatedModel } from './simulated-model.js';

let server: FakeOpenAIServer | undefined;
let model: LanguageModel;
if (process.env.OPENAI_API_KEY || process.env.OPENAI_BASE_URL) {
  model = openai(process.env.OPENAI_MODEL || 'gpt-4o-mini', process.env.OPENAI_API_KEY ? {} : { apiKey: 'not-needed' });
} else {
  server = await startSimulatedModel(QUESTIONS);
  model = openai('simulated', { baseURL: server.url, apiKey: 'not-needed' });
}

const require = createRequire(import.meta.url);
const memoryFolder = await mkdtemp(join(tmpdir(), 'llmcompiler-tool-selection-'));
// Both servers as installed with this example; elsewhere `{ command: 'npx', args: ['-y',
// '@modelcontextprotocol/server-memory'] }` starts the memory server.
const catalogue = await connectMCP(
  // tsx's loader in the server's own process: its CLI would start a second Node process to run the script.
  {
    command: process.execPath,
    args: ['--conditions=@llmcompiler/source', `--import=${import.meta.resolve('tsx')}`, fileURLToPath(new URL('catalogue-server.ts', import.meta.url))],
  },
  { prefix: 'catalogue_', timeoutMs: 10_000 },
);
const memory = await connectMCP(
  {
    command: process.execPath,
    args: [join(dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')), 'dist', 'index.js')],
    env: { MEMORY_FILE_PATH: join(memoryFolder, 'memory.jsonl') },
  },
  { prefix: 'memory_', timeoutMs: 10_000 },
);

try {
  const tools = [...catalogue.tools, ...memory.tools];
  console.log(`${tools.length} tools: ${catalogue.tools.length} from the catalogue server, ${memory.tools.length} from the memory server.\n`);
  const selectTools = createLexicalToolSelector({ k: 4 });
  const withSelection = createCompiler({ model, tools, selectTools });
  const withoutSelection = createCompiler({ model, tools });
  const count = (tokens: number) => tokens.toLocaleString('en-US');

  for (const { history, question } of QUESTIONS) {
    const input = history.length === 0 ? question : [...history, { role: 'user' as const, content: question }];
    for (const turn of history) console.log(`${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.content}`);
    console.log(`Question: ${question}`);

    const all = await withoutSelection.run(input).result();
    const run = withSelection.run(input);
    const result = await run.result();
    const shown = run.events.filter((event): event is RunEventOf<'tools-selected'> => event.type === 'tools-selected').flatMap((event) => event.tools);
    console.log(`  planner shown: ${shown.join(', ')}`);
    if (history.length > 0) {
      // What the question alone selects: a follow-up shares no word with any tool, so the selector shows all.
      const alone = await selectTools({ question, history: [], round: 1, rounds: [], tasks: [], tools, signal: new AbortController().signal });
      console.log(`  without the earlier turns the selector would show ${alone.length === tools.length ? `all ${tools.length} tools` : alone.length}`);
    }
    const before = all.usage.planner.promptTokens;
    const after = result.usage.planner.promptTokens;
    console.log(`  planner prompt tokens: ${count(before)} with all ${tools.length} tools, ${count(after)} with ${shown.length} (${Math.round((1 - after / before) * 100)}% fewer)`);
    console.log(`  tasks: ${result.tasks.map(({ task, outcome }) => `${task.tool} (${outcome})`).join(', ')}`);
    const warnings = run.events.filter((event) => event.type === 'plan-warning' && event.warning.code === 'unselected-tool');
    if (warnings.length > 0) console.log(`  the plan called ${warnings.length} tool(s) the selection left out`);
    console.log(`  answer: ${result.answer}\n`);
  }
} catch (error) {
  console.error(`\nThe run failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await catalogue.close();
  await memory.close();
  await server?.close();
  await rm(memoryFolder, { recursive: true, force: true });
}
