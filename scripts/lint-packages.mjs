#!/usr/bin/env node
// Lints what npm would publish: builds every package, packs each one with `npm pack`, then on each tarball
// runs arethetypeswrong (default profile: node10, node16 from CJS and from ESM, bundler), publint --strict,
// and the checks below that neither tool makes:
//
// - metadata: repository (this repository, with the package's directory), homepage, bugs, license,
//   engines, publishConfig.access public;
// - the tarball holds LICENSE, README.md and a CHANGELOG.md in Changesets' format, and no test files;
// - every target of `exports` (every condition, `@llmcompiler/source` included), `main`, `types`,
//   `typesVersions` and `bin` is in the tarball;
// - every declaration file has its declaration map, and every source a map names is in the tarball;
// - every link in the README works on npm: absolute http(s) URLs or anchors, never relative paths;
// - .changeset/: the config names only packages that exist, and each pending changeset bumps publishable
//   packages by patch, minor or major, with a summary.
//
// Usage: node scripts/lint-packages.mjs [--no-build]   (npm run lint:packages)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryUrl = 'https://github.com/llmcompiler/llmcompiler-ts';
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Runs a command, printing its output; returns whether it exited 0. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) console.error(`lint-packages: could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}

/** The publishable packages: every non-private workspace under packages/. */
function publishablePackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ dir: `packages/${entry.name}`, json: JSON.parse(readFileSync(join(root, 'packages', entry.name, 'package.json'), 'utf8')) }))
    .filter(({ json }) => json.private !== true);
}

/** Every string target in an `exports` value, with the path of conditions that leads to it. */
function exportTargets(value, path = []) {
  if (typeof value === 'string') return [{ path: path.join(' > '), target: value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => exportTargets(inner, [...path, key]));
}

/** The problems the tools do not check, for one packed package. */
function packageProblems({ dir, json }, files) {
  const problems = [];
  const has = (path) => files.has(posix.normalize(path.replace(/^\.\//, '')));

  if (json.repository?.type !== 'git' || json.repository?.url !== `git+${repositoryUrl}.git` || json.repository?.directory !== dir) {
    problems.push(`package.json: expected "repository" to be { type: 'git', url: 'git+${repositoryUrl}.git', directory: '${dir}' }, got ${JSON.stringify(json.repository)}`);
  }
  if (json.homepage !== `${repositoryUrl}/tree/main/${dir}#readme`) {
    problems.push(`package.json: expected "homepage" to be '${repositoryUrl}/tree/main/${dir}#readme', got ${JSON.stringify(json.homepage)}`);
  }
  if (json.bugs?.url !== `${repositoryUrl}/issues`) problems.push(`package.json: expected "bugs.url" to be '${repositoryUrl}/issues', got ${JSON.stringify(json.bugs)}`);
  if (json.license !== 'MIT') problems.push(`package.json: expected "license" to be 'MIT', got ${JSON.stringify(json.license)}`);
  if (json.engines?.node !== '>=20.19') problems.push(`package.json: expected "engines.node" to be '>=20.19', got ${JSON.stringify(json.engines)}`);
  if (json.publishConfig?.access !== 'public') problems.push(`package.json: expected "publishConfig.access" to be 'public' (a scoped package is private otherwise), got ${JSON.stringify(json.publishConfig)}`);

  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md']) if (!has(file)) problems.push(`tarball: ${file} is missing`);
  for (const file of files) {
    if (/\.test(-d)?\.ts$|(^|\/)test-helpers\.ts$|\.tsbuildinfo$/.test(file)) problems.push(`tarball: holds a test or build file, ${file}`);
  }

  const targets = [
    ...exportTargets(json.exports, ['exports']),
    ...(json.main === undefined ? [] : [{ path: 'main', target: json.main }]),
    ...(json.types === undefined ? [] : [{ path: 'types', target: json.types }]),
    ...exportTargets(json.typesVersions, ['typesVersions']),
    ...(typeof json.bin === 'string' ? [{ path: 'bin', target: json.bin }] : exportTargets(json.bin ?? {}, ['bin'])),
  ];
  if (json.exports === undefined) problems.push('package.json: "exports" is missing');
  for (const { path, target } of targets) {
    if (!has(target)) problems.push(`package.json: ${path} points at ${target}, which is not in the tarball`);
  }
  const imports = json.exports?.['.']?.import;
  const requires = json.exports?.['.']?.require;
  if (imports?.default === undefined || requires?.default === undefined) {
    problems.push(`package.json: expected exports["."] to have an "import" and a "require" branch, got ${JSON.stringify(json.exports?.['.'])}`);
  }

  for (const file of files) {
    if (/\.d\.c?ts$/.test(file) && !files.has(`${file}.map`)) problems.push(`tarball: ${file} has no declaration map (${file}.map)`);
    if (!file.endsWith('.map')) continue;
    const map = JSON.parse(readFileSync(join(root, dir, file), 'utf8'));
    for (const source of map.sources ?? []) {
      const path = posix.join(posix.dirname(file), map.sourceRoot ?? '', source);
      if (!files.has(path)) problems.push(`tarball: ${file} maps to ${source} (${path}), which is not in the tarball`);
    }
  }

  const changelog = has('CHANGELOG.md') ? readFileSync(join(root, dir, 'CHANGELOG.md'), 'utf8') : '';
  if (has('CHANGELOG.md') && !changelog.startsWith(`# ${json.name}\n\n## `)) {
    problems.push(`CHANGELOG.md: expected Changesets' format, starting "# ${json.name}" then a "## <version>" heading`);
  }

  const readme = readFileSync(join(root, dir, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
  const links = [
    ...[...readme.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((match) => match[1]),
    ...[...readme.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/gm)].map((match) => match[1]),
    ...[...readme.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]),
  ];
  for (const link of links) {
    if (!/^(https?:\/\/|#|mailto:)/.test(link)) problems.push(`README.md: the link ${link} is relative, and breaks on npm; use an absolute ${repositoryUrl}/... URL`);
  }
  return problems;
}

/** The problems of .changeset/: its config and the pending changesets. */
function changesetProblems(names) {
  const problems = [];
  const dir = join(root, '.changeset');
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  if (config.access !== 'public') problems.push(`.changeset/config.json: expected "access" to be 'public', got ${JSON.stringify(config.access)}`);
  for (const name of [...(config.ignore ?? []), ...(config.fixed ?? []).flat(), ...(config.linked ?? []).flat()]) {
    if (!names.has(name) && !name.includes('*')) problems.push(`.changeset/config.json: names ${name}, which is not a publishable package`);
  }
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.md') && name !== 'README.md')) {
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(join(dir, file), 'utf8'));
    if (match === null) {
      problems.push(`.changeset/${file}: expected a "---" front matter of package bumps, then a summary`);
      continue;
    }
    for (const line of match[1].split('\n').filter((line) => line.trim() !== '')) {
      const bump = /^\s*['"]?([^'":]+)['"]?\s*:\s*(patch|minor|major)\s*$/.exec(line);
      if (bump === null) problems.push(`.changeset/${file}: expected "'<package>': patch|minor|major", got ${JSON.stringify(line)}`);
      else if (!names.has(bump[1])) problems.push(`.changeset/${file}: bumps ${bump[1]}, which is not a publishable package`);
    }
    if (match[2].trim() === '') problems.push(`.changeset/${file}: the summary (the CHANGELOG entry) is empty`);
  }
  return problems;
}

