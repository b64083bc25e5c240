import type { ModelRequest, ResponseFormat } from '@llmcompiler/core';
import type {
  EasyInputMessage,
  FunctionTool,
  ResponseCreateParamsStreaming,
  ResponseFormatTextConfig,
} from 'openai/resources/responses/responses';
import { DEFAULT_SCHEMA_NAME } from './to-chat-completion-params.js';

/** The adapter's settings that shape every Responses request body. */
export interface ResponsesSettings {
  readonly model: string;
  readonly strict: boolean;
  readonly extraBody: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The streaming Responses body for a request (`client.responses.create`):
 *
 * - the messages become `input` messages in their order, roles kept (`system`, `user`, `assistant`): the
 *   static system prompt stays the very start of the prompt, where OpenAI's prompt caching matches it;
 * - tools become flat `function` tools with `strict` always sent (the Responses API takes a missing
 *   `strict` as `true`, which most tool schemas do not meet), `tool_choice` is sent only with tools;
 * - `maxTokens` becomes `max_output_tokens`, `responseFormat` becomes `text.format`;
 * - `store: false`: the adapter sends the whole conversation each time and never refers to an earlier
 *   response, so a stored copy (kept 30 days by OpenAI, holding the prompts and the tools' observations)
 *   would serve nothing; organisations with zero data retention must send it too;
 * - `stop` is not sent (the Responses API has no stop sequences): the model cuts the text at them itself.
 *
 * `extraBody` is applied last and may override any field except `stream` (e.g. `store: true`, `reasoning`).
 */
export function toResponsesParams(request: ModelRequest, settings: ResponsesSettings): ResponseCreateParamsStreaming {
  const body: Record<string, unknown> = {
    model: settings.model,
    input: request.messages.map((message): EasyInputMessage => ({ role: message.role, content: message.content })),
    store: false,
  };
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.maxTokens !== undefined) body['max_output_tokens'] = request.maxTokens;
  const format = toTextFormat(request.responseFormat, settings.strict);
  if (format !== undefined) body['text'] = { format };
  if (request.tools !== undefined && request.tools.length > 0) {
    body['tools'] = request.tools.map(
      (tool): FunctionTool => ({
        type: 'function',
        name: tool.name,
        description: tool.description,
        parameters: tool.parameters as Record<string, unknown>,
        strict: settings.strict,
      }),
    );
    // As with chat completions, `tool_choice` means nothing without tools.
    if (request.toolChoice !== undefined) body['tool_choice'] = request.toolChoice;
  }
  return { ...body, ...settings.extraBody, stream: true } as unknown as ResponseCreateParamsStreaming;
}

function toTextFormat(format: ResponseFormat | undefined, strict: boolean): ResponseFormatTextConfig | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.schema === undefined) return { type: 'json_object' };
  return {
    type: 'json_schema',
    name: format.name ?? DEFAULT_SCHEMA_NAME,
    schema: format.schema as Record<string, unknown>,
    ...(strict ? { strict: true } : {}),
  };
}
