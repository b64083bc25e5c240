// The chat as a user runs it, with piped input: a child process on its local simulated model.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const cwd = fileURLToPath(new URL('..', import.meta.url));

/** Runs the chat with `input` on stdin and no OPENAI_ variable, so on the simulated model. */
function chat(input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENAI_')));
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [tsx, '--conditions=@llmcompiler/source', 'src/main.ts'], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

type Chat = Awaited<ReturnType<typeof chat>>;
let twoTurns: Chat;
let followUpAlone: Chat;
let reset: Chat;

// Each chat takes seconds (the simulated model streams at a hosted model's pace): they all run at once.
beforeAll(async () => {
  [twoTurns, followUpAlone, reset] = await Promise.all([
    chat('How deep is the Mariana Trench?\nHow much deeper is it than the Puerto Rico Trench?\n'),
    chat('How much deeper is it than the Puerto Rico Trench?\n'),
    chat('How deep is the Mariana Trench?\n/reset\nHow much deeper is it than the Puerto Rico Trench?\n'),
  ]);
}, 90_000);

describe('the chat example', () => {
  it('answers a follow-up from the history: "it" is the trench of the first turn', () => {
    expect({ code: twoTurns.code, stderr: twoTurns.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = twoTurns.stdout.split('\n');
    expect(lines).toEqual([
      'Model: simulated (a local OpenAI-compatible server); it knows the Mariana, Puerto Rico and Java trenches.',
      '> How deep is the Mariana Trench?',
      'The Mariana Trench is 10,994 m deep, in the Pacific Ocean.',
      '(1 tool call, 2 model calls; 2 messages in the history)',
      '> How much deeper is it than the Puerto Rico Trench?',
      'The Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m).',
      '(3 tool calls, 2 model calls; 4 messages in the history)',
      '',
    ]);
    // Without the first turn, "it" refers to nothing: the same question gets the Puerto Rico Trench alone.
    expect(followUpAlone.code).toBe(0);
    expect(followUpAlone.stdout).toContain('> How much deeper is it than the Puerto Rico Trench?\nThe Puerto Rico Trench is 8,376 m deep, in the Atlantic Ocean.\n');
  });

  it('starts over after /reset', () => {
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('(history cleared)\n> How much deeper is it than the Puerto Rico Trench?\nThe Puerto Rico Trench is 8,376 m deep');
  });
});
