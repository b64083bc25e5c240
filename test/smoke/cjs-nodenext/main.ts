// A CommonJS app ("type": "commonjs", moduleResolution NodeNext): TypeScript compiles the imports to
// `require()`, which loads the CommonJS build of every entry.
import { check, checkOtherBuild, entries, smoke } from './agent.js';

for (const entry of entries) {
  const path = require.resolve(entry);
  check(path.startsWith(process.cwd()) && /[/\\]dist[/\\].+\.cjs$/.test(path), `require('${entry}') loads the CommonJS build installed in this app, got ${path}`);
}

async function main(): Promise<void> {
  // An ESM dependency of this app would load the ESM build: a second copy.
  checkOtherBuild(await import('@llmcompiler/core'));
  const ran = await smoke();
  console.log(`cjs-nodenext on Node ${process.version}: ${[...ran, 'the ESM build beside it'].join(', ')}: ok`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
