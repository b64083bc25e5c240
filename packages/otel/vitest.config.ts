import { defineProject } from 'vitest/config';
import { sharedTestOptions, sourceConditions } from '../../vitest.shared.js';

// The shared conditions without `module`: @opentelemetry/api's `module` build is for bundlers (its imports
// have no file extensions), and Node cannot load it. Node itself loads the CommonJS build (`default`).
const conditions = sourceConditions.resolve.conditions.filter((condition) => condition !== 'module');

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    ...sharedTestOptions,
    name: 'otel',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['../../vitest.setup.ts'],
  },
});
