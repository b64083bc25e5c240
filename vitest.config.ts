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
          exclude: ['**/node_modules/**', '**/*.mock.test.ts', 'packages/bullmq/**', 'packages/mcp/**'],
          setupFiles: ['./vitest.setup.ts'],
          // The OpenAI adapter's tests stub OPENAI_* variables; each test starts from the real environment again.
          unstubEnvs: true,
        },
      },
      // BullMQ's workers run timers of their own (lock renewal). In one run of the whole suite, one of them was
      // still armed in a process where a later test file installed fake timers, which then ran it in a loop
      // ("Aborting after running 10000 timers"); the package's tests run in processes of their own.
      'packages/bullmq/vitest.config.ts',
      // Real MCP servers, with longer timeouts.
      'packages/mcp/vitest.config.ts',
      // Files that replace a module with vi.mock, each in a module cache of its own.
      'packages/core/vitest.mock.config.ts',
      // The shared setup's own tests, which emit process warnings on purpose: apart, so that no other test sees them.
      { test: { name: 'setup', include: ['vitest-warnings.test.ts'], setupFiles: ['./vitest.setup.ts'] } },
    ],
  },
});
