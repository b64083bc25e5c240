import { createInterface } from 'node:readline/promises';
import type { Compiler, ConversationMessage } from '@llmcompiler/core';

/**
 * The chat: each line read from stdin is a run of `compiler` on the conversation so far, its answer streamed to
 * stdout as the joiner writes it; `/reset` starts over, `/exit` (or the end of the input) leaves. Piped input is
 * echoed, so the transcript reads as a chat. The history grows only when a run succeeds.
 */
export async function chatLoop(compiler: Compiler): Promise<void> {
  const history: ConversationMessage[] = [];
  const interactive = process.stdin.isTTY === true;
  const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  if (interactive) {
    lines.setPrompt('> ');
    lines.prompt();
  }
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text === '/exit') break;
      if (text === '/reset') {
        history.length = 0;
        console.log('(history cleared)');
      } else if (text !== '') {
        if (!interactive) console.log(`> ${text}`);
        await turn(compiler, history, text);
      }
      if (interactive) lines.prompt();
    }
  } finally {
    lines.close();
  }
}

/** One turn: a run on the history plus the question, the answer streamed; the history grows only on success. */
async function turn(compiler: Compiler, history: ConversationMessage[], question: string): Promise<void> {
  const run = compiler.run([...history, { role: 'user', content: question }]);
  try {
    for await (const text of run.textStream) process.stdout.write(text);
    const result = await run.result();
    history.push({ role: 'user', content: question }, ...result.messages);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    process.stdout.write(`\n(${count(result.tasks.length, 'tool call')}, ${count(result.usage.calls, 'model call')}; ${count(history.length, 'message')} in the history)\n`);
  } catch (error) {
    process.exitCode = 1;
    console.error(`\nThe run failed: ${(error as Error).name}: ${(error as Error).message}`);
  }
}
