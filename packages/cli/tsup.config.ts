import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// Dependencies stay imports.
const external = [/^@llmcompiler\//, /^@modelcontextprotocol\//, 'openai', 'zod', 'log-update'];

// Two builds into dist/.
export default defineConfig([
  packageBuild({ entry: { index: 'src/index.ts' }, external, clean: ['!bin.js', '!bin.js.map'] }),
  // The `llmcompiler` command: ESM only, nothing imports it.
  packageBuild({ entry: { bin: 'src/bin.ts' }, external, format: ['esm'], clean: false }),
]);
