import type { ChatRequest, ChatRequestMessage, ChatRequestTool } from '../chat-request.js';
import { describeValue } from '../describe-value.js';

/** A content block of a Messages API message (text, tool_use, tool_result; other types are kept but not read). */
export interface MessagesContentBlock {
  readonly type: string;
  readonly text?: string;
  readonly id?: string;
  readonly name?: string;
  readonly input?: unknown;
  readonly tool_use_id?: string;
  readonly content?: string | readonly MessagesContentBlock[];
  readonly [field: string]: unknown;
}

/** One message of a Messages API request. */
export interface MessagesRequestMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string | readonly MessagesContentBlock[];
}

/** A tool offered to the model, in the Messages API's format. */
export interface MessagesRequestTool {
  readonly name: string;
  readonly description?: string;
  readonly input_schema?: unknown;
  /**
   * Fine-grained tool streaming for this tool: its input streams in small pieces instead of one burst.
   * (`@ai-sdk/anthropic` sets it on every function tool of a streamed request unless `toolStreaming: false`.)
   */
  readonly eager_input_streaming?: boolean;
  readonly [field: string]: unknown;
}

/**
 * The JSON body of `POST /v1/messages` (Anthropic's Messages API), as the client sent it. The fields the
 * server reads are typed and checked; every other field is kept as it came.
 */
export interface MessagesRequest {
  readonly model: string;
  readonly max_tokens: number;
  readonly messages: readonly MessagesRequestMessage[];
  readonly system?: string | readonly MessagesContentBlock[];
  readonly stream?: boolean;
  /** The answer ends before the first of these it contains (`stop_reason: 'stop_sequence'`). */
  readonly stop_sequences?: readonly string[];
  readonly tools?: readonly MessagesRequestTool[];
  readonly tool_choice?: { readonly type: 'auto' | 'any' | 'tool' | 'none'; readonly name?: string };
  readonly temperature?: number;
  readonly [field: string]: unknown;
}

/** The beta that turns on fine-grained tool streaming for every tool of a request. */
export const FINE_GRAINED_TOOL_STREAMING_BETA = 'fine-grained-tool-streaming-2025-05-14';

/**
 * Checks the fields of a parsed Messages API body that the server reads; a problem is the message of
 * Anthropic's `invalid_request_error`, naming the field as Anthropic does (`max_tokens: Field required`).
 */
export function checkMessagesRequest(body: unknown): { request: MessagesRequest } | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: `Expected the request body to be a JSON object, got ${describeValue(body)}.` };
  }
  const fields = body as Record<string, unknown>;
  const problem = (field: string, expected: string) => ({
    problem: `${field}: Expected ${expected}, got ${describeValue(fields[field])}.`,
  });
  if (fields['model'] === undefined) return { problem: 'model: Field required' };
  if (typeof fields['model'] !== 'string' || fields['model'] === '') return problem('model', 'a non-empty string');
  if (fields['max_tokens'] === undefined) return { problem: 'max_tokens: Field required' };
  if (!Number.isInteger(fields['max_tokens']) || (fields['max_tokens'] as number) < 1) return problem('max_tokens', 'an integer from 1 and up');
  const messages = fields['messages'];
  if (messages === undefined) return { problem: 'messages: Field required' };
  if (!Array.isArray(messages) || messages.length === 0) return problem('messages', 'a non-empty array');
  for (const [index, message] of messages.entries()) {
    const { role, content } = (typeof message === 'object' && message !== null ? message : {}) as { role?: unknown; content?: unknown };
    if (role !== 'user' && role !== 'assistant') {
      return { problem: `messages.${index}.role: Input should be 'user' or 'assistant', got ${describeValue(role)}.` };
    }
    if (typeof content !== 'string' && !(Array.isArray(content) && content.every(isBlock))) {
      return { problem: `messages.${index}.content: Expected a string or an array of content blocks, got ${describeValue(content)}.` };
    }
  }
  const system = fields['system'];
  if (system !== undefined && typeof system !== 'string' && !(Array.isArray(system) && system.every(isBlock))) {
    return problem('system', 'a string or an array of text blocks');
  }
  if (fields['stream'] !== undefined && typeof fields['stream'] !== 'boolean') return problem('stream', 'a boolean');
  const stops = fields['stop_sequences'];
  if (stops !== undefined && !(Array.isArray(stops) && stops.every((stop) => typeof stop === 'string'))) {
    return problem('stop_sequences', 'an array of strings');
  }
  const tools = fields['tools'];
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return problem('tools', 'an array');
    for (const [index, tool] of tools.entries()) {
      const name = (tool as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || name === '') {
        return { problem: `tools.${index}.name: Expected a non-empty string, got ${describeValue(name)}.` };
      }
    }
  }
  const choice = fields['tool_choice'];
  if (choice !== undefined && !['auto', 'any', 'tool', 'none'].includes((choice as { type?: unknown } | null)?.type as string)) {
    return problem('tool_choice', "an object whose `type` is 'auto', 'any', 'tool' or 'none'");
  }
  return { request: body as MessagesRequest };
}

