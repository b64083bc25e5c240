import type { Approach } from '../types.js';
import { runToolCallingLoop } from './tool-calling-loop.js';

/** The instruction of parallel function calling: every call that can be made now, in one turn. */
export const parallelFunctionCallingSystemPrompt =
  'Answer the question. Think step by step, and in each turn call every tool whose input you already know (they run in parallel); when you know the answer, reply with the answer only.';

/** OpenAI parallel function calling: each turn's tool calls run concurrently, then the model is called again. */
export const parallelFunctionCalling: Approach = {
  name: 'parallel-function-calling',
  description:
    'OpenAI parallel function calling (`openai` 6.30.1, streamed Chat Completions, `parallel_tool_calls: true`): all tool calls of a turn run concurrently once the turn has ended, the next turn waits for the slowest; turn limit = maxSteps.',
  run: (question, context) =>
    runToolCallingLoop(question, context, { parallel: true, systemPrompt: parallelFunctionCallingSystemPrompt }),
};

/**
 * Parallel function calling that starts each call as soon as its arguments have streamed, while the model is
 * still writing the rest of the turn: the strongest function-calling baseline.
 */
export const parallelFunctionCallingStreaming: Approach = {
  name: 'parallel-function-calling-streaming',
  description:
    'Parallel function calling as above, but each call starts the moment its arguments have streamed (its JSON object is complete), not when the turn ends; the next turn still waits for every call of the turn.',
  run: (question, context) =>
    runToolCallingLoop(question, context, { parallel: true, startEarly: true, systemPrompt: parallelFunctionCallingSystemPrompt }),
};
