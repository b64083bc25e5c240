// The JSON objects of OpenAI's chat completions API, field for field as api.openai.com writes them.
import type { FinishReason } from './answer.js';
import type { Completion } from './build-completion.js';

/** The fields every completion object and chunk of one response shares. */
export interface ResponseMeta {
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  readonly model: string;
}

const systemFingerprint = 'fp_fake';

/** The `usage` object. */
export function usageObject(promptTokens: number, completionTokens: number) {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** A whole `chat.completion` object (the answer to a request without `stream: true`). */
export function completionObject(meta: ResponseMeta, completion: Completion, promptTokens: number) {
  const content = completion.content.map((piece) => piece.text).join('');
  const toolCalls = completion.toolCalls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.argumentPieces.map((piece) => piece.text).join('') },
  }));
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI writes `null`, not `''`, when the model only called tools.
          content: content === '' && toolCalls.length > 0 ? null : content,
          refusal: null,
          annotations: [],
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage: usageObject(promptTokens, completion.completionTokens),
    system_fingerprint: systemFingerprint,
  };
}

/** One `chat.completion.chunk` with one choice. With `include_usage`, every such chunk has `usage: null`. */
export function chunkObject(
  meta: ResponseMeta,
  delta: Readonly<Record<string, unknown>>,
  finishReason: FinishReason | null,
  includeUsage: boolean,
) {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: systemFingerprint,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  };
}

/** The last chunk when `stream_options.include_usage` is set: no choices, the usage. */
export function usageChunkObject(meta: ResponseMeta, promptTokens: number, completionTokens: number) {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: systemFingerprint,
    choices: [],
    usage: usageObject(promptTokens, completionTokens),
  };
}

/** An OpenAI error body: `{ error: { message, type, param, code } }`. */
export function errorObject(
  message: string,
  type: string,
  options: { readonly param?: string | null; readonly code?: string | null } = {},
) {
  return { error: { message, type, param: options.param ?? null, code: options.code ?? null } };
}

/** One server-sent event carrying `data` (an object as JSON, or `[DONE]`). */
export function sseEvent(data: object | '[DONE]'): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
