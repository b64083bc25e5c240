// An app type-checked as bundled code is (module ESNext, moduleResolution Bundler), run as ESM by Node.
import { fileURLToPath } from 'node:url';
import { check, entries, smoke } from './agent.js';

for (const entry of entries) {
  const path = fileURLToPath(import.meta.resolve(entry));
  check(path.startsWith(process.cwd()) && /[/\\]dist[/\\].+\.js$/.test(path), `import '${entry}' loads the ESM build installed in this app, got ${path}`);
}
const ran = await smoke();
console.log(`esm-bundler on Node ${process.version}: ${ran.join(', ')}: ok`);
