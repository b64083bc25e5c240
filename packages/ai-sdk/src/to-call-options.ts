import type { ModelRequest } from '@llmcompiler/core';
import type { AISDKCallOptions, AISDKPromptMessage } from './ai-sdk-model-types.js';

/**
 * The `doStream` options for a request of the planner or the joiner: its messages as the specification's
 * prompt, its tools as function tools, and its tool choice, response format (JSON with its schema), stop
 * sequences, temperature, token limit and abort signal. `providerOptions` are passed as they are.
 */
export function toCallOptions(
  request: ModelRequest,
  providerOptions: Readonly<Record<string, Record<string, unknown>>> | undefined,
): AISDKCallOptions {
  const options: AISDKCallOptions = { prompt: request.messages.map(toPromptMessage) };
  if (request.maxTokens !== undefined) options.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.stop !== undefined && request.stop.length > 0) options.stopSequences = [...request.stop];
  const format = request.responseFormat;
  if (format !== undefined) {
    options.responseFormat =
      format.type === 'text'
        ? { type: 'text' }
        : {
            type: 'json',
            ...(format.schema === undefined ? {} : { schema: format.schema as Record<string, unknown> }),
            ...(format.name === undefined ? {} : { name: format.name }),
          };
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    options.tools = request.tools.map((definition) => ({
      type: 'function',
      name: definition.name,
      description: definition.description,
      inputSchema: definition.parameters as Record<string, unknown>,
    }));
    if (request.toolChoice !== undefined) options.toolChoice = { type: request.toolChoice };
  }
  if (request.signal !== undefined) options.abortSignal = request.signal;
  if (providerOptions !== undefined) options.providerOptions = { ...providerOptions };
  return options;
}

function toPromptMessage(message: ModelRequest['messages'][number]): AISDKPromptMessage {
  if (message.role === 'system') return { role: 'system', content: message.content };
  return { role: message.role, content: [{ type: 'text', text: message.content }] };
}
