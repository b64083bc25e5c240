// The quickstart as a user runs it: a child process, on its in-process scripted model.
// tsx's loader runs in that process (`--import tsx`); tsx's CLI would start a second Node process to run the script.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('answers from the tools: the searches start while the plan streams, the difference after both', async () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, ['--conditions=@llmcompiler/source', '--import', 'tsx', 'src/main.ts'], { cwd, timeout: 30_000 }, (error, out) =>
      resolve({ code: error === null ? 0 : -1, stdout: out }),
    );
  });
  expect(code).toBe(0);
  const lines = stdout.split('\n').map((line) => line.replace(/^\[\d+\.\d\d s\] /, ''));
  expect(lines).toContain('task 1 planned: search(query="Mariana Trench")');
  expect(lines).toContain('task 3 ok: 2618');
  expect(lines.indexOf('task 1 started')).toBeLessThan(lines.indexOf('plan complete'));
  expect(lines).toContain('Answer: The Mariana Trench is 2,618 m deeper than the Puerto Rico Trench.');
}, 30_000);
