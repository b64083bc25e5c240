/**
 * @module
 * The llmcompiler model adapter for the `openai` SDK: a `LanguageModel` that streams chat completions from
 * OpenAI or any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server, Groq, Together, Azure OpenAI),
 * or OpenAI's Responses API with `api: 'responses'`.
 *
 * @example
 * ```ts
 * import { createCompiler } from '@llmcompiler/core';
 * import { openai } from '@llmcompiler/openai';
 *
 * const model = openai('gpt-4o-mini'); // reads OPENAI_API_KEY (and OPENAI_BASE_URL, if set)
 * const local = openai('llama3.1:8b', { baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });
 * const responses = openai('gpt-4.1-mini', { api: 'responses' }); // POST /v1/responses
 *
 * for await (const part of model.stream({ messages: [{ role: 'user', content: 'Say hi' }] })) {
 *   if (part.type === 'text-delta') process.stdout.write(part.text);
 *   if (part.type === 'finish') console.log(part.reason, part.usage);
 * }
 * ```
 */
export {
  createOpenAIModel,
  openai,
  type OpenAIApi,
  type OpenAIModelOptions,
  type OpenAIModelSettings,
} from './create-openai-model.js';
export type { MaxTokensParameter } from './to-chat-completion-params.js';
// Defined in @llmcompiler/core (every model adapter throws them), re-exported so that imports from here keep working.
export { ModelCallError, type ModelCallErrorDetails } from '@llmcompiler/core';
export { ModelConfigError } from './errors/model-config-error.js';
export { ModelStreamError } from '@llmcompiler/core';
