import { InvalidOptionError, type FinishReason, type LanguageModel, type ModelRequest, type ModelStreamPart, type TokenUsage } from '@llmcompiler/core';
import type { BaseChatModel, BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk } from '@langchain/core/messages';
import { optionChecks, redactValue } from '@llmcompiler/core/internal';
import { chatModelSecrets } from './chat-model-secrets.js';
import { toFinishReason } from './to-finish-reason.js';
import { toLangChainMessages } from './to-langchain-messages.js';

/** Options of {@link fromLangChainChatModel}. */
export interface FromLangChainChatModelOptions {
  /**
   * The model's name in events and logs.
   *
   * @default the chat model's `model` (or `modelName`) field, else its class name
   */
  readonly modelId?: string | undefined;
  /**
   * Turns a request's `temperature`, `maxTokens` and `responseFormat` into call options of this chat model,
   * since LangChain has none common to every chat model (they are usually fields of the model). What it
   * returns is merged into each call's options; `stop` and `signal` stay the request's.
   *
   * @default none: the chat model's own settings apply
   * @example
   * ```ts
   * // ChatOpenAI: JSON mode for the 'json' plan and joiner formats.
   * fromLangChainChatModel(new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 }), {
   *   callOptions: (request) => (request.responseFormat?.type === 'json' ? { response_format: { type: 'json_object' } } : {}),
   * });
   * ```
   */
  readonly callOptions?: ((request: ModelRequest) => Record<string, unknown>) | undefined;
}

/**
 * Turns a LangChain chat model (`ChatOpenAI`, `ChatAnthropic`, `ChatOllama`, any `BaseChatModel`) into the
 * `LanguageModel` that llmcompiler's planner and joiner stream from.
 *
 * - Messages become `SystemMessage`, `HumanMessage` and `AIMessage`; the answer comes from
 *   `chatModel.stream(messages, { stop, signal })`, each chunk's text as a `text-delta` part.
 * - When the request has tools (the `tool-calls` plan format) they are bound with `bindTools` as OpenAI-style
 *   function definitions (with `tool_choice` when the request sets one), and the chunks' `tool_call_chunks`
 *   become `tool-call-delta` parts. A model without `bindTools` cannot be used with tools.
 * - The `finish` part carries the reason from `response_metadata` (`finish_reason`, `stop_reason`) when the
 *   model reports one (else `'tool-calls'` after tool calls, `'stop'` otherwise) and the token usage summed
 *   from `usage_metadata`, when present.
 * - Aborting the request's signal ends the stream by throwing the signal's reason.
 * - An error of the chat model is thrown as it is, unless some rendering of it (message, stack, `inspect`,
 *   JSON, its cause or response headers) would show the model's API key: then a copy of the same class with
 *   the key, and any `Authorization` header, replaced by `[redacted]`.
 * - `temperature`, `maxTokens` and `responseFormat` of the request are not passed on by default (LangChain has
 *   no call option for them common to all chat models): set them on the chat model itself, or map them to
 *   the model's call options with `options.callOptions`.
 *
 * @example
 * ```ts
 * import { ChatOpenAI } from '@langchain/openai';
 *
 * const model = fromLangChainChatModel(new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 }));
 * const compiler = createCompiler({ model, tools });
 * ```
 *
 * @throws {InvalidOptionError} when `chatModel` has no `stream` method or an option is wrong.
 */
export function fromLangChainChatModel(chatModel: BaseChatModel, options: FromLangChainChatModelOptions = {}): LanguageModel {
  const check = optionChecks();
  if (chatModel === null || typeof chatModel !== 'object' || typeof (chatModel as Partial<BaseChatModel>).stream !== 'function') {
    check.fail('chatModel', 'a LangChain chat model (with a `stream` method)', chatModel);
  }
  check.object('options', options);
  check.keys('', options as Record<string, unknown>, ['modelId', 'callOptions']);
  if (options.modelId !== undefined) check.string('modelId', options.modelId, true);
  if (options.callOptions !== undefined) check.func('callOptions', options.callOptions);
  return {
    modelId: options.modelId ?? defaultModelId(chatModel),
    stream: (request) => streamChatModel(chatModel, request, options.callOptions),
  };
}

