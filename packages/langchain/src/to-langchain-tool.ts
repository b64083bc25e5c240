import { ToolInputError, type AnyTool } from '@llmcompiler/core';
import { DynamicStructuredTool } from '@langchain/core/tools';

/**
 * Turns an llmcompiler tool into a LangChain `DynamicStructuredTool`, for LangChain agents, LangGraph's
 * `ToolNode` or `model.bindTools()`.
 *
 * - Its schema is the JSON Schema of the tool's input schema (core keeps a tool's schemas in its own form,
 *   so the original zod schema is not handed on; LangChain accepts JSON Schema everywhere).
 * - A call validates the input with the tool's own schema (applying zod defaults and transforms) and runs
 *   `execute` with the signal of the LangChain config (aborting the config's signal aborts the call), and
 *   with the tool's `timeoutMs` when it has one. `taskId` is `0` and `attempt` is `1`: LangChain retries,
 *   approvals and concurrency limits are LangChain's, not the tool's.
 * - An invalid input or a failed call throws, as LangChain tools do.
 *
 * @example
 * ```ts
 * const agent = createReactAgent({ llm, tools: [toLangChainTool(search)] });
 * ```
 */
export function toLangChainTool(ourTool: AnyTool): DynamicStructuredTool {
  return new DynamicStructuredTool({
    name: ourTool.name,
    description: ourTool.description,
    schema: ourTool.inputSchema.jsonSchema(),
    func: async (input: unknown, _runManager, config) => {
      const parsed = await ourTool.inputSchema.validate(input);
      if (!parsed.success) throw new ToolInputError({ tool: ourTool.name, issues: parsed.issues });
      const signals = [config?.signal, ourTool.timeoutMs === undefined ? undefined : AbortSignal.timeout(ourTool.timeoutMs)];
      const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
      const signal = present.length === 1 ? present[0]! : AbortSignal.any(present);
      // Outside a run: LangChain's run id when it gives one, so the call still has an idempotency key.
      const runId = typeof config?.runId === 'string' ? config.runId : globalThis.crypto.randomUUID();
      return ourTool.execute(parsed.value, { signal, taskId: 0, attempt: 1, runId }) as unknown;
    },
  });
}
