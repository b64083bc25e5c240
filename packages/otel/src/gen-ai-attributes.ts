/**
 * The attribute names this package writes: the OpenTelemetry GenAI semantic conventions' (development
 * status, as of semantic conventions 1.41) and, under `llmcompiler.`, this library's own.
 */
export const ATTR = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  agentName: 'gen_ai.agent.name',
  requestModel: 'gen_ai.request.model',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  toolName: 'gen_ai.tool.name',
  toolType: 'gen_ai.tool.type',
  toolCallId: 'gen_ai.tool.call.id',
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
  errorType: 'error.type',
  runId: 'llmcompiler.run.id',
  round: 'llmcompiler.round',
  planEnd: 'llmcompiler.plan.end_reason',
  planClean: 'llmcompiler.plan.clean',
  planTasks: 'llmcompiler.plan.task_count',
  taskId: 'llmcompiler.task.id',
  taskOutcome: 'llmcompiler.task.outcome',
  taskAttempts: 'llmcompiler.task.attempts',
  taskDependencies: 'llmcompiler.task.dependencies',
  taskWaitMs: 'llmcompiler.task.wait_ms',
  taskQueueMs: 'llmcompiler.task.queue_ms',
  joinDecision: 'llmcompiler.join.decision',
  joinSource: 'llmcompiler.join.source',
  replans: 'llmcompiler.replans',
  retryAttempt: 'llmcompiler.task.attempt',
  retryDelayMs: 'llmcompiler.task.retry_delay_ms',
} as const;

/** The values of `gen_ai.operation.name` this package writes. */
export const OPERATION = {
  invokeAgent: 'invoke_agent',
  plan: 'plan',
  chat: 'chat',
  executeTool: 'execute_tool',
} as const;
