// The layering of core: no file imports itself through others, and no folder does either (plan/ reads
// graph/, never the reverse). Type-only imports count too: they still tie the files together.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

const files = sourceFiles(src).map((path) => relative(src, path));
const imports = new Map(
  files.map((file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const targets = [...text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)].map((match) => relative(src, resolve(src, dirname(file), `${match[1]}.ts`)));
    return [file, targets] as const;
  }),
);

/** The first cycle found in a graph, as the nodes around it, or undefined. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

describe('the import graph of core', () => {
  it('reads every source file', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(imports.get('run/run-loop.ts')).toContain('run/planning-round.ts');
  });

  it('has no cycle between files', () => {
    expect(findCycle(imports)).toBeUndefined();
  });

  it('has no cycle between folders (the entry folders aside, which gather the others)', () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, targets] of imports) {
      const from = folderOf(file);
      if (from === '.' || from === 'internal' || file.endsWith('/index.ts')) continue;
      for (const target of targets) {
        const to = folderOf(target);
        if (to !== from) (folders.get(from) ?? folders.set(from, new Set()).get(from)!).add(to);
      }
    }
    expect(findCycle(new Map([...folders].map(([folder, targets]) => [folder, [...targets]])))).toBeUndefined();
  });

  it('finds a cycle when there is one', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
  });
});
