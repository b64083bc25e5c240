/**
 * @module
 * A local OpenAI-compatible chat completions server for tests, demos and benchmarks, which also answers
 * OpenAI's Responses API (`POST /v1/responses`) and Anthropic's Messages API (`POST /v1/messages`): scripted answers
 * (text and tool calls), JSON and SSE streaming in OpenAI's wire format, token usage counted with the o200k
 * tokenizer, a latency model (time to first token, tokens per second) and injected faults (HTTP errors,
 * cut, truncated and malformed streams, error events, dropped connections, `length` finishes, hangs).
 * `scriptedAgent` plays an llmcompiler run's planner and joiner from a declarative script.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { startFakeOpenAI } from '@llmcompiler/testing';
 *
 * const server = await startFakeOpenAI({
 *   responses: [{ toolCalls: [{ name: 'search', arguments: { query: 'Mariana Trench' } }] }, 'It is 10,994 m deep.'],
 *   latency: { timeToFirstTokenMs: 200, outputTokensPerSecond: 50 },
 * });
 * const client = new OpenAI({ baseURL: server.url, apiKey: 'test' });
 * const stream = await client.chat.completions.create({
 *   model: 'fake-model',
 *   messages: [{ role: 'user', content: 'How deep is the Mariana Trench?' }],
 *   stream: true,
 * });
 * for await (const chunk of stream) console.log(chunk.choices[0]?.delta);
 * await server.close();
 * ```
 */
export {
  startFakeOpenAI,
  type FakeOpenAIOptions,
  type FakeOpenAIServer,
} from './start-fake-openai.js';
export type { RecordedRequest } from './chat-exchange.js';
export type {
  MessagesContentBlock,
  MessagesRequest,
  MessagesRequestMessage,
  MessagesRequestTool,
} from './anthropic/messages-request.js';
export type {
  Answer,
  AnswerDetails,
  CutFault,
  DisconnectFault,
  ErrorEventFault,
  Fault,
  FinishReason,
  HangFault,
  LengthFault,
  MalformedFault,
  Responder,
  ResponderContext,
  StatusFault,
  ToolCallAnswer,
  TruncateFault,
} from './answer.js';
export type {
  ChatContentPart,
  ChatRequest,
  ChatRequestMessage,
  ChatRequestTool,
  ChatRequestToolCall,
} from './chat-request.js';
export { messageText } from './chat-request.js';
export type { ResponsesInputItem, ResponsesRequest, ResponsesRequestTool } from './responses-request.js';
export { echoResponder } from './echo-responder.js';
export { computeTokenDelay, instantLatency, type LatencyModel } from './latency-model.js';
export { countPromptTokens, countTextTokens } from './count-tokens.js';
export { classifyRequest, type AgentRequest, type RequestRole } from './classify-request.js';
export {
  scriptedAgent,
  type AgentScript,
  type JoinerRequestInfo,
  type ScriptedRound,
} from './scripted-agent.js';
export type { ScriptedAnswer, ScriptedTask, ScriptedToolCall } from './write-plan.js';
export { redisForTests, type RedisForTests } from './redis-for-tests.js';
