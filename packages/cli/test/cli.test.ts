// The `llmcompiler` command with stdout a pipe (not a TTY): the simulated demo, JSON lines, the trace, a tool
// module and MCP servers against a local simulated server, and bad flags.
//
// The tests whose point is the process run the binary as a child process: the demo printed as plain lines
// (the binary's whole path, from bin.ts to the exit code), `| head -n 1` exiting 0 quietly (bin.ts turns EPIPE
// into a quiet stop), a usage error and a tool module that fails to load giving exit codes 2 and 3, and an MCP
// server started by the binary. The rest check the command's logic and call `runCommand` in this process with
// streams that collect the text: it is the whole command but bin.ts's glue (Ctrl-C, EPIPE, the exit code), and
// each child costs some tenths of a second of CPU to start.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { scriptedAgent, startFakeOpenAI, type AgentScript, type FakeOpenAIServer } from '@llmcompiler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, NODE_ARGS, quote, runCli, runInProcess, TSX_NODE_ARGS } from './run-cli.js';

const TOOLS = fileURLToPath(new URL('./fixtures/tools.ts', import.meta.url));
const NO_TOOLS = fileURLToPath(new URL('./fixtures/no-tools.ts', import.meta.url));
const QUESTION = 'How much deeper is the Mariana Trench than the Puerto Rico Trench?';
const require = createRequire(import.meta.url);

/** The path of the bin script of `@modelcontextprotocol/server-<name>`, to start it with node (no npx). */
function serverBin(name: 'memory' | 'filesystem'): string {
  const packageJson = require.resolve(`@modelcontextprotocol/server-${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(packageJson), Object.values(bin)[0]!);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmcompiler-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `body` with a simulated server playing `script`. */
async function withServer<T>(script: AgentScript, body: (server: FakeOpenAIServer) => Promise<T>): Promise<T> {
  const server = await startFakeOpenAI({ responder: scriptedAgent(script) });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

describe('llmcompiler with no key', { timeout: 60_000 }, () => {
  it('runs the demo on the simulated model and prints plain lines when stdout is not a TTY', async () => {
    const { code, stdout, stderr } = await runCli([QUESTION]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Question: ${QUESTION}`);
    expect(stdout).toMatch(/planned {2}1\. lookup_trench\(name="Mariana Trench"\)/);
    expect(stdout).toMatch(/ok {7}task 3: 2618/);
    expect(stdout).toContain('Answer: The Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m).');
    // Plain lines: no escape codes.
    expect(stdout).not.toContain('\u001b[');
  });

  it('prints every event as a line of JSON with --json, and writes the trace with --trace', async () => {
    const trace = join(dir, 'trace.html');
    const { code, stdout } = await runInProcess(['--json', '--trace', trace, 'How deep is the Java Trench?']);
    expect(code).toBe(0);
    const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events[0]).toMatchObject({ type: 'run-start', question: 'How deep is the Java Trench?' });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'finished', answer: 'The Java Trench is 7,290 m deep, in the Indian Ocean.' });
    expect(events.filter((event) => event.type === 'plan-token').length).toBeGreaterThan(1);
    expect(events.filter((event) => event.type === 'task-end')).toEqual([expect.objectContaining({ record: expect.objectContaining({ outcome: 'ok', value: { name: 'Java Trench', depthMeters: 7290, ocean: 'Indian' } }) })]);
    const html = await readFile(trace, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    // The task as the plan wrote it, and its outcome, HTML-escaped.
    expect(html).toContain('lookup_trench(name=&quot;Java Trench&quot;)');
    expect(html).toMatch(/lookup_trench: ok, [\d.]+ ms/);
  });
});

describe('llmcompiler with your tools, on a local server', { timeout: 60_000 }, () => {
  it('runs the tools of a --tools module', async () => {
    await withServer({ plan: [{ tool: 'echo', args: { text: 'hello' } }], answer: ({ prompt }) => `It said ${/Observation: (\w+)/.exec(prompt)?.[1]}.` }, async (server) => {
      const { code, stdout, stderr } = await runInProcess(['--base-url', server.url, '--model', 'test-model', '--tools', TOOLS, 'Echo hello']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/ok {7}task 1: HELLO/);
      expect(stdout).toContain('Answer: It said HELLO.');
    });
  });

  it('runs the tools of an MCP server started with --mcp', async () => {
    const note = join(dir, 'note.txt');
    await writeFile(note, 'The Mariana Trench is 10,994 m deep.');
    await withServer({ plan: [{ tool: 'read_text_file', args: { path: note } }], answer: ({ prompt }) => (prompt.includes('10,994 m deep') ? 'The note says 10,994 m.' : 'No note.') }, async (server) => {
      const { code, stdout, stderr } = await runCli(['--base-url', server.url, '--mcp', `${process.execPath} ${serverBin('filesystem')} ${dir}`, 'What does the note say?']);
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/ok {7}task 1: .*10,994 m deep/);
      expect(stdout).toContain('Answer: The note says 10,994 m.');
    });
  });

  it('runs the tools of an MCP server listed in a --config file, with its env', async () => {
    const memory = join(dir, 'memory.jsonl');
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ model: 'test-model', mcp: [{ command: process.execPath, args: [serverBin('memory')], env: { MEMORY_FILE_PATH: memory }, prefix: 'memory_' }] }));
    const entities = [{ name: 'Ada Lovelace', entityType: 'person', observations: ['wrote the first program'] }];
    await withServer({ plan: [{ tool: 'memory_create_entities', args: { entities } }], answer: 'Remembered.' }, async (server) => {
      const { code, stdout, stderr } = await runInProcess(['--config', config, '--base-url', server.url, 'Remember Ada']);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('Answer: Remembered.');
      // The real server wrote the entity to its file.
      expect(await readFile(memory, 'utf8')).toContain('wrote the first program');
    });
  });
});

