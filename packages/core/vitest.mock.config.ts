// The test files that replace a module with vi.mock (`*.mock.test.ts`): a mock only takes effect in a module
// cache that has not loaded the real module, so these files run isolated, unlike the rest of core's tests.
import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

export default defineProject({
  ...sourceConditions,
  test: {
    isolate: true,
    name: 'core-mocks',
    include: ['src/**/*.mock.test.ts', 'test/**/*.mock.test.ts'],
    setupFiles: ['../../vitest.setup.ts'],
  },
});
