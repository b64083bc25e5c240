// The part of the AI SDK's language model specification this package uses, written out structurally so that
// a model of either specification version (`LanguageModelV3` of `ai` 6, `LanguageModelV4` of `ai` 7) fits
// without this package's types depending on one version of `@ai-sdk/provider`.

/** A message of the specification's prompt, of the kinds this package sends. */
export type AISDKPromptMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: { type: 'text'; text: string }[] }
  | { role: 'assistant'; content: { type: 'text'; text: string }[] };

/** A function tool, as the specification passes it to `doStream`. */
export interface AISDKFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** The call options of `doStream` this package sets (the same in both specification versions). */
export interface AISDKCallOptions {
  prompt: AISDKPromptMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  responseFormat?: { type: 'text' } | { type: 'json'; schema?: Record<string, unknown>; name?: string };
  tools?: AISDKFunctionTool[];
  toolChoice?: { type: 'auto' } | { type: 'none' } | { type: 'required' };
  abortSignal?: AbortSignal;
  providerOptions?: Record<string, Record<string, unknown>>;
}

/**
 * An AI SDK language model of specification version `v3` (`ai` 6) or `v4` (`ai` 7): what every AI SDK
 * provider returns, e.g. `openai('gpt-4o-mini')`, `anthropic('claude-sonnet-4-5')`,
 * `createOpenAICompatible({ ... })('llama3.1')`, or `MockLanguageModelV3` of `ai/test`.
 */
export interface AISDKLanguageModel {
  readonly specificationVersion: string;
  readonly provider: string;
  readonly modelId: string;
  doStream(options: never): PromiseLike<{ stream: ReadableStream<unknown> }>;
}

/** The stream parts of the specification this package reads; every other part is skipped. */
export type AISDKStreamPart =
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'tool-input-start'; id: string; toolName: string; providerExecuted?: boolean }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: string; providerExecuted?: boolean }
  | { type: 'finish'; usage: AISDKUsage; finishReason: AISDKFinishReason | string }
  | { type: 'error'; error: unknown };

/** Why the model stopped: `unified` is the AI SDK's word for it, `raw` the provider's (absent when it sent none). */
export interface AISDKFinishReason {
  unified: string;
  raw: string | undefined;
}

/** Token usage of a call, as the specification reports it. */
export interface AISDKUsage {
  inputTokens: { total: number | undefined } | number | undefined;
  outputTokens: { total: number | undefined } | number | undefined;
}

/** The specification versions {@link fromAISDKModel} understands. */
export const SUPPORTED_SPECIFICATIONS = ['v3', 'v4'] as const;
