import type { ChatRequest } from './chat-request.js';
import { describeValue } from './describe-value.js';
import { instantLatency, mergeLatency, type LatencyModel } from './latency-model.js';

/** Why the simulated model stopped, in OpenAI's words. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A tool call the simulated model makes. */
export interface ToolCallAnswer {
  readonly name: string;
  /** The arguments as JSON text (streamed as they are, even if invalid), or a value to `JSON.stringify`. */
  readonly arguments: string | object;
  /**
   * The call's id.
   * @default `call_<callIndex>_<index>`, e.g. `call_0_1` for the second call of the first request
   */
  readonly id?: string;
}

/** Answer with an HTTP error: an OpenAI error JSON body, and a `retry-after` header when asked. */
export interface StatusFault {
  readonly type: 'status';
  /** 400 to 599, e.g. 429 (rate limit), 500, 503. */
  readonly status: number;
  /** Sent as the `retry-after` header (the `openai` client waits that long before retrying). */
  readonly retryAfterSeconds?: number;
  /** The error's message. @default a message like OpenAI's for that status */
  readonly message?: string;
  /** The error's `code`. @default `rate_limit_exceeded` for 429, else `null` */
  readonly code?: string;
  /**
   * Request headers to send back, for tests of what a client lets leak (an `Authorization` echoed by a
   * proxy): each as a response header of the same name, and all in the body as `error.echoed_headers`
   * (lower-case names). Headers the request did not have are left out.
   * @default [] (none)
   * @example
   * ```ts
   * { type: 'status', status: 401, echoHeaders: ['authorization'] }
   * ```
   */
  readonly echoHeaders?: readonly string[];
}

/** Drop the connection after `afterTokens` completion tokens: no finish chunk, no `[DONE]`. */
export interface CutFault {
  readonly type: 'cut';
  readonly afterTokens: number;
}

/** End the answer after `afterTokens` completion tokens with finish reason `length`. */
export interface LengthFault {
  readonly type: 'length';
  readonly afterTokens: number;
}

/**
 * Never finish: the request stays open until the client aborts or the server is closed. Without
 * `afterTokens` nothing at all is sent; with it (streaming), the headers and that many tokens are.
 */
export interface HangFault {
  readonly type: 'hang';
  readonly afterTokens?: number;
}

/**
 * Break the stream's format after `afterTokens` tokens: a stream gets an event whose data is not JSON, then
 * the response ends; a JSON request gets a 200 whose body is JSON cut in half.
 */
export interface MalformedFault {
  readonly type: 'malformed';
  readonly afterTokens: number;
}

/**
 * End the response cleanly after `afterTokens` tokens, as if the answer were complete: a stream gets no
 * finish chunk, no usage chunk and no `[DONE]`, yet the HTTP response ends properly (unlike `cut`). A JSON
 * request gets a 200 whose body is JSON cut in half.
 */
export interface TruncateFault {
  readonly type: 'truncate';
  readonly afterTokens: number;
}

/** Close the connection as soon as the request has arrived: no status, no headers, no body. */
export interface DisconnectFault {
  readonly type: 'disconnect';
}

/**
 * Fail the stream after `afterTokens` tokens with an error event, as OpenAI does when a streamed answer
 * fails part way: `data: {"error": {message, type: 'server_error', param: null, code}}`, then the response
 * ends. A JSON request gets a 500 with that body.
 */
export interface ErrorEventFault {
  readonly type: 'error-event';
  readonly afterTokens: number;
  /** The error's message. @default 'The server had an error while streaming the response (simulated).' */
  readonly message?: string;
  /** The error's `code`. @default null */
  readonly code?: string;
  /**
   * Request headers to send back, as for {@link StatusFault.echoHeaders}: as headers of the (200) response
   * and as `error.echoed_headers` in the error event.
   * @default [] (none)
   */
  readonly echoHeaders?: readonly string[];
}

/** A failure to inject instead of (or part way through) an answer. */
export type Fault = StatusFault | CutFault | LengthFault | HangFault | MalformedFault | TruncateFault | DisconnectFault | ErrorEventFault;

/** An answer with more than text: tool calls, a finish reason, a fault, its own latency. */
export interface AnswerDetails {
  /** The text the model writes. @default '' */
  readonly content?: string;
  /** Tool calls, written after the content. */
  readonly toolCalls?: readonly ToolCallAnswer[];
  /**
   * The finish reason when the answer is not cut by a stop sequence or a token limit.
   * @default 'tool_calls' when there are tool calls, else 'stop'
   */
  readonly finishReason?: FinishReason;
  readonly fault?: Fault;
  /** This answer's latency, over the server's. */
  readonly latency?: Partial<LatencyModel>;
  /** Tokens per streamed chunk for this answer. @default the server's `tokensPerChunk` */
  readonly tokensPerChunk?: number;
}

/** What the simulated model answers: its text, or the details. */
export type Answer = string | AnswerDetails;

/** What a responder learns besides the request. */
export interface ResponderContext {
  /** The request's position among the chat requests this server received, from 0. */
  readonly callIndex: number;
  /** Aborts when the client goes away or the server closes. */
  readonly signal: AbortSignal;
}

/**
 * Decides the answer to each chat request. It may be async; if it throws, the client gets a 500 whose
 * message holds the error's.
 *
 * @example
 * ```ts
 * const responder: Responder = (request) =>
 *   request.messages.some((message) => message.role === 'tool')
 *     ? 'The answer is 42.'
 *     : { toolCalls: [{ name: 'search', arguments: { query: 'answer' } }] };
 * ```
 */
