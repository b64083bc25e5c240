// The scripts the tests start as child processes (an example's main.ts, the command line's bin.ts), bundled
// into one ESM file each with esbuild, the compiler tsx uses, so that each child starts on plain Node. Under
// tsx every child ran tsx's loader thread and compiled our sources module by module again: about 1 s of CPU
// per start, whatever the child did, against about 0.2 s for the bundle.
//
// The bundle holds our own sources (the `@llmcompiler/*` packages, read through the `@llmcompiler/source`
// condition as under tsx, and the examples' `@llmcompiler-examples/*`); every other package stays an import. It
// is written under the package's own node_modules/.cache, so those imports resolve as they do from the
// package's sources, and `import.meta.url` is the entry's URL, so that paths the entry builds from it
// (`new URL('./worker.ts', import.meta.url)`) point where they do under tsx. Like tsx's cache, the bundles
// stay there: each test process builds its own once, and renames it into place whole, so a child started by
// another process never reads half a file.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles `entry` (an absolute path to a TypeScript file) once per process and resolves with the path of the
 * bundle, to start with `node <bundle> ...args`.
 *
 * @example
 * ```ts
 * const script = await bundleScript(fileURLToPath(new URL('./main.ts', import.meta.url)));
 * execFile(process.execPath, [script, '--resume', id], callback);
 * ```
 */
export function bundleScript(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    bundle = bundleOnce(entry);
    bundles.set(entry, bundle);
    // A failed build is not kept: the next call tries again.
    bundle.catch(() => bundles.delete(entry));
  }
  return bundle;
}

/** This process's environment without the variables whose names start with `prefix` (`'OPENAI_'`). */
export function envWithout(prefix: string): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith(prefix)));
}

/** Options of {@link runScript}. */
export interface RunScriptOptions {
  /** The script's arguments. */
  readonly args?: readonly string[];
  /** Its environment. @default this process's */
  readonly env?: NodeJS.ProcessEnv;
  /** What it reads on stdin, which is then closed. @default nothing */
  readonly input?: string;
  /** How long it may run before it is killed (SIGTERM). @default 60,000 */
  readonly timeoutMs?: number;
}

/** How a script run by {@link runScript} ended, and what it wrote. */
export interface ScriptRun {
  /** Its exit code; `null` when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `entry` (bundled by {@link bundleScript}) as a child process in its package's folder, as a user runs it
 * there, and resolves once it has ended.
 *
 * @example
 * ```ts
 * const { code, stdout, stderr } = await runScript(fileURLToPath(new URL('./main.ts', import.meta.url)), { input: 'question\n' });
 * ```
 */
export async function runScript(entry: string, options: RunScriptOptions = {}): Promise<ScriptRun> {
  const { args = [], env, input = '', timeoutMs = 60_000 } = options;
  const script = await bundleScript(entry);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script, ...args], { cwd: packageDir(entry), env, timeout: timeoutMs }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, signal: error?.signal ?? null, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

async function bundleOnce(entry: string): Promise<string> {
  const dir = packageDir(entry);
  const outdir = join(dir, 'node_modules', '.cache', 'llmcompiler-test-scripts');
  mkdirSync(outdir, { recursive: true });
  // src/main.ts -> src-main.mjs
  const outfile = join(outdir, `${relative(dir, entry).replace(/\.ts$/, '').replaceAll(sep, '-')}.mjs`);
  const { outputFiles } = await build({
    entryPoints: [entry],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@llmcompiler/source'],
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
    plugins: [otherPackagesExternal],
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  // Test files in other workers may bundle the same entry at the same time: each writes a file of its own.
  const partial = `${outfile}.${process.pid}`;
  writeFileSync(partial, outputFiles[0]!.contents);
  renameSync(partial, outfile);
  return outfile;
}

/** Leaves every bare import but our own packages (`@llmcompiler/*`, `@llmcompiler-examples/*`) to Node. */
const otherPackagesExternal: Plugin = {
  name: 'other-packages-external',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) => (/^@llmcompiler(-examples)?\//.test(path) ? undefined : { path, external: true }));
  },
};

/** The folder of the nearest package.json above `file`. */
function packageDir(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Expected a package.json above ${file}, found none`);
  }
}
