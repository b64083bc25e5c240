import type { Approach } from '../types.js';
import { runToolCallingLoop } from './tool-calling-loop.js';

/** ReAct's instruction: reason, act with one tool, observe, repeat. */
export const reactSystemPrompt =
  'Answer the question. Think step by step, then call one tool at a time; when you know the answer, reply with the answer only.';

/** ReAct with native tool calling: one tool call per LLM turn, each result read before the next call. */
export const react: Approach = {
  name: 'react',
  description:
    'ReAct with native tool calling (`openai` 6.30.1, streamed Chat Completions, `parallel_tool_calls: false`): one tool call per LLM turn, each result appended before the next turn; turn limit = maxSteps.',
  run: (question, context) => runToolCallingLoop(question, context, { parallel: false, systemPrompt: reactSystemPrompt }),
};
