import { classifyRequest, messageText, startFakeOpenAI, type ChatRequest, type FakeOpenAIServer, type LatencyModel } from '@llmcompiler/testing';
import { trenches } from './trenches.js';

/** About 0.3 s to the first token, then 80 tokens per second: enough to watch the answer stream. */
export const chatLatency: Partial<LatencyModel> = { timeToFirstTokenMs: 300, outputTokensPerSecond: 80 };

const NAMES = Object.keys(trenches);
/** Words that compare, so the question needs two trenches. */
const COMPARES = /\b(deeper|shallower|difference|compare|than)\b/i;

/**
 * Starts the local OpenAI-compatible server playing planner and joiner for the chat: a small stand-in for a
 * model that reads the conversation. The planner looks up the trenches the question names; a question that
 * compares but names only one ("How much deeper is it than the Puerto Rico Trench?") takes the other from the
 * earlier turns, the newest first, as a model resolves "it". The joiner answers from the results.
 */
export function startSimulatedModel(latency: Partial<LatencyModel> = chatLatency): Promise<FakeOpenAIServer> {
  return startFakeOpenAI({
    latency,
    responder: (request) => {
      const role = classifyRequest(request);
      if (role === 'planner') return plan(request);
      if (role === 'joiner') return `Action: Finish(${answer(request)})`;
      throw new Error('The simulated chat model only plays the planner and the joiner of a run');
    },
  });
}

/** The latest question (the `Question:` of the last message) and the earlier turns, newest first. */
function readConversation(request: ChatRequest): { question: string; earlier: string[] } {
  const texts = request.messages.map((message) => messageText(message));
  const last = texts.at(-1) ?? '';
  const question = /Question: ([^\n]*)/.exec(last)?.[1] ?? last;
  // Between the system message and the question's message: the earlier turns, as the compiler sends them.
  return { question, earlier: texts.slice(1, -1).reverse() };
}

/** The trench names in `text`, in the order they appear. */
function namesIn(text: string): string[] {
  return NAMES.map((name) => ({ name, at: text.toLowerCase().indexOf(name.toLowerCase().replace(' trench', '')) }))
    .filter(({ at }) => at !== -1)
    .sort((a, b) => a.at - b.at)
    .map(({ name }) => name);
}

function plan(request: ChatRequest): string {
  const { question, earlier } = readConversation(request);
  const names = namesIn(question);
  if (COMPARES.test(question) && names.length === 1) {
    const other = earlier.flatMap(namesIn).find((name) => name !== names[0]);
    if (other !== undefined) names.unshift(other);
  }
  const lines = names.slice(0, 2).map((name, index) => `${index + 1}. lookup_trench(name="${name}")`);
  if (lines.length === 2 && COMPARES.test(question)) lines.push('3. difference(a=$1.depthMeters, b=$2.depthMeters)');
  lines.push(`${lines.length + 1}. join()<END_OF_PLAN>`);
  return lines.join('\n');
}

function answer(request: ChatRequest): string {
  const prompt = messageText(request.messages.at(-1)!);
  const found = [...prompt.matchAll(/Observation: (\{[^\n]*\})/g)].map((match) => JSON.parse(match[1]!) as { name: string; depthMeters: number; ocean: string });
  const meters = (value: number) => `${value.toLocaleString('en-US')} m`;
  const [first, second] = found;
  if (first === undefined) return `I can only look up the ${NAMES.slice(0, -1).join(', ')} and ${NAMES.at(-1)}.`;
  if (second === undefined) return `The ${first.name} is ${meters(first.depthMeters)} deep, in the ${first.ocean} Ocean.`;
  const [deep, shallow] = first.depthMeters >= second.depthMeters ? [first, second] : [second, first];
  return `The ${deep.name} (${meters(deep.depthMeters)}) is ${meters(deep.depthMeters - shallow.depthMeters)} deeper than the ${shallow.name} (${meters(shallow.depthMeters)}).`;
}
