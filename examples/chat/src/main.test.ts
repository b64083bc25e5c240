// The chat as a user runs it, with piped input: a child process on its local simulated model.
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { envWithout, runScript, type ScriptRun } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs the chat with `input` on stdin and no OPENAI_ variable, so on the simulated model. */
function chat(input: string): Promise<ScriptRun> {
  const env = envWithout('OPENAI_');
  return runScript(MAIN, { env, input });
}

const FOLLOW_UP = 'How much deeper is it than the Puerto Rico Trench?';
let transcript: Awaited<ReturnType<typeof chat>>;

// One chat takes seconds (the simulated model streams at a hosted model's pace): it runs once, and the tests
// read its transcript. The follow-up is asked twice: after the first turn, and again after `/reset`.
beforeAll(async () => {
  transcript = await chat(`How deep is the Mariana Trench?\n${FOLLOW_UP}\n/reset\n${FOLLOW_UP}\n`);
}, 60_000);

describe('the chat example, with two questions piped in', () => {
  it('answers the follow-up from the history: "it" is the trench of the first turn', () => {
    expect({ code: transcript.code, stderr: transcript.stderr }).toEqual({ code: 0, stderr: '' });
    expect(transcript.stdout.split('\n').slice(0, 7)).toEqual([
      'Model: simulated (a local OpenAI-compatible server); it knows the Mariana, Puerto Rico and Java trenches.',
      '> How deep is the Mariana Trench?',
      'The Mariana Trench is 10,994 m deep, in the Pacific Ocean.',
      '(1 tool call, 2 model calls; 2 messages in the history)',
      `> ${FOLLOW_UP}`,
      'The Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m).',
      '(3 tool calls, 2 model calls; 4 messages in the history)',
    ]);
  });

  it('answers the same follow-up without the history after /reset: "it" then refers to nothing', () => {
    expect(transcript.stdout.split('\n').slice(7)).toEqual([
      '(history cleared)',
      `> ${FOLLOW_UP}`,
      'The Puerto Rico Trench is 8,376 m deep, in the Atlantic Ocean.',
      '(1 tool call, 2 model calls; 2 messages in the history)',
      '',
    ]);
  });
});
