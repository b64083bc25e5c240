import { join } from 'node:path';
import { scriptedAgent, startFakeOpenAI, type FakeOpenAIServer } from '@llmcompiler/testing';

/**
 * Starts the local OpenAI-compatible server playing planner and joiner for the notes in `folder`: it
 * plans three reads (read-only, so they start while the plan streams) and one write that depends on them
 * (unsafe, so it waits for the plan's end), and answers with where the summary went.
 */
export function startSimulatedModel(folder: string): Promise<FakeOpenAIServer> {
  const read = (name: string) => ({ tool: 'fs_read_text_file', args: { path: join(folder, name) } });
  return startFakeOpenAI({
    latency: { timeToFirstTokenMs: 300, outputTokensPerSecond: 80 },
    responder: scriptedAgent({
      plan: [
        { ...read('monday.md'), thought: 'The three notes can be read at once.' },
        read('tuesday.md'),
        read('wednesday.md'),
        {
          tool: 'fs_write_file',
          args: { path: join(folder, 'summary.md'), content: '# The week\n\n- $1.content- $2.content- $3.content' },
          thought: 'Then write them into one summary, which changes a file, so it runs once the plan is complete.',
        },
      ],
      thought: 'Task 4 wrote the summary.',
      answer: `The week went from the parser fix to release 0.2.0; the summary is in ${join(folder, 'summary.md')}.`,
    }),
  });
}