async function* streamChatModel(
  chatModel: BaseChatModel,
  request: ModelRequest,
  mapOptions: FromLangChainChatModelOptions['callOptions'],
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const { signal } = request;
  signal?.throwIfAborted();
  const tools = request.tools !== undefined && request.tools.length > 0 ? request.tools : undefined;
  const { stop: _stop, signal: _signal, ...mapped } = mapOptions?.(request) ?? {};
  const callOptions: Partial<BaseChatModelCallOptions> = mapped;
  if (request.stop !== undefined && request.stop.length > 0) callOptions.stop = [...request.stop];
  if (signal !== undefined) callOptions.signal = signal;

  let runnable: Pick<BaseChatModel, 'stream'> = chatModel;
  if (tools !== undefined) {
    if (typeof chatModel.bindTools !== 'function') {
      throw new InvalidOptionError({
        option: 'chatModel',
        expected: 'a chat model with `bindTools` for a request with tools',
        received: chatModel,
        got: `\`${chatModel.getName()}\` without it`,
      });
    }
    const definitions = tools.map((definition) => ({
      type: 'function' as const,
      function: { name: definition.name, description: definition.description, parameters: definition.parameters },
    }));
    const kwargs: Partial<BaseChatModelCallOptions> = request.toolChoice === undefined ? {} : { tool_choice: request.toolChoice };
    runnable = chatModel.bindTools(definitions, kwargs) as Pick<BaseChatModel, 'stream'>;
  }

  let usage: TokenUsage | undefined;
  let reason: FinishReason | undefined;
  let sawToolCall = false;
  try {
    const stream = await runnable.stream(toLangChainMessages(request.messages), callOptions);
    for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
      const text = chunk.text;
      if (text !== '') yield { type: 'text-delta', text };
      if (tools !== undefined) {
        for (const [position, call] of (chunk.tool_call_chunks ?? []).entries()) {
          sawToolCall = true;
          yield {
            type: 'tool-call-delta',
            index: call.index ?? position,
            id: call.id ?? undefined,
            name: call.name ?? undefined,
            arguments: call.args ?? undefined,
          };
        }
      }
      const chunkUsage = chunk.usage_metadata;
      if (chunkUsage !== undefined) usage = addUsage(usage, chunkUsage);
      reason = toFinishReason(chunk.response_metadata ?? {}) ?? reason;
    }
  } catch (error) {
    // LangChain throws its own abort error; the contract is to end by throwing the signal's reason.
    if (signal?.aborted) throw signal.reason;
    // The chat model's own error, unless it would show an API key (a server or proxy may echo the
    // `Authorization` header into its response): then a copy of the same class without it.
    throw redactValue(error, chatModelSecrets(chatModel));
  }
  signal?.throwIfAborted();
  yield { type: 'finish', reason: reason ?? (sawToolCall ? 'tool-calls' : 'stop'), usage };
}

function addUsage(
  total: TokenUsage | undefined,
  usage: { readonly input_tokens: number; readonly output_tokens: number; readonly total_tokens: number },
): TokenUsage {
  return {
    promptTokens: (total?.promptTokens ?? 0) + usage.input_tokens,
    completionTokens: (total?.completionTokens ?? 0) + usage.output_tokens,
    totalTokens: (total?.totalTokens ?? 0) + usage.total_tokens,
  };
}

function defaultModelId(chatModel: BaseChatModel): string {
  const fields = chatModel as unknown as { model?: unknown; modelName?: unknown };
  if (typeof fields.model === 'string' && fields.model !== '') return fields.model;
  if (typeof fields.modelName === 'string' && fields.modelName !== '') return fields.modelName;
  return chatModel.getName();
}
