import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@llmcompiler/source'] },
  ssr: { resolve: { conditions: ['@llmcompiler/source'] } },
  test: {
    // vitest runs `cores - 1` workers: one on a 2-core machine (CI's, and this project's developers'), which
    // ran every file in turn. Two at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      'packages/*/vitest.config.ts',
      'packages/core/vitest.mock.config.ts',
      'examples/*/vitest.config.ts',
      'bench/vitest.config.ts',
      // The shared setup's own tests.
      { test: { name: 'setup', include: ['vitest-warnings.test.ts'], setupFiles: ['./vitest.setup.ts'] } },
    ],
  },
});
