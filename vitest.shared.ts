// Settings every package's vitest project shares: tests run against the TypeScript sources of the
// workspace packages (the `@llmcompiler/source` export condition), so no build is needed first. Otherwise the
// conditions Node itself uses: not `module`, which some packages (@opentelemetry/api 1.9) point at a build
// for bundlers, whose extensionless imports Node cannot load.
export const sourceConditions = {
  resolve: { conditions: ['@llmcompiler/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@llmcompiler/source', 'import', 'node', 'default'] } },
};

/**
 * Test options every project shares. `isolate: false`: the test files of a worker share its module cache,
 * so zod, openai, LangChain and our sources load once per worker instead of once per file, which halves
 * the CPU time of `npm test`. It holds because every test restores what it changes (real timers, stubbed
 * env, process listeners, mocks), and vitest.setup.ts still runs around each file.
 */
export const sharedTestOptions = {
  isolate: false,
};
