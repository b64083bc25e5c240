// Runs the `llmcompiler` binary from its source, as a child process, the way a user runs it: src/bin.ts and the
// workspace sources it imports, bundled by esbuild (test-scripts.ts at the repository's root), on plain Node, as
// the published binary runs; or with tsx's loader, for a tool module written in TypeScript. Or runs the same
// command in this process (`runCommand`), for the tests of its logic: a child costs CPU to start.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { bundleScript } from '../../../test-scripts.js';
import { runCommand } from '../src/run-command.js';

export const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
/** The command line that starts the binary: `node <src/bin.ts bundled>`. */
export const NODE_ARGS = [await bundleScript(BIN)];
/** The binary under tsx's loader, which can import a tool module written in TypeScript. */
export const TSX_NODE_ARGS = ['--conditions=@llmcompiler/source', '--import', 'tsx', BIN];

/** The environment without any OpenAI settings of the machine, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL']) if (!(name in extra)) delete env[name];
  return env;
}

/** `arg` quoted for a POSIX shell's command line. */
export const quote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`;

export interface CliOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary with `args` (stdout a pipe: not a TTY) and waits for it to exit. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, nodeArgs: readonly string[] = NODE_ARGS): Promise<CliOutput> {
  const child = spawn(process.execPath, [...nodeArgs, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** A stream that keeps what is written to it, as text; not a TTY, as stdout is when it is a pipe. */
class TextSink extends Writable {
  text = '';

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

/**
 * Runs the command with `args` in this process, as the binary would with stdout a pipe and an environment
 * with no OpenAI settings but `env`: what it wrote to stdout and stderr, and the exit code it returned.
 */
export async function runInProcess(args: readonly string[], env: Record<string, string> = {}): Promise<CliOutput> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await runCommand(args, { stdout, stderr, env, cwd: process.cwd(), signal: new AbortController().signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
