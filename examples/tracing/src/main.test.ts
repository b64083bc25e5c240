// The example as a user runs it: a child process on its in-process simulated model.
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runScript } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

it('prints the span tree of the run and writes its HTML trace', async () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const { code, stdout, stderr } = await runScript(MAIN);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toContain('Answer: The Mariana Trench is 2,618 m deeper than the Puerto Rico Trench.');
  const names = stdout
    .split('\n')
    .filter((line) => / ms \+ *\d+ ms {2}/.test(line))
    .map((line) => line.replace(/^.* ms {2}/, ''));
  expect(names).toEqual([
    'invoke_agent llmcompiler',
    '  plan llmcompiler',
    '    chat simulated-model',
    '  execute_tool search',
    '    lookup Mariana Trench',
    '  execute_tool search',
    '    lookup Puerto Rico Trench',
    '  execute_tool difference',
    '  chat simulated-model',
  ]);
  const tracePath = /^Trace: (.+\.html) \(open it in a browser\)$/m.exec(stdout)?.[1];
  expect(tracePath).toBe(join(cwd, 'out', 'trace.html'));
  const html = readFileSync(tracePath!, 'utf8');
  expect(html.match(/class="bar task /g)).toHaveLength(3);
  expect(html).toContain('The Mariana Trench is 2,618 m deeper than the Puerto Rico Trench.');
}, 60_000);
