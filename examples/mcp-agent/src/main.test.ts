// The example as a user runs it (`npm run start -w @llmcompiler-examples/mcp-agent`): a child process that
// starts the filesystem MCP server and the simulated model, both local.
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { envWithout, runScript } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

it('reads the notes in parallel while the plan streams, then writes the summary once the plan is complete', async () => {
  const env = envWithout('OPENAI_');
  const { code, stdout, stderr } = await runScript(MAIN, { env });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toContain('fs_read_text_file (none)');
  expect(stdout).toContain('fs_write_file (unsafe)');
  expect(stdout).toMatch(/Answer: The week went from the parser fix to release 0\.2\.0; the summary is in .*summary\.md\./);
  expect(stdout).toContain(
    'summary.md:\n# The week\n\n- Shipped the parser fix; the release waits for the docs.\n- Docs reviewed; two examples still fail on Node 20.\n- Examples fixed; release 0.2.0 tagged and published.\n',
  );
  expect(stdout).toContain(
    [
      'Task 1 (fs_read_text_file) started while the plan was streaming.',
      'Task 2 (fs_read_text_file) started while the plan was streaming.',
      'Task 3 (fs_read_text_file) started while the plan was streaming.',
      'Task 4 (fs_write_file) started once the plan was complete.',
    ].join('\n'),
  );
}, 90_000);
