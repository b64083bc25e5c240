import { writeFile } from 'node:fs/promises';
import { createCompiler, type AnyTool, type LanguageModel, type RunEvent } from '@llmcompiler/core';
import { describeError } from '@llmcompiler/core/internal';
import type { MCPConnection } from '@llmcompiler/mcp';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { CLIUsageError } from './errors/cli-usage-error.js';
import { OutputClosedError } from './errors/output-closed-error.js';
import { ToolLoadError } from './errors/tool-load-error.js';
import { loadConfig } from './load-config.js';
import { connectServers, loadToolModule } from './load-tools.js';
import { parseCommandLine, USAGE } from './parse-command-line.js';
import { jsonView, plainView, type RunView, type ViewStream } from './view.js';

// The heavier modules (the openai client, the MCP SDK, the simulated model and its tokenizer, log-update, the
// trace renderer) are imported where a command first needs them, so that `--help`, a usage error or a run that
// needs only some of them starts without loading the others.

/** The exit codes of `llmcompiler`. */
export const EXIT_CODES = {
  /** The run answered. */
  ok: 0,
  /** The run failed: the model could not be reached, the planner's output could not be read, a replan limit... */
  failed: 1,
  /** The command line or the config file is wrong ({@link CLIUsageError}). */
  usage: 2,
  /** The tools could not be loaded: a `--tools` module or an MCP server ({@link ToolLoadError}). */
  tools: 3,
  /**
   * Interrupted (Ctrl-C): the run was aborted, and every running tool got the abort. 128 + SIGINT's 2. (A
   * closed output, as in `llmcompiler --json "..." | head -n 1`, aborts the run too, and exits with 0.)
   */
  interrupted: 130,
} as const;

/** What {@link runCommand} reads and writes: `process`'s by default in the `llmcompiler` binary. */
export interface CommandIO {
  readonly stdout: ViewStream & NodeJS.WritableStream;
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative `--tools` paths start. */
  readonly cwd: string;
  /**
   * Aborts the run (Ctrl-C): tools get the abort, and the command returns {@link EXIT_CODES}`.interrupted`.
   * Aborted with an {@link OutputClosedError} (stdout's reader went away), the command stops quietly and
   * returns {@link EXIT_CODES}`.ok`.
   */
  readonly signal: AbortSignal;
}

/** A key for a server that needs none (a local OpenAI-compatible one): the `openai` client requires one. */
const PLACEHOLDER_KEY = 'no-key';

/**
 * Runs `llmcompiler` with `argv` (the arguments after the script): reads the flags and the config file, loads
 * the tools, runs the question with the live view, plain lines or JSON lines, writes the trace, prints the
 * answer; returns the exit code ({@link EXIT_CODES}). Errors are printed to `stderr` as `Name: message`.
 */
export async function runCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const connections: MCPConnection[] = [];
  let server: FakeOpenAIServer | undefined;
  try {
    const line = parseCommandLine(argv);
    if (line.help) {
      io.stdout.write(USAGE);
      return EXIT_CODES.ok;
    }
    const config = line.config === undefined ? {} : await loadConfig(line.config);
    const key = nonEmpty(io.env.OPENAI_API_KEY);
    const baseURL = line.baseURL ?? config.baseUrl ?? nonEmpty(io.env.OPENAI_BASE_URL);
    const modelName = line.model ?? config.model ?? nonEmpty(io.env.OPENAI_MODEL) ?? (key === undefined && baseURL === undefined ? 'simulated' : 'gpt-4o-mini');
    const simulated = modelName === 'simulated';
    const modules = [...(config.tools ?? []), ...line.tools];
    const servers = [...(config.mcp ?? []), ...line.mcp];
    if (simulated && (modules.length > 0 || servers.length > 0)) {
      throw new CLIUsageError({
        option: 'a model for your tools',
        expected: 'given with OPENAI_API_KEY, --base-url or OPENAI_BASE_URL (the simulated model only plans the demo tools)',
        got: 'none',
      });
    }

    const tools: AnyTool[] = [];
    for (const module of modules) tools.push(...(await loadToolModule(module, io.cwd)));
    connections.push(...(await connectServers(servers, io.signal)));
    for (const connection of connections) tools.push(...connection.tools);
    if (tools.length === 0) tools.push(...(await import('./demo.js')).demoTools());

    const { openai } = await import('@llmcompiler/openai');
    let model: LanguageModel;
    if (simulated) {
      const { startDemoModel } = await import('./demo.js');
      server = await startDemoModel();
      model = openai('simulated', { baseURL: server.url, apiKey: PLACEHOLDER_KEY });
    } else {
      model = openai(modelName, { apiKey: key ?? PLACEHOLDER_KEY, ...(baseURL === undefined ? {} : { baseURL }), ...((line.api ?? config.api) === undefined ? {} : { api: line.api ?? config.api }) });
    }

    const question = line.question!;
    if (io.signal.aborted) return stopped(io);
    const view: RunView = line.json ? jsonView(io.stdout) : io.stdout.isTTY === true ? (await import('./live-view.js')).liveView(io.stdout, question) : plainView(io.stdout);
    if (!line.json && io.stdout.isTTY !== true) io.stdout.write(`Question: ${question}\n`);
    const run = createCompiler({ model, tools }).run(question, { signal: io.signal });
    const off = run.on('*', (event: RunEvent) => view.event(event));
    let answer: string | undefined;
    let failure: unknown;
    try {
      answer = (await run.result()).answer;
    } catch (error) {
      failure = error;
    } finally {
      off();
      view.close();
    }
    if (line.trace !== undefined) {
      const { renderTrace } = await import('@llmcompiler/core/trace');
      await writeFile(line.trace, renderTrace(run.events));
      if (!line.json) io.stderr.write(`Trace: ${line.trace}\n`);
    }
    if (io.signal.aborted) return stopped(io);
    if (failure !== undefined) {
      io.stderr.write(`The run failed: ${describeError(failure)}\n`);
      return EXIT_CODES.failed;
    }
    if (!line.json && io.stdout.isTTY !== true) io.stdout.write(`\nAnswer: ${answer}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    if (CLIUsageError.isInstance(error)) {
      io.stderr.write(`${error.name}: ${error.message}\n\n${USAGE}`);
      return EXIT_CODES.usage;
    }
    if (ToolLoadError.isInstance(error)) {
      io.stderr.write(`${error.name}: ${error.message}\n`);
      return io.signal.aborted ? stopped(io) : EXIT_CODES.tools;
    }
    if (io.signal.aborted) return stopped(io);
    io.stderr.write(`${describeError(error)}\n`);
    return EXIT_CODES.failed;
  } finally {
    await Promise.allSettled(connections.map((connection) => connection.close()));
    await server?.close();
  }
}

/**
 * The exit code of a command whose signal aborted it: quietly 0 when its output was closed (its reader has
 * all it wanted), else 130 with a word on stderr (Ctrl-C).
 */
function stopped(io: CommandIO): number {
  if (OutputClosedError.isInstance(io.signal.reason)) return EXIT_CODES.ok;
  io.stderr.write('Interrupted: the run was aborted.\n');
  return EXIT_CODES.interrupted;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