describe('llmcompiler errors', { timeout: 60_000 }, () => {
  it('refuses an unknown flag with exit code 2, naming it', async () => {
    const { code, stdout, stderr } = await runCli(['--colour', 'x']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^CLIUsageError: Expected the options to be one of those `llmcompiler --help` lists, got `--colour`/);
    expect(stderr).toContain('Usage: llmcompiler');
  });

  it('refuses a missing question with exit code 2', async () => {
    expect(await runInProcess([])).toMatchObject({ code: 2, stderr: expect.stringContaining('Expected the command line to be one question') });
  });

  it('refuses a flag without its value with exit code 2', async () => {
    expect(await runInProcess(['q', '--trace'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Expected --trace to be followed by a value, got nothing') });
  });

  it('refuses a bad --api and a bad --base-url with exit code 2', async () => {
    expect(await runInProcess(['--api', 'completions', 'q'])).toMatchObject({ code: 2, stderr: expect.stringContaining(`Expected --api to be \`chat-completions\` or \`responses\`, got \`"completions"\` (string)`) });
    expect(await runInProcess(['--base-url', 'localhost:8080', 'q'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Expected --base-url to be an http:// or https:// URL') });
  });

  it('refuses a config file that is not what it expects, with exit code 2', async () => {
    const config = join(dir, 'bad-config.json');
    await writeFile(config, JSON.stringify({ mcp: [{ args: ['x'] }] }));
    const { code, stderr } = await runInProcess(['--config', config, 'q']);
    expect(code).toBe(2);
    expect(stderr).toContain('Expected `mcp[0]` in');
    expect(stderr).toContain('to be { "command": string, "args"?: string[], "env"?: { name: string }, "prefix"?: string } or { "url": string, "prefix"?: string }, got an object with keys args');
  });

  it('asks for a model when tools are given with no key or base URL, before loading them', async () => {
    const { code, stderr } = await runInProcess(['--tools', TOOLS, 'q']);
    expect(code).toBe(2);
    expect(stderr).toContain('Expected a model for your tools to be given with OPENAI_API_KEY, --base-url or OPENAI_BASE_URL');
    expect(stderr).toContain('the simulated model only plans the demo tools');
    // A server that cannot start is never tried: the command stops before (a failed start would be code 3).
    const server = await runInProcess(['--mcp', join(dir, 'no-such-server'), 'q']);
    expect(server.code).toBe(2);
    expect(server.stderr).toMatch(/^CLIUsageError: Expected a model for your tools/);
  });

  it('stops quietly with exit code 0 when its reader goes away: llmcompiler --json "q" | head -n 1', async () => {
    const command = `${[process.execPath, ...NODE_ARGS, '--json', 'How deep is the Java Trench?'].map(quote).join(' ')} | head -n 1; echo "exit $\{PIPESTATUS[0]\}" >&2`;
    const child = spawn('bash', ['-c', command], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    await once(child, 'exit');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'run-start', question: 'How deep is the Java Trench?' });
    // No "Interrupted", no stack trace: only the exit code the shell saw.
    expect(stderr).toBe('exit 0\n');
  });

  it('exits with code 3 when a tool module exports no tools', async () => {
    // A tool module in TypeScript: the binary under tsx's loader.
    const noTools = await runCli(['--base-url', 'http://127.0.0.1:9/v1', '--tools', NO_TOOLS, 'q'], {}, TSX_NODE_ARGS);
    expect(noTools.code).toBe(3);
    expect(noTools.stderr).toMatch(/^ToolLoadError: --tools .*no-tools\.ts: expected a default export or a `tools` export/);
  });

  it('exits with code 3 when an MCP server cannot start', async () => {
    const missing = await runInProcess(['--base-url', 'http://127.0.0.1:9/v1', '--mcp', join(dir, 'no-such-server'), 'q']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^ToolLoadError: MCP server `.*no-such-server`: could not connect/);
  });

  it('exits with code 1 when the run fails: the model cannot be reached', async () => {
    const { code, stderr } = await runInProcess(['--base-url', 'http://127.0.0.1:9/v1', 'q']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^The run failed: /);
    expect(stderr).toContain('127.0.0.1:9');
  });
});