export type Responder = (request: ChatRequest, context: ResponderContext) => Answer | Promise<Answer>;

/** An answer with every default filled in and every field checked. */
export interface NormalizedAnswer {
  readonly content: string;
  readonly toolCalls: readonly { readonly id: string; readonly name: string; readonly arguments: string }[];
  readonly finishReason: FinishReason | undefined;
  readonly fault: Fault | undefined;
  readonly latency: Partial<LatencyModel> | undefined;
  readonly tokensPerChunk: number | undefined;
}

const answerKeys = ['content', 'toolCalls', 'finishReason', 'fault', 'latency', 'tokensPerChunk'];
const finishReasons: readonly string[] = ['stop', 'length', 'tool_calls', 'content_filter'];

/**
 * Checks what a responder returned and fills in the defaults.
 * @throws TypeError naming the field, what was expected and what came.
 */
export function normalizeAnswer(answer: unknown, callIndex: number): NormalizedAnswer {
  if (typeof answer === 'string') {
    return { content: answer, toolCalls: [], finishReason: undefined, fault: undefined, latency: undefined, tokensPerChunk: undefined };
  }
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new TypeError(`Expected \`${field}\` to be ${expected}, got ${describeValue(value)}`);
  };
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    return fail('answer', 'a string or an object', answer);
  }
  const unknownKey = Object.keys(answer).find((key) => !answerKeys.includes(key));
  if (unknownKey !== undefined) {
    throw new TypeError(`Expected the answer's keys to be among ${answerKeys.join(', ')}, got \`${unknownKey}\``);
  }
  const { content = '', toolCalls = [], finishReason, fault, latency, tokensPerChunk } = answer as AnswerDetails;
  if (typeof content !== 'string') fail('answer.content', 'a string', content);
  if (!Array.isArray(toolCalls)) fail('answer.toolCalls', 'an array', toolCalls);
  const calls = toolCalls.map((call: unknown, index) => {
    const field = `answer.toolCalls[${index}]`;
    if (typeof call !== 'object' || call === null) return fail(field, 'an object', call);
    const { name, arguments: args, id = `call_${callIndex}_${index}` } = call as ToolCallAnswer;
    if (typeof name !== 'string' || name === '') fail(`${field}.name`, 'a non-empty string', name);
    if (typeof id !== 'string' || id === '') fail(`${field}.id`, 'a non-empty string', id);
    if (typeof args === 'string') return { id, name, arguments: args };
    if (typeof args !== 'object' || args === null) return fail(`${field}.arguments`, 'a string or an object', args);
    return { id, name, arguments: JSON.stringify(args) };
  });
  if (finishReason !== undefined && !finishReasons.includes(finishReason)) {
    fail('answer.finishReason', `one of ${finishReasons.join(', ')}`, finishReason);
  }
  if (fault !== undefined) checkFault(fault, fail);
  mergeLatency(instantLatency, latency, 'answer.latency');
  if (tokensPerChunk !== undefined && !(Number.isInteger(tokensPerChunk) && tokensPerChunk >= 1)) {
    fail('answer.tokensPerChunk', 'an integer from 1 and up', tokensPerChunk);
  }
  return { content, toolCalls: calls, finishReason, fault, latency, tokensPerChunk };
}

const faultTypes = ['status', 'cut', 'length', 'hang', 'malformed', 'truncate', 'disconnect', 'error-event'];

function checkFault(fault: Fault, fail: (field: string, expected: string, value: unknown) => never): void {
  if (typeof fault !== 'object' || fault === null) fail('answer.fault', 'an object', fault);
  const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
  const checkMessage = ({ message, code, echoHeaders }: { message?: unknown; code?: unknown; echoHeaders?: unknown }) => {
    if (message !== undefined && typeof message !== 'string') fail('answer.fault.message', 'a string', message);
    if (code !== undefined && typeof code !== 'string') fail('answer.fault.code', 'a string', code);
    if (echoHeaders !== undefined && !(Array.isArray(echoHeaders) && echoHeaders.every((name) => typeof name === 'string' && name !== ''))) {
      fail('answer.fault.echoHeaders', 'an array of header names', echoHeaders);
    }
  };
  switch (fault.type) {
    case 'status': {
      const { status, retryAfterSeconds } = fault;
      if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
        fail('answer.fault.status', 'an integer from 400 to 599', status);
      }
      if (retryAfterSeconds !== undefined && !(Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0)) {
        fail('answer.fault.retryAfterSeconds', 'a finite number from 0 and up', retryAfterSeconds);
      }
      checkMessage(fault);
      return;
    }
    case 'error-event':
      checkMessage(fault);
      if (!isCount(fault.afterTokens)) fail('answer.fault.afterTokens', 'an integer from 0 and up', fault.afterTokens);
      return;
    case 'cut':
    case 'length':
    case 'malformed':
    case 'truncate':
      if (!isCount(fault.afterTokens)) fail('answer.fault.afterTokens', 'an integer from 0 and up', fault.afterTokens);
      return;
    case 'hang':
      if (fault.afterTokens !== undefined && !isCount(fault.afterTokens)) {
        fail('answer.fault.afterTokens', 'an integer from 0 and up', fault.afterTokens);
      }
      return;
    case 'disconnect':
      return;
    default:
      fail('answer.fault.type', `one of ${faultTypes.join(', ')}`, (fault as { type?: unknown }).type);
  }
}
