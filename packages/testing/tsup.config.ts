import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// Two builds that tsup runs at the same time, both into dist/.
export default defineConfig([
  // Everything but what the other build writes.
  packageBuild({ entry: { index: 'src/index.ts' }, clean: ['!cli.js', '!cli.js.map'] }),
  // The `llmcompiler-fake-openai` command: ESM only, nothing imports it.
  packageBuild({ entry: { cli: 'src/cli.ts' }, format: ['esm'], clean: false }),
]);
