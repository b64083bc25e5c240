import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@llmcompiler/source'] },
  ssr: { resolve: { conditions: ['@llmcompiler/source'] } },
  test: {
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts', 'bench/vitest.config.ts'],
  },
});
