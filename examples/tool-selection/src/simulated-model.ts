import { classifyRequest, messageText, scriptedAgent, startFakeOpenAI, type FakeOpenAIServer, type Responder } from '@llmcompiler/testing';
import type { ExampleQuestion } from './questions.js';

/**
 * Starts the local OpenAI-compatible server playing planner and joiner for `questions`: each planner request
 * gets the plan of the question its last user message asks, and the joiner that question's answer. The
 * server counts each request's prompt tokens (with the o200k tokenizer), which is what the example compares.
 */
export function startSimulatedModel(questions: readonly ExampleQuestion[]): Promise<FakeOpenAIServer> {
  // One scripted agent per run: a planner request starts one, its joiner request uses it.
  let agent: ReturnType<typeof scriptedAgent> | undefined;
  const responder: Responder = (request) => {
    const asked = request.messages.findLast((message) => message.role === 'user');
    const text = asked === undefined ? '' : messageText(asked);
    const question = questions.find((candidate) => text.includes(candidate.question));
    if (question === undefined) throw new Error(`Expected one of the example's questions, got ${JSON.stringify(text.slice(0, 80))}`);
    if (classifyRequest(request) === 'planner') agent = scriptedAgent({ plan: question.plan, answer: question.answer });
    if (agent === undefined) throw new Error('Expected a planner request before the joiner’s');
    return agent(request);
  };
  return startFakeOpenAI({ responder });
}
