import { startFakeOpenAI, type ChatRequest, type FakeOpenAIServer, type LatencyModel } from '@llmcompiler/testing';

/**
 * Starts the local OpenAI-compatible server and answers as the planner or the joiner would for the demo's
 * question (the planner's system prompt starts with "You plan"; every other request is the joiner's).
 */
export function startSimulatedModel(latency: Partial<LatencyModel> = {}): Promise<FakeOpenAIServer> {
  return startFakeOpenAI({ latency, responder: (request) => (isPlannerRequest(request) ? plan : join(request)) });
}

const plan = [
  'Thought: Both depths can be looked up at once.',
  '1. lookup_depth("Mariana Trench")',
  '2. lookup_depth("Puerto Rico Trench")',
  '3. subtract(a=$1.depthMeters, b=$2.depthMeters)',
  '4. join()',
].join('\n');

function isPlannerRequest(request: ChatRequest): boolean {
  const system = request.messages.find((message) => message.role === 'system');
  return typeof system?.content === 'string' && system.content.startsWith('You plan');
}

/** The joiner's answer, read off the observation of task 3 in its prompt. */
function join(request: ChatRequest): string {
  const prompt = request.messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
  const difference = /3\. subtract\([^\n]*\n\s*Observation: (-?[\d.]+)/.exec(prompt)?.[1];
  if (difference === undefined) return 'Thought: The difference is missing.\nAction: Replan(subtract the two depths)';
  return `Thought: Task 3 holds the difference.\nAction: Finish(The Mariana Trench is ${Number(difference).toLocaleString('en-US')} m deeper than the Puerto Rico Trench.)`;
}
