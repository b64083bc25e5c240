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
// Dependencies stay imports.
const external = [/^@llmcompiler\//, /^@modelcontextprotocol\//, 'openai', 'zod', 'log-update'];

// Two builds into dist/. Declarations come from tsc (scripts/emit-declarations.mjs): one file per module.
export default defineConfig([
  {
    ...common,
    external,
    entry: { index: 'src/index.ts' },
    // ESM (`.js`) for `import`, CommonJS (`.cjs`) for `require`.
    format: ['esm', 'cjs'],
    clean: ['!bin.js', '!bin.js.map'],
  },
  {
    ...common,
    external,
    // The `llmcompiler` command: ESM only, nothing imports it.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    clean: false,
  },
]);
