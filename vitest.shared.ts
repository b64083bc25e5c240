// Settings every package's vitest project shares: tests run against the TypeScript sources of the
// workspace packages (the `@llmcompiler/source` export condition), so no build is needed first.
export const sourceConditions = {
  resolve: { conditions: ['@llmcompiler/source', 'import', 'module', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@llmcompiler/source', 'import', 'module', 'node', 'default'] } },
};
