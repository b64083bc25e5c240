// A terminal chat on an AI SDK model: each line you type is a run on the conversation so far, planned and
// joined by the model through `fromAISDKModel`, and the answer streams to the terminal as the joiner writes it.
// Follow-ups work ("How much deeper is it than the Puerto Rico Trench?"): the planner and the joiner see the
// earlier turns.
//
// With no configuration it runs on a local simulated model (the server of @llmcompiler/testing on 127.0.0.1)
// through a real AI SDK provider: `@ai-sdk/openai-compatible` by default, `@ai-sdk/anthropic` (Anthropic's
// Messages API, with tool arguments streamed) with `--anthropic`. With ANTHROPIC_API_KEY set, it runs on
// Anthropic (ANTHROPIC_MODEL, default claude-haiku-4-5). Any other AI SDK provider plugs in the same way:
// `fromAISDKModel(google('gemini-2.5-flash'))`, `fromAISDKModel(mistral('mistral-small-latest'))`...
// Type `/reset` to start over, `/exit` (or end the input) to leave. Piped input works too:
//   printf 'How deep is the Mariana Trench?\nHow much deeper is it than the Puerto Rico Trench?\n' | npm start
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { startSimulatedModel } from '@llmcompiler-examples/chat/simulated-model';
import { difference, lookupTrench } from '@llmcompiler-examples/chat/trenches';
import { fromAISDKModel } from '@llmcompiler/ai-sdk';
import { createCompiler, type LanguageModel } from '@llmcompiler/core';
import type { FakeOpenAIServer } from '@llmcompiler/testing';
import { chatLoop } from '@llmcompiler-examples/chat/chat-loop';

const apiKey = process.env['ANTHROPIC_API_KEY']?.trim();
const wire = process.argv.includes('--anthropic') ? 'anthropic' : 'openai-compatible';
let server: FakeOpenAIServer | undefined;
let model: LanguageModel;
if (apiKey === undefined || apiKey === '') {
  server = await startSimulatedModel();
  model =
    wire === 'anthropic'
      ? fromAISDKModel(createAnthropic({ baseURL: server.url, apiKey: 'no-key-needed' })('simulated'))
      : fromAISDKModel(createOpenAICompatible({ name: 'simulated', baseURL: server.url, apiKey: 'no-key-needed', includeUsage: true }).chatModel('simulated'));
  console.log(`Model: simulated, through the AI SDK's ${wire === 'anthropic' ? '@ai-sdk/anthropic' : '@ai-sdk/openai-compatible'} provider; it knows the Mariana, Puerto Rico and Java trenches.`);
} else {
  const modelId = process.env['ANTHROPIC_MODEL']?.trim() || 'claude-haiku-4-5';
  model = fromAISDKModel(createAnthropic({ apiKey })(modelId), { secrets: [apiKey] });
  console.log(`Model: ${modelId} (Anthropic, through the AI SDK).`);
}

// The last 10 messages (5 exchanges) are shown to the planner and the joiner; older ones are dropped.
const compiler = createCompiler({ model, tools: [lookupTrench, difference], history: { maxMessages: 10 } });

try {
  await chatLoop(compiler);
} finally {
  await server?.close();
}
