import { defineProject } from 'vitest/config';
import { sharedTestOptions, sourceConditions } from '../../vitest.shared.js';

export default defineProject({
  ...sourceConditions,
  test: {
    ...sharedTestOptions,
    name: 'mcp',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['../../vitest.setup.ts'],
    // The tests start real MCP servers (node processes), which take seconds on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
