import { scriptedAgent, startFakeOpenAI, type FakeOpenAIServer, type LatencyModel } from '@llmcompiler/testing';

/**
 * Starts the local OpenAI-compatible server, playing planner and joiner for the demo's question: it plans
 * both lookups and the subtraction, and answers from the difference the `subtract` task returned.
 */
export function startSimulatedModel(latency: Partial<LatencyModel> = {}): Promise<FakeOpenAIServer> {
  return startFakeOpenAI({
    latency,
    responder: scriptedAgent({
      plan: [
        { tool: 'lookup_depth', args: { name: 'Mariana Trench' }, thought: 'Both depths can be looked up at once.' },
        { tool: 'lookup_depth', args: { name: 'Puerto Rico Trench' } },
        { tool: 'subtract', args: { a: '$1.depthMeters', b: '$2.depthMeters' } },
      ],
      thought: 'Task 3 holds the difference.',
      answer: ({ prompt }) => {
        // Task 3's observation in the joiner's prompt: `3. subtract(...)` then `Observation: 2618`.
        const difference = /3\. subtract\([^\n]*\n\s*Observation: (-?[\d.]+)/.exec(prompt)?.[1];
        if (difference === undefined) return 'The difference could not be computed.';
        return `The Mariana Trench is ${Number(difference).toLocaleString('en-US')} m deeper than the Puerto Rico Trench.`;
      },
    }),
  });
}
