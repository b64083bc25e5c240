import { scriptedAgent, startFakeOpenAI, type FakeOpenAIServer, type LatencyModel } from '@llmcompiler/testing';

/** A latency like a hosted model's: about 0.4 s to the first token, then 60 tokens per second. */
export const hostedLatency: Partial<LatencyModel> = { timeToFirstTokenMs: 400, outputTokensPerSecond: 60 };

/**
 * Starts the local OpenAI-compatible server, with `latency` (by default {@link hostedLatency}), playing
 * planner and joiner for the demo's question: it plans the lookups, the arithmetic and the report, and
 * answers from the difference the `math` task computed.
 */
export function startSimulatedModel(latency: Partial<LatencyModel> = hostedLatency): Promise<FakeOpenAIServer> {
  return startFakeOpenAI({
    latency,
    responder: scriptedAgent({
      plan: [
        { tool: 'search', args: { query: 'Mariana Trench' }, thought: 'Both depths can be looked up at once.' },
        { tool: 'search', args: { query: 'Puerto Rico Trench' } },
        { tool: 'math', args: { expression: '$1.depthMeters - $2.depthMeters' } },
        {
          tool: 'write_report',
          args: {
            title: 'Ocean trenches',
            body: 'Mariana Trench: $1.depthMeters m. Puerto Rico Trench: $2.depthMeters m. Difference: $3 m.',
          },
          thought: 'The report needs every result, and writes a file, so it runs once the plan is complete.',
        },
      ],
      thought: 'Task 3 holds the difference.',
      answer: ({ prompt }) => {
        // Task 3's observation in the joiner's prompt: `3. math(...)` then `Observation: 2618`.
        const difference = /3\. math\([^\n]*\n\s*Observation: (-?[\d.]+)/.exec(prompt)?.[1];
        if (difference === undefined) return 'The difference could not be computed.';
        return `The Mariana Trench (10,994 m) is ${Number(difference).toLocaleString('en-US')} m deeper than the Puerto Rico Trench (8,376 m). The report is saved.`;
      },
    }),
  });
}
