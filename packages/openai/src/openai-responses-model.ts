import type { FinishReason, LanguageModel, ModelRequest, ModelStreamPart, TokenUsage } from '@llmcompiler/core';
import type { OpenAI } from 'openai';
import { ModelStreamError } from './errors/model-stream-error.js';
import { ResponseEventReader } from './map-response-event.js';
import type { ChatRequestOptions } from './openai-chat-model.js';
import type { SentKeys } from './sent-keys.js';
import { StopSequenceCutter } from './stop-sequences.js';
import { toResponsesParams, type ResponsesSettings } from './to-responses-params.js';
import { streamClientCall } from './stream-client-call.js';
import { clientErrorContext, toEventError, type ClientErrorSource } from './to-model-error.js';

/** What an {@link OpenAIResponsesModel} is made of. */
export interface OpenAIResponsesModelParts {
  readonly client: OpenAI;
  readonly settings: ResponsesSettings;
  readonly requestOptions: ChatRequestOptions;
  /** The keys the client sent; for a client created here, every key its `apiKey` function returned. */
  readonly sentKeys: SentKeys;
}

/**
 * A {@link LanguageModel} over OpenAI's Responses API, `client.responses.create({ stream: true })`.
 *
 * It streams `response.output_text.delta` events as `text-delta` parts, each function call as
 * `tool-call-delta` parts (its `call_id` and name from `response.output_item.added`, then its arguments from
 * `response.function_call_arguments.delta`), and ends with one `finish` part from `response.completed`
 * (`stop`, or `tool-calls` when the answer called tools) or `response.incomplete` (`length` for
 * `max_output_tokens`, `content-filter`), with the token usage. Reasoning items and summaries are ignored.
 * A `response.failed` or `error` event is a `ModelCallError` with the provider's message and code.
 *
 * The Responses API has no stop sequences: a request's `stop` is applied here. The text is cut before the
 * first stop sequence it contains, the stream finishes at once with reason `stop` and without usage (the
 * HTTP request is ended, so the usage OpenAI would report last never comes), and nothing after it is read.
 *
 * Like the chat completions model, the client and settings live in `#private` fields, so `JSON.stringify(model)`
 * and `util.inspect(model)` show only `modelId`, and errors are cleared of every key the client sent.
 */
export class OpenAIResponsesModel implements LanguageModel {
  readonly modelId: string;
  readonly #settings: ResponsesSettings;
  readonly #source: ClientErrorSource & { readonly client: OpenAI };

  constructor({ client, settings, requestOptions, sentKeys }: OpenAIResponsesModelParts) {
    this.modelId = settings.model;
    this.#settings = settings;
    this.#source = { modelId: this.modelId, client, sentKeys, requestOptions, path: '/responses' };
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamPart, void, undefined> {
    const { signal } = request;
    signal?.throwIfAborted();
    const body = toResponsesParams(request, this.#settings);
    const events = streamClientCall(this.#source, signal, (options) => this.#source.client.responses.create(body, options));
    const reader = new ResponseEventReader();
    const cutter = new StopSequenceCutter(request.stop);
    let finish: { reason: FinishReason; usage: TokenUsage | undefined } | undefined;
    for await (const event of events) {
      const mapped = reader.read(event);
      if (mapped.kind === 'text') {
        const { text, stopped } = cutter.push(mapped.text);
        if (text !== '') yield { type: 'text-delta', text };
        if (stopped) {
          // Leaving the loop ends the HTTP request: nothing after a stop sequence is wanted.
          signal?.throwIfAborted();
          yield { type: 'finish', reason: 'stop' };
          return;
        }
      } else if (mapped.kind === 'parts') {
        // A function call starts after the text: text held back for a stop sequence that did not come is shown first.
        const held = cutter.flush();
        if (held !== '') yield { type: 'text-delta', text: held };
        yield* mapped.parts;
      } else if (mapped.kind === 'finish') {
        finish = { reason: mapped.reason, usage: mapped.usage };
      } else if (mapped.kind === 'failed') {
        throw toEventError(mapped, clientErrorContext(this.#source, signal));
      }
    }
    if (finish === undefined) {
      throw new ModelStreamError(this.modelId, 'the response ended without a response.completed or response.incomplete event');
    }
    const held = cutter.flush();
    if (held !== '') yield { type: 'text-delta', text: held };
    yield { type: 'finish', reason: finish.reason, ...(finish.usage === undefined ? {} : { usage: finish.usage }) };
  }
}
