import { defineProject } from 'vitest/config';
import { sharedTestOptions, sourceConditions } from '../../vitest.shared.js';

export default defineProject({
  ...sourceConditions,
  test: {
    ...sharedTestOptions,
    name: 'tool-selection',
    include: ['src/**/*.test.ts'],
    setupFiles: ['../../vitest.setup.ts'],
  },
});
