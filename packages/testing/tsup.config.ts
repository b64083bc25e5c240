import { defineConfig } from 'tsup';

const common = {
  sourcemap: true,
  // The maps point into the shipped src/ instead of carrying a copy of it.
  esbuildOptions: (options: { sourcesContent?: boolean }) => {
    options.sourcesContent = false;
  },
  target: 'node20',
  treeshake: true,
  dts: false,
} as const;

// Two builds that tsup runs at the same time, both into dist/. Declarations come from tsc
// (scripts/emit-declarations.mjs): one file per module, with declaration maps.
export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts' },
    // ESM (`.js`) for `import`, CommonJS (`.cjs`) for `require`.
    format: ['esm', 'cjs'],
    // Everything but what the other build writes.
    clean: ['!cli.js', '!cli.js.map'],
  },
  {
    ...common,
    // The `llmcompiler-fake-openai` command: ESM only, nothing imports it.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    clean: false,
  },
]);
