// The example of docs/tool-selection.md, run as it is written there (with `console.log` collected instead
// of printed): keep the two in step.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCompiler } from '../run/create-compiler.js';
import { scriptedModel } from '../test/scripted-model.js';
import { tool } from '../tool/tool.js';
import { createLexicalToolSelector } from './lexical-tool-selector.js';

describe('the tool selection guide', () => {
  it('shows the planner the k best tools for the question and the always ones', async () => {
    const logged: unknown[] = [];
    const console = { log: (...values: unknown[]) => logged.push(values) };

    // --- the guide's example, from here ---
    const tools = [
      tool({
        name: 'weather_get_forecast',
        description: 'Forecast for the next days at a place, day by day.',
        input: z.object({ location: z.string(), days: z.number() }),
        sideEffects: 'none',
        execute: async ({ location, days }) => `${location}: rain on day ${days}`,
      }),
      tool({
        name: 'currency_convert',
        description: 'Converts an amount of money from one currency to another.',
        input: z.object({ amount: z.number(), from: z.string(), to: z.string() }),
        sideEffects: 'none',
        execute: async ({ amount }) => amount * 1.08,
      }),
      tool({
        name: 'calendar_create_event',
        description: 'Schedules a meeting and invites the attendees.',
        input: z.object({ title: z.string(), start: z.string() }),
        execute: async ({ title }) => `scheduled ${title}`,
      }),
      tool({
        name: 'calculator',
        description: 'Evaluates an arithmetic expression.',
        input: z.object({ expression: z.string() }),
        sideEffects: 'none',
        execute: async ({ expression }) => expression.length,
      }),
    ];

    // A scripted model, so that the example runs without an API key: any LanguageModel works.
    const model = scriptedModel({
      responses: ['1. weather_get_forecast("Lisbon", 3)\n2. join($1)'],
    });

    const compiler = createCompiler({
      model,
      tools,
      selectTools: createLexicalToolSelector({ k: 1, always: ['calculator'] }),
    });
    const run = compiler.run('Will it rain in Lisbon in the next 3 days?');
    run.on('tools-selected', (event) => console.log('planner sees', event.tools));
    const { answer } = await run.result();
    console.log(answer); // Lisbon: rain on day 3
    // --- to here ---

    expect(logged).toEqual([['planner sees', ['weather_get_forecast', 'calculator']], ['Lisbon: rain on day 3']]);
    const system = String(model.requests[0]!.messages[0]!.content);
    expect(system).toContain('weather_get_forecast(location: string, days: number)');
    expect(system).not.toContain('currency_convert');
  });
});
