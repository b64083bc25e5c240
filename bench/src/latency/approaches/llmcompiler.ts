import { createCompiler, tool, type AnyTool, type JsonSchema, type LanguageModel, type ModelStreamPart } from '@llmcompiler/core';
import { openai } from '@llmcompiler/openai';
import type { Approach, ApproachAnswer, RunContext, World } from '../types.js';

/** The world's tools as llmcompiler tools (their JSON Schemas as they are): read-only, so they start while the plan streams. */
export function compilerTools(world: World): AnyTool[] {
  return world.tools.map((spec) =>
    tool({
      name: spec.name,
      description: spec.description,
      input: spec.parameters as JsonSchema,
      sideEffects: 'none',
      execute: (input, { signal }) => world.runTool(spec.name, input, signal),
    }),
  );
}

/** A model that hands on its answer only once it is whole: the plan is parsed after the last token. */
export function withoutStreaming(model: LanguageModel): LanguageModel {
  return {
    modelId: model.modelId,
    async *stream(request) {
      const parts: ModelStreamPart[] = [];
      for await (const part of model.stream(request)) parts.push(part);
      yield* parts;
    },
  };
}

/**
 * Answers with the library as a user runs it (the default options: the plan may state its answer and skip
 * the joiner). The first answer token is the run's start plus `RunResult.firstAnswerAt`, and the answer's
 * source is the last `join-end` event's. `tools` are the world's (see {@link compilerTools}) unless given:
 * the BullMQ benchmark gives their remote twins, which run on worker processes.
 */
export async function answer(question: string, context: RunContext, streaming: boolean, tools: readonly AnyTool[] = compilerTools(context.world)): Promise<ApproachAnswer> {
  const model = openai(context.model, { baseURL: context.baseURL, apiKey: context.apiKey, maxRetries: 0 });
  const compiler = createCompiler({
    model: streaming ? model : withoutStreaming(model),
    tools,
    maxTasksPerPlan: context.maxSteps,
  });
  // The run's clock starts when `run()` is called: within microseconds of this.
  const startedAt = performance.now();
  const result = await compiler.run(question, { signal: context.signal }).result();
  const joinEnd = result.events.findLast((event) => event.type === 'join-end');
  return { answer: result.answer, firstAnswerAt: startedAt + result.firstAnswerAt, answerSource: joinEnd?.source };
}

/** LLMCompiler as the library runs it: the plan streams, and each task starts when its inputs exist. */
export const llmcompiler: Approach = {
  name: 'llmcompiler',
  description:
    'This library: `createCompiler` with `openai()` over Chat Completions; the planner streams the plan and each task starts the moment its line is parsed and its inputs exist; one joiner call, none when the plan states the answer (the default `planner.answerInPlan`).',
  run: (question, context) => answer(question, context, true),
};

/** LLMCompiler without streaming: the same run, but the plan is parsed only once the planner has finished. */
export const llmcompilerNoStreaming: Approach = {
  name: 'llmcompiler-no-streaming',
  description:
    'The same compiler, with the planner answer handed on whole: no task starts before the plan has ended (the paper’s non-streaming variant).',
  run: (question, context) => answer(question, context, false),
};
