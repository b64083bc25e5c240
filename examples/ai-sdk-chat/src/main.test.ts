// The chat as a user runs it, with piped input: a child process on its local simulated model, through the AI
// SDK's OpenAI-compatible provider and through its Anthropic provider (Anthropic's Messages API over HTTP).
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { envWithout, runScript, type ScriptRun } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs the chat with `input` on stdin and no ANTHROPIC_ variable, so on the simulated model. */
function chat(args: string[], input: string): Promise<ScriptRun> {
  const env = envWithout('ANTHROPIC_');
  return runScript(MAIN, { args, env, input });
}

const FOLLOW_UP = 'How much deeper is it than the Puerto Rico Trench?';
const transcripts: Record<string, Awaited<ReturnType<typeof chat>>> = {};

// Each chat takes seconds (the simulated model streams at a hosted model's pace): both run once, at once.
beforeAll(async () => {
  const input = `How deep is the Mariana Trench?\n${FOLLOW_UP}\n`;
  [transcripts['openai-compatible'], transcripts['anthropic']] = await Promise.all([chat([], input), chat(['--anthropic'], input)]);
}, 60_000);

describe.each([
  ['openai-compatible', '@ai-sdk/openai-compatible'],
  ['anthropic', '@ai-sdk/anthropic'],
])('the AI SDK chat example over the %s wire format', (wire, provider) => {
  it('answers a follow-up from the history, the answer streamed through fromAISDKModel', () => {
    const transcript = transcripts[wire]!;
    expect({ code: transcript.code, stderr: transcript.stderr }).toEqual({ code: 0, stderr: '' });
    expect(transcript.stdout.split('\n')).toEqual([
      `Model: simulated, through the AI SDK's ${provider} provider; it knows the Mariana, Puerto Rico and Java trenches.`,
      '> How deep is the Mariana Trench?',
      'The Mariana Trench is 10,994 m deep, in the Pacific Ocean.',
      '(1 tool call, 2 model calls; 2 messages in the history)',
      `> ${FOLLOW_UP}`,
      'The Mariana Trench (10,994 m) is 2,618 m deeper than the Puerto Rico Trench (8,376 m).',
      '(3 tool calls, 2 model calls; 4 messages in the history)',
      '',
    ]);
  });
});
