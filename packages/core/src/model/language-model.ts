import type { JsonSchema } from '../tool/json-schema-types.js';

/** One message of a chat. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A tool as a model with native tool calling is shown it. */
export interface ModelToolDefinition {
  readonly name: string;
  readonly description: string;
  /** The JSON Schema of the tool's input (an object schema). */
  readonly parameters: JsonSchema;
}

/** The format a model is asked to answer in. */
export type ResponseFormat =
  | { readonly type: 'text' }
  /** JSON; with a schema, structured output where the model supports it. */
  | { readonly type: 'json'; readonly schema?: JsonSchema | undefined; readonly name?: string | undefined };

/** What a model call is given. */
export interface ModelRequest {
  readonly messages: readonly ChatMessage[];
  /** Sequences that end the answer when the model writes them (not included in the answer). */
  readonly stop?: readonly string[] | undefined;
  readonly temperature?: number | undefined;
  readonly maxTokens?: number | undefined;
  readonly responseFormat?: ResponseFormat | undefined;
  /** Tools for native tool calling; the answer then comes as `tool-call-delta` parts. */
  readonly tools?: readonly ModelToolDefinition[] | undefined;
  readonly toolChoice?: 'auto' | 'required' | 'none' | undefined;
  /** Aborts the call: the stream ends by throwing the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** Why a model stopped writing. */
export type FinishReason =
  /** It finished, or wrote a stop sequence. */
  | 'stop'
  /** It hit the token limit: the answer is cut off. */
  | 'length'
  /** It finished with tool calls. */
  | 'tool-calls'
  /** A content filter cut the answer. */
  | 'content-filter'
  /** Anything else the provider reports. */
  | 'other';

/** Tokens a model call used. */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/** One piece of a streamed answer. */
export type ModelStreamPart =
  | { readonly type: 'text-delta'; readonly text: string }
  | {
      readonly type: 'tool-call-delta';
      /** The call's position in the answer, from 0. */
      readonly index: number;
      /** The provider's id of the call, usually in its first delta. */
      readonly id?: string | undefined;
      /** The tool name, usually whole in the call's first delta. */
      readonly name?: string | undefined;
      /** The next piece of the call's JSON arguments. */
      readonly arguments?: string | undefined;
    }
  /** The last part of every stream that ends normally. */
  | { readonly type: 'finish'; readonly reason: FinishReason; readonly usage?: TokenUsage | undefined };

/**
 * A chat model, as the planner and the joiner use it: one method that streams. Adapters implement it for
 * the `openai` SDK (any OpenAI-compatible endpoint), LangChain chat models, and scripted models for tests.
 *
 * A stream either ends with one `finish` part or throws (network error, abort, provider error).
 */
export interface LanguageModel {
  /** A name for logs and events, e.g. `gpt-4o-mini`. */
  readonly modelId: string;
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart>;
}
