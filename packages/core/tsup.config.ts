import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'test/index': 'src/test/index.ts', 'internal/index': 'src/internal/index.ts', 'trace/index': 'src/trace/index.ts' },
  // ESM (`.js`) for `import`, CommonJS (`.cjs`) for `require`. Declarations come from tsc
  // (scripts/emit-declarations.mjs): one file per module, with declaration maps.
  format: ['esm', 'cjs'],
  dts: false,
  // Also for CommonJS: the entries share their modules' chunks, so `/test` and `/internal` use the
  // same classes as the main entry.
  splitting: true,
  clean: true,
  sourcemap: true,
  // The maps point into the shipped src/ instead of carrying a copy of it.
  esbuildOptions: (options) => {
    options.sourcesContent = false;
  },
  target: 'node20',
  treeshake: true,
});
