// Where the MCP servers installed from npm (dev dependencies) are, to start them as `node <bin>`: no npx,
// no network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MCPStdioServer } from '../src/index.js';

const require = createRequire(import.meta.url);

/** The stdio command of `@modelcontextprotocol/server-<name>`, started with this process's node. */
export function npmServer(name: 'everything' | 'memory' | 'filesystem', args: readonly string[] = [], env?: Record<string, string>): MCPStdioServer {
  const packageJson = require.resolve(`@modelcontextprotocol/server-${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> };
  const script = join(dirname(packageJson), Object.values(bin)[0]!);
  return { command: process.execPath, args: [script, ...args], ...(env === undefined ? {} : { env }) };
}
