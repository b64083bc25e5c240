import type { FinishReason, LanguageModel, ModelRequest, ModelStreamPart, TokenUsage } from '@llmcompiler/core';
import type { OpenAI } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ModelStreamError } from './errors/model-stream-error.js';
import { mapChunk } from './map-chunk.js';
import { toChatCompletionParams, type ChatCompletionSettings } from './to-chat-completion-params.js';
import type { SentKeys } from './sent-keys.js';
import { clientErrorContext, toCallError, toStreamError, type ModelErrorContext } from './to-model-error.js';

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
  readonly #client: OpenAI;
  readonly #settings: ChatCompletionSettings;
  readonly #requestOptions: ChatRequestOptions;
  readonly #sentKeys: SentKeys;

  constructor({ client, settings, requestOptions, sentKeys }: OpenAIChatModelParts) {
    this.modelId = settings.model;
    this.#client = client;
    this.#settings = settings;
    this.#requestOptions = requestOptions;
    this.#sentKeys = sentKeys;
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamPart, void, undefined> {
    const { signal } = request;
    signal?.throwIfAborted();
    const body = toChatCompletionParams(request, this.#settings);

    let chunks: AsyncIterable<ChatCompletionChunk>;
    try {
      // The SDK retries 429, 408, 409 and 5xx itself (`maxRetries`, honouring `retry-after`); the signal
      // aborts the HTTP request, whether it is waiting for headers or streaming the body.
      chunks = await this.#client.chat.completions.create(body, {
        ...this.#requestOptions,
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      throw toCallError(error, this.#errorContext(signal));
    }

    let finishReason: FinishReason | undefined;
    let usage: TokenUsage | undefined;
    const iterator = chunks[Symbol.asyncIterator]();
    let done = false;
    try {
      while (true) {
        let result: IteratorResult<ChatCompletionChunk>;
        try {
          result = await iterator.next();
        } catch (error) {
          done = true;
          throw toStreamError(error, this.#errorContext(signal));
        }
        if (result.done === true) break;
        const mapped = mapChunk(result.value);
        // Parts are yielded outside the `try` above so that nothing the consumer does is taken for a
        // network error.
        yield* mapped.parts;
        finishReason = mapped.finishReason ?? finishReason;
        usage = mapped.usage ?? usage;
      }
      done = true;
    } finally {
      // The consumer stopped early (`break`): ending the SDK's iterator aborts the HTTP request.
      if (!done) await iterator.return?.();
    }

    // The SDK ends its stream quietly when the request is aborted; the caller expects the abort reason.
    signal?.throwIfAborted();
    if (finishReason === undefined) {
      throw new ModelStreamError(this.modelId, 'the response ended without a finish_reason');
    }
    yield { type: 'finish', reason: finishReason, ...(usage === undefined ? {} : { usage }) };
  }

  /** What the errors of a call are made with. */
  #errorContext(signal: AbortSignal | undefined): ModelErrorContext {
    const { modelId } = this;
    const source = { modelId, client: this.#client, sentKeys: this.#sentKeys, requestOptions: this.#requestOptions, path: '/chat/completions' };
    return clientErrorContext(source, signal);
  }
}
