import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts', 'test/index': 'src/test/index.ts', 'internal/index': 'src/internal/index.ts', 'trace/index': 'src/trace/index.ts' },
    // Also for CommonJS: the entries share their modules' chunks, so `/test` and `/internal` use the
    // same classes as the main entry.
    splitting: true,
  }),
);
