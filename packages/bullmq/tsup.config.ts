import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  // ESM (`.js`) for `import`, CommonJS (`.cjs`) for `require`. Declarations come from tsc
  // (scripts/emit-declarations.mjs): one file per module, with declaration maps.
  format: ['esm', 'cjs'],
  dts: false,
  clean: true,
  sourcemap: true,
  // The maps point into the shipped src/ instead of carrying a copy of it.
  esbuildOptions: (options) => {
    options.sourcesContent = false;
  },
  target: 'node20',
  treeshake: true,
  // Peer dependencies, listed so that they stay imports even if tsup's own detection changes.
  external: ['bullmq', 'ioredis', /^@llmcompiler\//],
});
