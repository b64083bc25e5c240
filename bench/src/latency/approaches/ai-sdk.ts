import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, tool, type JSONSchema7, type ToolSet } from 'ai';
import type { Approach, ApproachAnswer, RunContext, World } from '../types.js';

/** The instruction the AI SDK agent starts with. */
export const aiSdkSystemPrompt =
  'Answer the question using the tools; when you know the answer, reply with the answer only.';

/** The world's tools as AI SDK tools, their inputs described by the world's JSON Schemas (not validated here: the world does it). */
export function aiSdkTools(world: World): ToolSet {
  return Object.fromEntries(
    world.tools.map((spec) => [
      spec.name,
      tool({
        description: spec.description,
        inputSchema: jsonSchema(spec.parameters as JSONSchema7),
        execute: (input, { abortSignal }) => world.runTool(spec.name, input, abortSignal),
      }),
    ]),
  );
}

/** The answer, and when it arrived: `generateText` does not stream, so the last step's reply comes whole. */
async function answer(question: string, context: RunContext): Promise<ApproachAnswer> {
  // The last step has no tool calls: it finishes the moment its reply has arrived.
  let stepFinishedAt = Number.NaN;
  const provider = createOpenAI({ baseURL: context.baseURL, apiKey: context.apiKey });
  const result = await generateText({
    model: provider.chat(context.model),
    system: aiSdkSystemPrompt,
    prompt: question,
    tools: aiSdkTools(context.world),
    stopWhen: stepCountIs(context.maxSteps),
    maxRetries: 0,
    onStepFinish: () => {
      stepFinishedAt = performance.now();
    },
    ...(context.signal === undefined ? {} : { abortSignal: context.signal }),
  });
  return { answer: result.text.trim(), firstAnswerAt: Number.isNaN(stepFinishedAt) ? performance.now() : stepFinishedAt };
}

/** The Vercel AI SDK running its own tool loop. */
export const aiSdk: Approach = {
  name: 'ai-sdk',
  description:
    'Vercel AI SDK 6 (`ai` 6.0.326, `@ai-sdk/openai` 3.0.141): `generateText` with tools over Chat Completions (not streamed); the SDK runs each step’s tool calls concurrently; step limit = maxSteps.',
  run: answer,
};
