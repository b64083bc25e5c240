import { startFakeOpenAI, type ChatRequest, type FakeOpenAIServer } from '@llmcompiler/testing';

/**
 * Starts the local OpenAI-compatible server with a latency like a hosted model's (about 0.4 s to the first
 * token, 60 tokens per second) and answers as a planner or a joiner would for the demo's question.
 */
export function startSimulatedModel(): Promise<FakeOpenAIServer> {
  return startFakeOpenAI({
    latency: { timeToFirstTokenMs: 400, outputTokensPerSecond: 60 },
    responder: (request) => (isPlannerRequest(request) ? plan : join(request)),
  });
}

const plan = [
  'Thought: Both depths can be looked up at once.',
  '1. search("Mariana Trench")',
  '2. search("Puerto Rico Trench")',
  '3. math("$1.depthMeters - $2.depthMeters")',
  'Thought: The report needs every result, and writes a file, so it runs once the plan is complete.',
  '4. write_report(title="Ocean trenches", body="Mariana Trench: $1.depthMeters m. Puerto Rico Trench: $2.depthMeters m. Difference: $3 m.")',
  '5. join()',
].join('\n');

function isPlannerRequest(request: ChatRequest): boolean {
  const system = request.messages.find((message) => message.role === 'system');
  return typeof system?.content === 'string' && system.content.startsWith('You plan');
}

/** The joiner's answer, read off the observations in its prompt. */
function join(request: ChatRequest): string {
  const prompt = request.messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
  const difference = /3\. math\([^\n]*\n\s*Observation: (-?[\d.]+)/.exec(prompt)?.[1];
  if (difference === undefined) return 'Thought: The difference is missing.\nAction: Replan(compute the difference of the two depths)';
  return `Thought: Task 3 holds the difference.\nAction: Finish(The Mariana Trench (10,994 m) is ${Number(difference).toLocaleString('en-US')} m deeper than the Puerto Rico Trench (8,376 m). The report is saved.)`;
}
