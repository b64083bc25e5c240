import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@llmcompiler/source'] },
  ssr: { resolve: { conditions: ['@llmcompiler/source'] } },
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'bench/vitest.config.ts',
      // The shared setup's own tests.
      { test: { name: 'setup', include: ['vitest-warnings.test.ts'], setupFiles: ['./vitest.setup.ts'] } },
    ],
  },
});