/**
 * The same request in chat completions' terms, for what the server shares with its OpenAI endpoint:
 * responders (and `scriptedAgent`, `classifyRequest`), token counting, stop sequences and the token limit.
 * The system prompt becomes a system message; text blocks are joined; `tool_use` blocks become the
 * assistant's `tool_calls` and `tool_result` blocks `tool` messages; tools become function tools.
 */
export function toChatRequest(request: MessagesRequest): ChatRequest {
  const messages: ChatRequestMessage[] = [];
  if (request.system !== undefined) {
    const system = typeof request.system === 'string' ? request.system : blocksText(request.system);
    if (system !== '') messages.push({ role: 'system', content: system });
  }
  for (const message of request.messages) {
    if (typeof message.content === 'string') {
      messages.push({ role: message.role, content: message.content });
      continue;
    }
    for (const block of message.content) {
      if (block.type !== 'tool_result') continue;
      const content = typeof block.content === 'string' ? block.content : blocksText(block.content ?? []);
      messages.push({ role: 'tool', tool_call_id: block.tool_use_id ?? '', content });
    }
    const calls = message.content
      .filter((block) => block.type === 'tool_use')
      .map((block) => ({
        id: block.id ?? '',
        type: 'function' as const,
        function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
      }));
    const text = blocksText(message.content);
    if (text !== '' || calls.length > 0) {
      messages.push({ role: message.role, content: text, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
    }
  }
  const tools: ChatRequestTool[] | undefined = request.tools?.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.input_schema,
    },
  }));
  const choice = request.tool_choice;
  return {
    model: request.model,
    messages,
    max_tokens: request.max_tokens,
    ...(request.stream === undefined ? {} : { stream: request.stream }),
    ...(request.stop_sequences === undefined ? {} : { stop: request.stop_sequences }),
    ...(tools === undefined ? {} : { tools }),
    ...(choice === undefined
      ? {}
      : {
          tool_choice:
            choice.type === 'any'
              ? 'required'
              : choice.type === 'tool'
                ? { type: 'function', function: { name: choice.name } }
                : choice.type,
        }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

/**
 * Whether the input of a call of tool `name` streams in small pieces: the request enables fine-grained tool
 * streaming, with the `anthropic-beta` header for every tool or `eager_input_streaming` on that tool.
 * Otherwise the input arrives in one burst once it is complete, as Anthropic sends it.
 */
export function streamsToolInput(request: MessagesRequest, headers: Readonly<Record<string, string>>, name: string): boolean {
  const betas = (headers['anthropic-beta'] ?? '').split(',').map((beta) => beta.trim());
  if (betas.includes(FINE_GRAINED_TOOL_STREAMING_BETA)) return true;
  return (request.tools ?? []).some((tool) => tool.name === name && tool.eager_input_streaming === true);
}

function isBlock(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function blocksText(blocks: readonly MessagesContentBlock[]): string {
  return blocks.map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
}
