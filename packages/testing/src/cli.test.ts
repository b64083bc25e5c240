import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleScript } from '../../../test-scripts.js';

// The command's source bundled by esbuild (test-scripts.ts at the repository's root), on plain Node.
const cli = await bundleScript(fileURLToPath(new URL('./cli.ts', import.meta.url)));

describe('llmcompiler-fake-openai', () => {
  it('prints the base URL, echoes the last user message, and stops on SIGINT', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      child.stdout.setEncoding('utf8');
      let output = '';
      while (!output.includes('\n')) output += ((await once(child.stdout, 'data')) as [string])[0];
      const url = output.split('\n')[0]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);

      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'ping' }] }),
      });
      expect(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('ping');

      const exited = once(child, 'exit');
      child.kill('SIGINT');
      expect(await exited).toEqual([0, null]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
