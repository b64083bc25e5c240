import type { FinishReason, LanguageModel, ModelRequest, ModelStreamPart, TokenUsage } from '@llmcompiler/core';
import type { OpenAI } from 'openai';
import { ModelStreamError } from './errors/model-stream-error.js';
import { mapChunk } from './map-chunk.js';
import { toChatCompletionParams, type ChatCompletionSettings } from './to-chat-completion-params.js';
import type { SentKeys } from './sent-keys.js';
import { streamClientCall } from './stream-client-call.js';
import type { ClientErrorSource } from './to-model-error.js';

/** Per-request options of the SDK this adapter sets on every call. */
export interface ChatRequestOptions {
  readonly maxRetries?: number;
  readonly timeout?: number;
}

/** What an {@link OpenAIChatModel} is made of. */
export interface OpenAIChatModelParts {
  readonly client: OpenAI;
  readonly settings: ChatCompletionSettings;
  readonly requestOptions: ChatRequestOptions;
  /** The keys the client sent; for a client created here, every key its `apiKey` function returned. */
  readonly sentKeys: SentKeys;
}

/**
 * A {@link LanguageModel} over `client.chat.completions.create({ stream: true })`.
 *
 * The client and every setting live in `#private` fields: `JSON.stringify(model)` and `util.inspect(model)`
 * show only `modelId`, so the API key the client holds cannot leak through logs of the model. Errors are
 * cleared of every key the client sent (see `toCallError`).
 */
export class OpenAIChatModel implements LanguageModel {
  readonly modelId: string;
  readonly #settings: ChatCompletionSettings;
  readonly #source: ClientErrorSource & { readonly client: OpenAI };

  constructor({ client, settings, requestOptions, sentKeys }: OpenAIChatModelParts) {
    this.modelId = settings.model;
    this.#settings = settings;
    this.#source = { modelId: this.modelId, client, sentKeys, requestOptions, path: '/chat/completions' };
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamPart, void, undefined> {
    const { signal } = request;
    signal?.throwIfAborted();
    const body = toChatCompletionParams(request, this.#settings);
    const chunks = streamClientCall(this.#source, signal, (options) => this.#source.client.chat.completions.create(body, options));
    let finishReason: FinishReason | undefined;
    let usage: TokenUsage | undefined;
    for await (const chunk of chunks) {
      const mapped = mapChunk(chunk);
      yield* mapped.parts;
      finishReason = mapped.finishReason ?? finishReason;
      usage = mapped.usage ?? usage;
    }
    if (finishReason === undefined) {
      throw new ModelStreamError(this.modelId, 'the response ended without a finish_reason');
    }
    yield { type: 'finish', reason: finishReason, ...(usage === undefined ? {} : { usage }) };
  }
}
