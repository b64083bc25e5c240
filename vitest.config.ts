import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { sharedTestOptions, sourceConditions } from './vitest.shared.js';

export default defineConfig({
  resolve: { conditions: ['@llmcompiler/source'] },
  ssr: { resolve: { conditions: ['@llmcompiler/source'] } },
  test: {
    // vitest runs `cores - 1` workers: one on a 2-core machine (CI's, and this project's developers'), which
    // ran every file in turn. Two at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // Every package's, example's and the benchmark's tests in one project. Each vitest project has a Vite
      // server and workers of its own, which transform and import our sources, zod and the peers again: one
      // project per package cost about 13 s of CPU more than this one (87 s against 74 s for `npm test`).
      // Each folder's own vitest.config.ts still runs its tests alone: `npx vitest run --root packages/core`,
      // or filter this one by path: `npx vitest run packages/core`.
      {
        ...sourceConditions,
        test: {
          ...sharedTestOptions,
          name: 'workspace',
          include: ['packages/*/{src,test}/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'bench/{src,test}/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'packages/mcp/**', '**/*.mock.test.ts'],
          setupFiles: ['./vitest.setup.ts'],
          // The OpenAI adapter's tests stub OPENAI_* variables; each test starts from the real environment again.
          unstubEnvs: true,
        },
      },
      // Real MCP servers, with longer timeouts.
      'packages/mcp/vitest.config.ts',
      // Files that replace a module with vi.mock, each in a module cache of its own.
      'packages/core/vitest.mock.config.ts',
      // The shared setup's own tests.
      { test: { name: 'setup', include: ['vitest-warnings.test.ts'], setupFiles: ['./vitest.setup.ts'] } },
    ],
  },
});