const steps = [];
const failed = (step, detail) => {
  steps.push({ step, ok: false });
  console.error(`\nlint-packages: FAILED: ${step}${detail ? `\n${detail}` : ''}`);
};
const passed = (step) => steps.push({ step, ok: true });

if (!process.argv.includes('--no-build')) {
  console.log('== npm run build');
  if (!run('npm', ['run', 'build'])) {
    console.error('\nlint-packages: FAILED: npm run build (see its output above)');
    process.exit(1);
  }
}

const changesets = changesetProblems(new Set(publishablePackages().map(({ json }) => json.name)));
if (changesets.length === 0) passed('changesets');
else failed('changesets', changesets.map((problem) => `  - ${problem}`).join('\n'));

const packDir = mkdtempSync(join(tmpdir(), 'llmcompiler-lint-'));
try {
  for (const pkg of publishablePackages()) {
    console.log(`\n== ${pkg.json.name} (${pkg.dir})`);
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: join(root, pkg.dir), encoding: 'utf8' });
    if (packed.status !== 0) {
      failed(`${pkg.json.name}: npm pack`, packed.stderr);
      continue;
    }
    const [info] = JSON.parse(packed.stdout);
    const tarball = join(packDir, info.filename);
    console.log(`packed ${info.filename}: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KiB (${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked)`);

    const attw = `${pkg.json.name}: arethetypeswrong`;
    if (run(bin('attw'), [tarball, '--format', 'table-flipped'])) passed(attw);
    else failed(attw, 'arethetypeswrong found problems (table above). Its docs: https://github.com/arethetypeswrong/arethetypeswrong.github.io/tree/main/docs/problems');

    const publint = `${pkg.json.name}: publint --strict`;
    if (run(bin('publint'), ['run', tarball, '--strict'])) passed(publint);
    else failed(publint, 'publint found problems (above). Its rules: https://publint.dev/rules');

    const checks = `${pkg.json.name}: package checks`;
    const problems = packageProblems(pkg, new Set(info.files.map((file) => file.path)));
    if (problems.length === 0) {
      console.log('package checks: all good');
      passed(checks);
    } else failed(checks, problems.map((problem) => `  - ${problem}`).join('\n'));
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

const failures = steps.filter((step) => !step.ok);
console.log(`\nlint-packages: ${steps.length - failures.length} passed, ${failures.length} failed`);
if (failures.length > 0) {
  for (const { step } of failures) console.error(`  FAILED: ${step}`);
  process.exit(1);
}
