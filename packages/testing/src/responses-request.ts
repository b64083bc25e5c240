import type { ChatContentPart, ChatRequest, ChatRequestMessage, ChatRequestProblem, ChatRequestTool, ChatRequestToolCall } from './chat-request.js';
import { describeValue } from './describe-value.js';

/** An item of a Responses request's `input`: a message, an earlier function call or its output, or another item (kept, not read). */
export interface ResponsesInputItem {
  readonly type?: 'message' | 'function_call' | 'function_call_output' | (string & {});
  /** A message's role: `system`, `developer`, `user` or `assistant`. */
  readonly role?: string;
  /** A message's text, or its parts (`{ type: 'input_text', text }`, `{ type: 'output_text', text }`...). */
  readonly content?: string | readonly ChatContentPart[];
  /** A function call's id, in a `function_call` and in its `function_call_output`. */
  readonly call_id?: string;
  readonly name?: string;
  readonly arguments?: string;
  /** A function call's result. */
  readonly output?: string | readonly ChatContentPart[];
  readonly [field: string]: unknown;
}

/** A tool of a Responses request: a function tool (flat: `name`, `parameters` and `strict` beside `type`), or another kind (not read). */
export interface ResponsesRequestTool {
  readonly type: 'function' | (string & {});
  readonly name?: string;
  readonly description?: string | null;
  readonly parameters?: unknown;
  readonly strict?: boolean | null;
  readonly [field: string]: unknown;
}

/**
 * The JSON body of `POST /v1/responses`, as the client sent it. The fields the server reads are typed and
 * checked; every other field is kept as it came.
 */
export interface ResponsesRequest {
  readonly model: string;
  /** The conversation: a user message's text, or input items. */
  readonly input: string | readonly ResponsesInputItem[];
  /** A system (developer) message put before `input`. */
  readonly instructions?: string | null;
  readonly stream?: boolean | null;
  /** The answer is cut after this many tokens (status `incomplete`, reason `max_output_tokens`). */
  readonly max_output_tokens?: number | null;
  readonly tools?: readonly ResponsesRequestTool[] | null;
  readonly tool_choice?: unknown;
  readonly temperature?: number | null;
  /** `format`: `{ type: 'text' }`, `{ type: 'json_object' }` or `{ type: 'json_schema', name, schema, strict }`. */
  readonly text?: { readonly format?: unknown; readonly [field: string]: unknown } | null;
  readonly store?: boolean | null;
  readonly [field: string]: unknown;
}

/** Chat completions fields that the Responses API does not have, and refuses as OpenAI does. */
const CHAT_ONLY = ['messages', 'stop', 'max_tokens', 'max_completion_tokens', 'response_format', 'n'];

/**
 * Checks the fields of a parsed `POST /v1/responses` body that the server reads, and reads it as the
 * equivalent chat request, which responders, token counts and limits take:
 *
 * - `instructions` becomes a first `system` message; `input` a user message (a string) or messages (items
 *   with a `role`), a `function_call` item an assistant message with that tool call (consecutive calls in
 *   one message), a `function_call_output` item a `tool` message; other items (`reasoning`...) are left out;
 * - function tools become chat tools (`{ type: 'function', function: { name, description, parameters, strict } }`),
 *   other tools are left out, and `tool_choice: { type: 'function', name }` becomes the chat form;
 * - `max_output_tokens` becomes `max_tokens`, `text.format` becomes `response_format`, `temperature` stays.
 *
 * The Responses API has no stop sequences: a `stop` (or another chat completions field) is refused with a
 * 400 `Unknown parameter`, as OpenAI does.
 */
