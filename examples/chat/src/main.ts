// A terminal chat with LLMCompiler that keeps its history: each line you type is a run on the conversation so
// far, and the answer streams to the terminal as the joiner writes it. Follow-ups work ("How much deeper is it
// than the Puerto Rico Trench?"): the planner and the joiner see the earlier turns.
//
// With no configuration it runs on a local simulated model (an OpenAI-compatible server on 127.0.0.1) through
// the real `openai` client; with OPENAI_API_KEY set, on OpenAI (OPENAI_MODEL, default gpt-4o-mini). Type
// `/reset` to start over, `/exit` (or end the input) to leave. Piped input works too:
//   printf 'How deep is the Mariana Trench?\nHow much deeper is it than the Puerto Rico Trench?\n' | npm start
import { createCompiler, type LanguageModel } from '@llmcompiler/core';
import { openai } from '@llmcompiler/openai';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { startSimulatedModel } from './simulated-model.js';
import { difference, lookupTrench } from './trenches.js';
import { chatLoop } from './chat-loop.js';

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

try {
  await chatLoop(compiler);
} finally {
  await server?.close();
}
