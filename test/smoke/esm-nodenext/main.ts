// An ESM app ("type": "module", moduleResolution NodeNext): `import` loads the ESM build of every entry.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { check, checkOtherBuild, entries, smoke } from './agent.js';

for (const entry of entries) {
  const path = fileURLToPath(import.meta.resolve(entry));
  check(path.startsWith(process.cwd()) && /[/\\]dist[/\\].+\.js$/.test(path), `import '${entry}' loads the ESM build installed in this app, got ${path}`);
}
// A CommonJS dependency of this app would load the CommonJS build: a second copy.
checkOtherBuild(createRequire(import.meta.url)('@llmcompiler/core') as typeof import('@llmcompiler/core'));
const ran = await smoke();
console.log(`esm-nodenext on Node ${process.version}: ${[...ran, 'the CommonJS build beside it'].join(', ')}: ok`);
