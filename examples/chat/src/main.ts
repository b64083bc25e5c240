// A terminal chat with LLMCompiler that keeps its history: each line you type is a run on the conversation so
// far, and the answer streams to the terminal as the joiner writes it. Follow-ups work ("How much deeper is it
// than the Puerto Rico Trench?"): the planner and the joiner see the earlier turns.
//
// With no configuration it runs on a local simulated model (an OpenAI-compatible server on 127.0.0.1) through
// the real `openai` client; with OPENAI_API_KEY set, on OpenAI (OPENAI_MODEL, default gpt-4o-mini). Type
// `/reset` to start over, `/exit` (or end the input) to leave. Piped input works too:
//   printf 'How deep is the Mariana Trench?\nHow much deeper is it than the Puerto Rico Trench?\n' | npm start
import { createInterface } from 'node:readline/promises';
import { createCompiler, type ConversationMessage, type LanguageModel } from '@llmcompiler/core';
import { openai } from '@llmcompiler/openai';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { startSimulatedModel } from './simulated-model.js';
import { difference, lookupTrench } from './trenches.js';

const apiKey = process.env['OPENAI_API_KEY']?.trim();
let server: FakeOpenAIServer | undefined;
let model: LanguageModel;
if (apiKey === undefined || apiKey === '') {
  server = await startSimulatedModel();
  model = openai('simulated', { baseURL: server.url, apiKey: 'no-key-needed' });
  console.log('Model: simulated (a local OpenAI-compatible server); it knows the Mariana, Puerto Rico and Java trenches.');
} else {
  model = openai(process.env['OPENAI_MODEL']?.trim() || 'gpt-4o-mini');
  console.log(`Model: ${model.modelId} (OpenAI).`);
}

// The last 10 messages (5 exchanges) are shown to the planner and the joiner; older ones are dropped.
const compiler = createCompiler({ model, tools: [lookupTrench, difference], history: { maxMessages: 10 } });
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
      // Piped input is not echoed by the terminal: show it, so the transcript reads as a chat.
      if (!interactive) console.log(`> ${text}`);
      await turn(text);
    }
    if (interactive) lines.prompt();
  }
} finally {
  lines.close();
  await server?.close();
}

/** One turn: a run on the history plus the question, the answer streamed; the history grows only on success. */
async function turn(question: string): Promise<void> {
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
