#!/usr/bin/env node
// The packaging smoke test: what a user gets from npm, not what the workspace sees.
//
// 1. Builds every package and packs it with `npm pack`.
// 2. Installs the tarballs into fresh apps in a temporary folder, outside the repository, with typescript,
//    zod, openai, @langchain/core, ai, @ai-sdk/openai-compatible, @modelcontextprotocol/sdk, @opentelemetry/api,
//    bullmq, ioredis and @types/node at the versions of the root package-lock.json (from npm's cache when it has
//    them: --prefer-offline). The apps are test/smoke/*: an ESM and a CommonJS app with
//    moduleResolution NodeNext, and an ESM app with Bundler resolution, all `strict` with `skipLibCheck`
//    off, each with test/smoke/agent.ts beside its main.ts.
// 3. In each app, on Node 20 (this process's node) and on Node 24 (`npx -y -p node@24`): `tsc --noEmit`,
//    then (once) `tsc` to compile, then `node out/main.js`, which checks that every entry resolves to the
//    right build inside the app, runs a short agent on the scripted model of `@llmcompiler/core/test` (and
//    through `@llmcompiler/openai`, `@llmcompiler/ai-sdk`, `@llmcompiler/langchain` and `@llmcompiler/mcp`, traced
//    by `@llmcompiler/otel` and drawn by `@llmcompiler/core/trace`), and asserts the answers.
//
// Every step that fails is named with its command, folder and output, and the script exits 1.
// Usage: node scripts/smoke-packages.mjs [--no-build] [--keep]   (npm run smoke:packages)
//   --no-build  pack what dist/ already holds
//   --keep      leave the temporary folder for a look (its path is printed)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const templates = join(root, 'test', 'smoke');
const apps = ['esm-nodenext', 'cjs-nodenext', 'esm-bundler'];
const args = process.argv.slice(2);
const started = Date.now();

class StepError extends Error {}

/** Runs a command; throws a StepError naming it, with its output, unless it exits 0. */
function run(label, command, commandArgs, { cwd = root, quiet = false } = {}) {
  const shown = `${command} ${commandArgs.join(' ')}`;
  console.log(`\n-- ${label}\n   $ ${shown}   (in ${cwd})`);
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit', maxBuffer: 64 * 1024 * 1024 });
  if (result.status === 0) return result.stdout ?? '';
  const output = quiet ? `\n${result.stdout ?? ''}${result.stderr ?? ''}` : ' (its output is above)';
  const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
  throw new StepError(`${label}: \`${shown}\` in ${cwd} failed (${why})${output}`);
}

const results = [];
/** Runs one step; records whether it passed, so that one failure does not hide the others. */
function step(label, body) {
  try {
    body();
    results.push({ label, ok: true });
    return true;
  } catch (error) {
    results.push({ label, ok: false });
    console.error(`\nsmoke-packages: FAILED: ${error instanceof StepError ? error.message : `${label}: ${error?.stack ?? error}`}`);
    return false;
  }
}

function finish() {
  const failures = results.filter((result) => !result.ok);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\nsmoke-packages: ${results.length - failures.length} passed, ${failures.length} failed (${seconds} s)`);
  for (const { label } of failures) console.error(`  FAILED: ${label}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

/** The version of `name` that the root package-lock.json installs. */
function lockedVersion(name) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const version = lock.packages?.[`node_modules/${name}`]?.version;
  if (version === undefined) throw new StepError(`package-lock.json has no node_modules/${name}: run npm install at the root`);
  return version;
}

/** Every step, in `work`; returns at the first failure that leaves nothing to test. */
function smoke(work) {
  if (!args.includes('--no-build') && !step('build', () => run('build every package', 'npm', ['run', 'build']))) return;

  const tarballs = {};
  const packed = step('pack', () => {
    const dir = join(work, 'tarballs');
    mkdirSync(dir);
    for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
      const pkgDir = join(root, 'packages', entry.name);
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
      if (!entry.isDirectory() || pkg.private === true) continue;
      const [info] = JSON.parse(run(`npm pack ${pkg.name}`, 'npm', ['pack', '--json', '--pack-destination', dir], { cwd: pkgDir, quiet: true }));
      tarballs[pkg.name] = `file:${join(dir, info.filename)}`;
      console.log(`   ${info.filename}: ${info.entryCount} files`);
    }
  });
  if (!packed) return;

  let node24;
  const haveNode24 = step('find Node 24', () => {
    node24 = run('npx -y -p node@24 (downloads it from the npm registry once)', 'npx', ['-y', '-p', 'node@24', '--', 'node', '-p', 'process.execPath'], { quiet: true }).trim();
    const version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (!version.startsWith('v24.')) throw new StepError(`npx -p node@24 gave ${node24}, whose version is ${JSON.stringify(version)}, not v24`);
    console.log(`   Node ${version} at ${node24}`);
  });
  const nodes = [{ name: `Node ${process.version}`, bin: process.execPath }, ...(haveNode24 ? [{ name: 'Node 24', bin: node24 }] : [])];

  // @types/json-schema: the declarations of @ai-sdk/provider (under `ai`) import `json-schema`, which ships none.
  const devDependencies = Object.fromEntries(['typescript', '@types/node', '@types/json-schema'].map((name) => [name, lockedVersion(name)]));
  const dependencies = {
    ...tarballs,
    ...Object.fromEntries(['zod', 'openai', '@langchain/core', 'ai', '@ai-sdk/openai-compatible', '@modelcontextprotocol/sdk', '@opentelemetry/api', 'bullmq', 'ioredis'].map((name) => [name, lockedVersion(name)])),
  };

  for (const app of apps) {
    const dir = join(work, app);
    const installed = step(`${app}: install`, () => {
      cpSync(join(templates, app), dir, { recursive: true });
      cpSync(join(templates, 'agent.ts'), join(dir, 'agent.ts'));
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...pkg, dependencies, devDependencies }, null, 2)}\n`);
      run(`${app}: npm install the tarballs`, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    });
    if (!installed) continue;
    const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    const compiled = step(`${app}: tsc --noEmit and compile (${nodes[0].name})`, () => {
      run(`${app}: type-check (${nodes[0].name})`, nodes[0].bin, [tsc, '-p', 'tsconfig.json', '--noEmit'], { cwd: dir });
      run(`${app}: compile to out/`, nodes[0].bin, [tsc, '-p', 'tsconfig.json'], { cwd: dir });
    });
    for (const node of nodes) {
      if (node !== nodes[0]) step(`${app}: tsc --noEmit (${node.name})`, () => run(`${app}: type-check (${node.name})`, node.bin, [tsc, '-p', 'tsconfig.json', '--noEmit'], { cwd: dir }));
      if (compiled) step(`${app}: run the agent (${node.name})`, () => run(`${app}: node out/main.js (${node.name})`, node.bin, ['out/main.js'], { cwd: dir }));
    }
  }
}

const work = mkdtempSync(join(tmpdir(), 'llmcompiler-smoke-'));
console.log(`smoke-packages: working in ${work}`);
try {
  smoke(work);
} finally {
  if (args.includes('--keep')) console.log(`\nsmoke-packages: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
finish();
