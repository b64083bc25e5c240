#!/usr/bin/env node
// Writes the type declarations of the package in the current directory, after tsup has written its
// JavaScript (ESM `.js` and CommonJS `.cjs`) to dist/:
//
// 1. `tsc -p tsconfig.build.json`: one `.d.ts` per source file, with a declaration map whose `sources`
//    point into the shipped `src/` (so "go to definition" lands in the TypeScript source).
// 2. A `.d.cts` twin of every `.d.ts` (and of its map), with relative imports ending in `.cjs`: the types
//    of the `require` condition must be CommonJS declarations, or TypeScript treats the CommonJS build as
//    ESM ("masquerading as ESM" in arethetypeswrong's words).
//
// Usage (a package's `build` script): tsup && node ../../scripts/emit-declarations.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const dist = 'dist';
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error(`emit-declarations: tsc -p tsconfig.build.json failed in ${process.cwd()} (exit ${compiled.status ?? compiled.signal})`);
  process.exit(1);
}

/** Every `.d.ts` under `dir`, as paths. */
function declarations(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return declarations(path);
    return entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// A relative specifier in `from '...'`, `import('...')` or `import '...'`, ending in `.js`.
const relativeJs = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.\.?\/[^'"]*?)\.js\2/g;

const files = declarations(dist);
if (files.length === 0) {
  console.error(`emit-declarations: tsc wrote no .d.ts under ${join(process.cwd(), dist)}`);
  process.exit(1);
}
for (const file of files) {
  const cts = file.replace(/\.d\.ts$/, '.d.cts');
  const text = readFileSync(file, 'utf8')
    .replace(relativeJs, '$1$2$3.cjs$2')
    .replace(/^\/\/# sourceMappingURL=(.+)\.d\.ts\.map$/m, '//# sourceMappingURL=$1.d.cts.map');
  writeFileSync(cts, text);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  writeFileSync(`${cts}.map`, JSON.stringify({ ...map, file: basename(cts) }));
}
console.log(`emit-declarations: ${files.length} .d.ts files, each with a .d.cts twin and declaration maps, in ${join(process.cwd(), dist)}`);
