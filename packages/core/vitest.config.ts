import { defineProject } from 'vitest/config';
import { sharedTestOptions, sourceConditions } from '../../vitest.shared.js';

export default defineProject({
  ...sourceConditions,
  test: {
    ...sharedTestOptions,
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Files that replace a module with vi.mock need a module cache of their own: vitest.mock.config.ts.
    exclude: ['**/*.mock.test.ts', '**/node_modules/**'],
    setupFiles: ['../../vitest.setup.ts'],
  },
});