export function checkResponsesRequest(body: unknown): { request: ResponsesRequest; chat: ChatRequest } | { problem: ChatRequestProblem } {
  const problem = (param: string | null, message: string) => ({ problem: { param, message } });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return problem(null, `Expected the request body to be a JSON object, got ${describeValue(body)}.`);
  }
  const fields = body as Record<string, unknown>;
  const chatOnly = CHAT_ONLY.find((name) => fields[name] !== undefined);
  if (chatOnly !== undefined) return problem(chatOnly, `Unknown parameter: '${chatOnly}'.`);
  if (typeof fields['model'] !== 'string' || fields['model'] === '') {
    return problem('model', 'you must provide a model parameter');
  }
  const { input } = fields;
  if (typeof input !== 'string' && !Array.isArray(input)) {
    return problem('input', `Expected \`input\` to be a string or an array of input items, got ${describeValue(input)}.`);
  }
  if (Array.isArray(input)) {
    const bad = input.findIndex((item) => typeof item !== 'object' || item === null || Array.isArray(item));
    if (bad !== -1) return problem(`input[${bad}]`, `Expected \`input[${bad}]\` to be an input item (an object), got ${describeValue(input[bad])}.`);
  }
  const optional = (name: string, check: (value: unknown) => boolean, expected: string) => {
    const value = fields[name];
    if (value === undefined || value === null || check(value)) return undefined;
    return problem(name, `Expected \`${name}\` to be ${expected}, got ${describeValue(value)}.`);
  };
  const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;
  const isFunctionTool = (tool: unknown) =>
    typeof tool === 'object' && tool !== null && (tool as { type?: unknown }).type === 'function';
  const found =
    optional('instructions', (value) => typeof value === 'string', 'a string') ??
    optional('stream', (value) => typeof value === 'boolean', 'a boolean') ??
    optional('max_output_tokens', isPositiveInteger, 'an integer from 1 and up') ??
    optional(
      'tools',
      (value) =>
        Array.isArray(value) &&
        value.every((tool: unknown) => typeof tool === 'object' && tool !== null && (!isFunctionTool(tool) || typeof (tool as { name?: unknown }).name === 'string')),
      'an array of tools (a function tool with a string `name`)',
    ) ??
    optional('text', (value) => typeof value === 'object' && !Array.isArray(value), 'an object');
  if (found !== undefined) return found;
  const request = body as ResponsesRequest;
  return { request, chat: toChatRequest(request) };
}

/** The chat request equivalent to a checked Responses request (see {@link checkResponsesRequest}). */
function toChatRequest(request: ResponsesRequest): ChatRequest {
  const messages: ChatRequestMessage[] = [];
  if (typeof request.instructions === 'string') messages.push({ role: 'system', content: request.instructions });
  if (typeof request.input === 'string') {
    messages.push({ role: 'user', content: request.input });
  } else {
    for (const item of request.input) {
      if (item.type === 'function_call') {
        const call: ChatRequestToolCall = {
          id: String(item.call_id ?? ''),
          type: 'function',
          function: { name: String(item.name ?? ''), arguments: String(item.arguments ?? '') },
        };
        const last = messages.at(-1);
        if (last?.role === 'assistant' && Array.isArray(last.tool_calls) && (last.content ?? '') === '') {
          messages[messages.length - 1] = { ...last, tool_calls: [...last.tool_calls, call] };
        } else {
          messages.push({ role: 'assistant', content: null, tool_calls: [call] });
        }
      } else if (item.type === 'function_call_output') {
        messages.push({ role: 'tool', tool_call_id: String(item.call_id ?? ''), content: item.output ?? '' });
      } else if (typeof item.role === 'string' && (item.type === undefined || item.type === 'message')) {
        messages.push({ role: item.role, content: item.content ?? '' });
      }
    }
  }
  const tools = (request.tools ?? []).filter((tool) => tool.type === 'function').map(
    (tool): ChatRequestTool => ({
      type: 'function',
      function: {
        name: tool.name ?? '',
        ...(tool.description == null ? {} : { description: tool.description }),
        ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    }),
  );
  const choice = request.tool_choice as { type?: unknown; name?: unknown } | string | null | undefined;
  const toolChoice =
    typeof choice === 'object' && choice !== null && choice.type === 'function' ? { type: 'function', function: { name: choice.name } } : choice;
  const format = request.text?.format as { type?: unknown; [field: string]: unknown } | null | undefined;
  const responseFormat =
    format?.type === 'json_schema'
      ? { type: 'json_schema', json_schema: Object.fromEntries(Object.entries(format).filter(([key]) => key !== 'type')) }
      : format;
  return {
    model: request.model,
    messages,
    ...(request.stream == null ? {} : { stream: request.stream }),
    ...(request.max_output_tokens == null ? {} : { max_tokens: request.max_output_tokens }),
    ...(tools.length === 0 ? {} : { tools }),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(request.temperature == null ? {} : { temperature: request.temperature }),
    ...(responseFormat == null ? {} : { response_format: responseFormat }),
  };
}
