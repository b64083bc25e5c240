// Runs the `llmcompiler` binary from its source, as a child process, the way a user runs it: node with tsx
// and the source condition, so the workspace packages resolve to their sources.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

export const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
/** The command line that starts the binary: `node --conditions=@llmcompiler/source --import tsx src/bin.ts`. */
export const NODE_ARGS = ['--conditions=@llmcompiler/source', '--import', 'tsx', BIN];

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
export async function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliOutput> {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
