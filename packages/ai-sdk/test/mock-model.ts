// The AI SDK's own mock language model, of the newest specification version the installed `ai` has:
// `MockLanguageModelV4` under `ai` 7, `MockLanguageModelV3` under `ai` 6. The same tests so cover both.
import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import * as aiTest from 'ai/test';

type MockOptions = NonNullable<ConstructorParameters<typeof aiTest.MockLanguageModelV3>[0]>;
type DoStream = NonNullable<MockOptions['doStream']>;

/** A stream part of the specification (the same shapes in `v3` and `v4` for what these tests use). */
export type StreamPart = LanguageModelV3StreamPart;
/** The options `doStream` was called with. */
export type CallOptions = LanguageModelV3CallOptions;

const Mock = ((aiTest as Record<string, unknown>)['MockLanguageModelV4'] ?? aiTest.MockLanguageModelV3) as typeof aiTest.MockLanguageModelV3;

/** The specification version of the mock models these tests run with. */
export const specificationVersion: string = new Mock().specificationVersion;

/** A mock model whose `doStream` is `doStream`, or streams `parts`. */
export function mockModel(doStream: DoStream | readonly StreamPart[], modelId = 'mock-model') {
  const option = Array.isArray(doStream) ? { stream: aiTest.convertArrayToReadableStream([...doStream]) } : doStream;
  return new Mock({ modelId, doStream: option as DoStream });
}

/** A stream of `parts`, for a `doStream` function. */
export function streamOf(parts: readonly StreamPart[]) {
  return { stream: aiTest.convertArrayToReadableStream([...parts]) };
}

/** The `finish` part with the usage and finish reason of the current specification. */
export function finishPart(unified: 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other', raw: string | undefined, tokens = { input: 10, output: 5 }): StreamPart {
  return {
    type: 'finish',
    finishReason: { unified, raw },
    usage: {
      inputTokens: { total: tokens.input, noCache: tokens.input, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: tokens.output, text: tokens.output, reasoning: 0 },
    },
  };
}
