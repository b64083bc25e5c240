export type {
  ChatMessage,
  FinishReason,
  LanguageModel,
  ModelRequest,
  ModelStreamPart,
  ModelToolDefinition,
  ResponseFormat,
  TokenUsage,
} from './language-model.js';
