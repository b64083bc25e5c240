import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // Peer dependencies, listed so that they stay imports even if tsup's own detection changes.
  external: [/^@langchain\//, '@llmcompiler/core'],
});
