import type { ModelRequest, ResponseFormat } from '@llmcompiler/core';
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';

/** Which body field carries `ModelRequest.maxTokens`. */
export type MaxTokensParameter = 'max_tokens' | 'max_completion_tokens';

/** The adapter's settings that shape every request body. */
export interface ChatCompletionSettings {
  readonly model: string;
  readonly maxTokensParameter: MaxTokensParameter;
  readonly strict: boolean;
  readonly extraBody: Readonly<Record<string, unknown>> | undefined;
}

/** The name OpenAI requires on a `json_schema` response format when the request gives none. */
export const DEFAULT_SCHEMA_NAME = 'response';

/**
 * The streaming chat-completions body for a request. Fields the request leaves unset are left out of the
 * body, so OpenAI-compatible servers that reject unknown or unsupported fields get only what was asked for.
 * `extraBody` is applied last and may override any field except `stream`.
 */
export function toChatCompletionParams(
  request: ModelRequest,
  settings: ChatCompletionSettings,
): ChatCompletionCreateParamsStreaming {
  const body: Record<string, unknown> = {
    model: settings.model,
    messages: request.messages.map(
      (message): ChatCompletionMessageParam => ({ role: message.role, content: message.content }),
    ),
    stream_options: { include_usage: true },
  };
  if (request.stop !== undefined && request.stop.length > 0) body['stop'] = [...request.stop];
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.maxTokens !== undefined) body[settings.maxTokensParameter] = request.maxTokens;
  const responseFormat = toResponseFormat(request.responseFormat, settings.strict);
  if (responseFormat !== undefined) body['response_format'] = responseFormat;
  if (request.tools !== undefined && request.tools.length > 0) {
    body['tools'] = request.tools.map(
      (tool): ChatCompletionTool => ({
        type: 'function',
        function: {
          name: tool.name,
          description: tool.description,
          parameters: tool.parameters as Record<string, unknown>,
          ...(settings.strict ? { strict: true } : {}),
        },
      }),
    );
    // OpenAI rejects `tool_choice` without `tools`, so it is only sent with them.
    if (request.toolChoice !== undefined) body['tool_choice'] = request.toolChoice;
  }
  return { ...body, ...settings.extraBody, stream: true } as unknown as ChatCompletionCreateParamsStreaming;
}

function toResponseFormat(
  format: ResponseFormat | undefined,
  strict: boolean,
): ChatCompletionCreateParamsStreaming['response_format'] {
  // Plain text is every server's default; leaving it out keeps servers without `response_format` working.
  if (format === undefined || format.type === 'text') return undefined;
  if (format.schema === undefined) return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name ?? DEFAULT_SCHEMA_NAME,
      schema: format.schema as Record<string, unknown>,
      ...(strict ? { strict: true } : {}),
    },
  };
}
