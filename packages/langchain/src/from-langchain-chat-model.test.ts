import type { ModelRequest, ModelStreamPart } from '@llmcompiler/core';
import { BaseChatModel, type BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { fromLangChainChatModel } from './from-langchain-chat-model.js';

/** A chat model that streams the chunks it is given and records what it was called with. */
class RecordingChatModel extends BaseChatModel {
  readonly calls: { messages: BaseMessage[]; stop: string[] | undefined; signal: AbortSignal | undefined; options: Record<string, unknown> }[] = [];
  readonly bound: { tools: unknown[]; kwargs: unknown }[] = [];
  readonly #chunks: AIMessageChunk[];

  constructor(chunks: AIMessageChunk[]) {
    super({});
    this.#chunks = chunks;
  }

  _llmType(): string {
    return 'recording';
  }

  override bindTools(tools: unknown[], kwargs?: Partial<BaseChatModelCallOptions>) {
    this.bound.push({ tools, kwargs });
    return this.withConfig(kwargs ?? {});
  }

  async _generate(): Promise<ChatResult> {
    throw new Error('only streams');
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    this.calls.push({ messages, stop: options.stop, signal: options.signal, options: { ...options } });
    for (const message of this.#chunks) {
      yield new ChatGenerationChunk({ message, text: typeof message.content === 'string' ? message.content : '' });
    }
  }
}

/** A chunk with metadata (whose constructor type, in LangChain 1.4, only allows `usage_metadata` on some message structures). */
function chunkOf(fields: Record<string, unknown>): AIMessageChunk {
  return new AIMessageChunk(fields as ConstructorParameters<typeof AIMessageChunk>[0]);
}

async function collect(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const request: ModelRequest = {
  messages: [
    { role: 'system', content: 'You plan.' },
    { role: 'user', content: 'Question?' },
    { role: 'assistant', content: 'Earlier answer.' },
  ],
  stop: ['<END_OF_PLAN>'],
};

describe('fromLangChainChatModel', () => {
  it('maps the messages, passes stop and signal, and streams text deltas ending with stop', async () => {
    const chatModel = new RecordingChatModel([new AIMessageChunk('Hello'), new AIMessageChunk(' world')]);
    const signal = new AbortController().signal;
    const parts = await collect(fromLangChainChatModel(chatModel).stream({ ...request, signal }));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' world' },
      { type: 'finish', reason: 'stop', usage: undefined },
    ]);
    const [call] = chatModel.calls;
    expect(call?.messages.map((message) => [message.type, message.content])).toEqual([
      ['system', 'You plan.'],
      ['human', 'Question?'],
      ['ai', 'Earlier answer.'],
    ]);
    expect(call?.stop).toEqual(['<END_OF_PLAN>']);
    expect(call?.signal?.aborted).toBe(false);
  });

  it('passes what callOptions makes of the request, keeping its own stop and signal', async () => {
    const chatModel = new RecordingChatModel([new AIMessageChunk('{}')]);
    const signal = new AbortController().signal;
    const model = fromLangChainChatModel(chatModel, {
      callOptions: (request) => ({ temperature: request.temperature, format: request.responseFormat?.type, stop: ['ignored'] }),
    });
    await collect(model.stream({ ...request, temperature: 0.2, responseFormat: { type: 'json' }, signal }));
    const [call] = chatModel.calls;
    expect(call?.options).toMatchObject({ temperature: 0.2, format: 'json' });
    expect(call?.stop).toEqual(['<END_OF_PLAN>']);
    expect(call?.signal?.aborted).toBe(false);
  });

  it('sums usage_metadata and reads the finish reason from response_metadata', async () => {
    const chatModel = new RecordingChatModel([
      chunkOf({ content: 'cut', usage_metadata: { input_tokens: 10, output_tokens: 1, total_tokens: 11 } }),
      chunkOf({
        content: '',
        response_metadata: { finish_reason: 'length' },
        usage_metadata: { input_tokens: 0, output_tokens: 2, total_tokens: 2 },
      }),
    ]);
    const parts = await collect(fromLangChainChatModel(chatModel).stream(request));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length', usage: { promptTokens: 10, completionTokens: 3, totalTokens: 13 } });
  });

  it('binds the tools and turns tool_call_chunks into tool-call deltas', async () => {
    const chatModel = new RecordingChatModel([
      new AIMessageChunk({ content: '', tool_call_chunks: [{ type: 'tool_call_chunk', index: 0, id: 'call_1', name: 'search', args: '{"query":' }] }),
      new AIMessageChunk({ content: '', tool_call_chunks: [{ type: 'tool_call_chunk', index: 0, args: '"x"}' }] }),
    ]);
    const parameters = { type: 'object', properties: { query: { type: 'string' } } } as const;
    const parts = await collect(
      fromLangChainChatModel(chatModel).stream({
        ...request,
        tools: [{ name: 'search', description: 'Search.', parameters }],
        toolChoice: 'required',
      }),
    );
    expect(chatModel.bound).toEqual([
      { tools: [{ type: 'function', function: { name: 'search', description: 'Search.', parameters } }], kwargs: { tool_choice: 'required' } },
    ]);
    expect(parts).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'search', arguments: '{"query":' },
      { type: 'tool-call-delta', index: 0, id: undefined, name: undefined, arguments: '"x"}' },
      { type: 'finish', reason: 'tool-calls', usage: undefined },
    ]);
  });

  it('ends by throwing the signal reason when aborted', async () => {
    const controller = new AbortController();
    const chatModel = new FakeListChatModel({ responses: ['a long answer'] });
    const reason = new Error('stop now');
    const stream = fromLangChainChatModel(chatModel).stream({ ...request, signal: controller.signal });
    const parts: ModelStreamPart[] = [];
    await expect(
      (async () => {
        for await (const part of stream) {
          parts.push(part);
          controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(parts).toEqual([{ type: 'text-delta', text: 'a' }]);
  });

  it('names the model after its model field, or its class', () => {
    expect(fromLangChainChatModel(new FakeListChatModel({ responses: ['x'] })).modelId).toBe('FakeListChatModel');
    expect(fromLangChainChatModel(new FakeListChatModel({ responses: ['x'] }), { modelId: 'mine' }).modelId).toBe('mine');
  });
});
