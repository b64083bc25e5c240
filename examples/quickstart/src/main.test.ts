// The quickstart as a user runs it: a child process, on its in-process scripted model.
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runScript } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

it('answers from the tools: the searches start while the plan streams, the difference after both', async () => {
  const { code, stdout } = await runScript(MAIN, { timeoutMs: 30_000 });
  expect(code).toBe(0);
  const lines = stdout.split('\n').map((line) => line.replace(/^\[\d+\.\d\d s\] /, ''));
  expect(lines).toContain('task 1 planned: search(query="Mariana Trench")');
  expect(lines).toContain('task 3 ok: 2618');
  expect(lines.indexOf('task 1 started')).toBeLessThan(lines.indexOf('plan complete'));
  expect(lines).toContain('Answer: The Mariana Trench is 2,618 m deeper than the Puerto Rico Trench.');
}, 30_000);
