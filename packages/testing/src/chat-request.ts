import { describeValue } from './describe-value.js';

/** A text part of a message's `content` array (other part types, e.g. images, are kept but not read). */
export interface ChatContentPart {
  readonly type: string;
  readonly text?: string;
  readonly [field: string]: unknown;
}

/** A tool call of an earlier assistant message, as the client sends it back. */
export interface ChatRequestToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

/** One message of a chat request, in OpenAI's wire format. */
export interface ChatRequestMessage {
  readonly role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | (string & {});
  readonly content?: string | readonly ChatContentPart[] | null;
  readonly name?: string;
  readonly tool_calls?: readonly ChatRequestToolCall[];
  readonly tool_call_id?: string;
  readonly [field: string]: unknown;
}

/** A tool offered to the model, in OpenAI's wire format. */
export interface ChatRequestTool {
  readonly type: 'function';
  readonly function: {
    readonly name: string;
    readonly description?: string;
    readonly parameters?: unknown;
    readonly strict?: boolean | null;
  };
}

/**
 * The JSON body of `POST /v1/chat/completions`, as the client sent it. The fields the server reads are
 * typed and checked; every other field is kept as it came.
 */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatRequestMessage[];
  readonly stream?: boolean | null;
  readonly stream_options?: { readonly include_usage?: boolean | null } | null;
  /** Up to 4 sequences; the answer ends before the first one it contains. */
  readonly stop?: string | readonly string[] | null;
  /** The answer is cut after this many tokens (finish reason `length`). */
  readonly max_tokens?: number | null;
  /** Same as `max_tokens`, which it overrides. */
  readonly max_completion_tokens?: number | null;
  readonly tools?: readonly ChatRequestTool[] | null;
  readonly tool_choice?: unknown;
  readonly temperature?: number | null;
  readonly response_format?: unknown;
  /** Only 1 (one choice) is supported. */
  readonly n?: number | null;
  readonly [field: string]: unknown;
}

/** Why a body is not a chat request: the text and the field of an OpenAI `invalid_request_error`. */
export interface ChatRequestProblem {
  readonly message: string;
  readonly param: string | null;
}

/** Checks the fields of a parsed JSON body that the server reads. */
export function checkChatRequest(body: unknown): { request: ChatRequest } | { problem: ChatRequestProblem } {
  const problem = (param: string | null, message: string) => ({ problem: { param, message } });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return problem(null, `Expected the request body to be a JSON object, got ${describeValue(body)}.`);
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields['model'] !== 'string' || fields['model'] === '') {
    return problem('model', 'you must provide a model parameter');
  }
  const messages = fields['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    return problem('messages', `Expected \`messages\` to be a non-empty array, got ${describeValue(messages)}.`);
  }
  for (const [index, message] of messages.entries()) {
    const role = typeof message === 'object' && message !== null ? (message as { role?: unknown }).role : undefined;
    if (typeof role !== 'string') {
      return problem(
        `messages[${index}]`,
        `Expected \`messages[${index}]\` to be an object with a string \`role\`, got ${describeValue(message)}.`,
      );
    }
  }
  const optional = (name: string, check: (value: unknown) => boolean, expected: string) => {
    const value = fields[name];
    if (value === undefined || value === null || check(value)) return undefined;
    return problem(name, `Expected \`${name}\` to be ${expected}, got ${describeValue(value)}.`);
  };
  const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;
  return (
    optional('stream', (value) => typeof value === 'boolean', 'a boolean') ??
    optional(
      'stream_options',
      (value) =>
        typeof value === 'object' &&
        !Array.isArray(value) &&
        ['undefined', 'boolean'].includes(typeof (value as { include_usage?: unknown }).include_usage),
      'an object with an optional boolean `include_usage`',
    ) ??
    optional(
      'stop',
      (value) => typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')),
      'a string or an array of strings',
    ) ??
    optional('max_tokens', isPositiveInteger, 'an integer from 1 and up') ??
    optional('max_completion_tokens', isPositiveInteger, 'an integer from 1 and up') ??
    optional('tools', Array.isArray, 'an array') ??
    optional('n', (value) => value === 1, '1 (the fake server writes one choice)') ?? {
      request: body as ChatRequest,
    }
  );
}

/** The stop sequences of a request, empty strings dropped. */
export function stopSequences(request: ChatRequest): string[] {
  const { stop } = request;
  if (stop === undefined || stop === null) return [];
  return (typeof stop === 'string' ? [stop] : [...stop]).filter((sequence) => sequence !== '');
}

/** The most tokens the answer may have: `max_completion_tokens`, else `max_tokens`, else none. */
export function tokenLimit(request: ChatRequest): number {
  return request.max_completion_tokens ?? request.max_tokens ?? Number.POSITIVE_INFINITY;
}

/** The text of a message's content: the string, or its text parts joined; `''` when there is none. */
export function messageText(message: ChatRequestMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}
