// `selectTools`: the planner is shown the selected tools only, each round; a task calling another of the
// compiler's tools runs with a warning; a selector that fails, or returns what is not a subset, fails the run.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { ToolSelectionError } from '../errors/tool-selection-error.js';
import type { ChatMessage } from '../model/language-model.js';
import type { ToolSelectionContext, ToolSelector } from './tool-selector.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import type { RunEventOf } from './run-event.js';
import { createCompiler } from './create-compiler.js';
import type { PlanFormat } from './compiler-options.js';

const makeTools = () => [
  fakeTool({ name: 'search', description: 'Searches the web.', input: z.object({ query: z.string() }), sideEffects: 'none', result: 'found' }),
  fakeTool({ name: 'get_weather', description: 'The weather of a city.', input: z.object({ city: z.string() }), sideEffects: 'none', result: 'sunny' }),
  fakeTool({ name: 'convert_currency', description: 'Converts an amount.', input: z.object({ amount: z.number() }), sideEffects: 'none', result: 10 }),
];

/** The tools part of the planner's system prompt: from its intro to the join. */
const systemOf = (messages: readonly ChatMessage[]) => {
  const system = String(messages.find((message) => message.role === 'system')!.content);
  return system.slice(system.indexOf('Tools you can call'), system.indexOf('\njoin('));
};

describe('selectTools', () => {
  it('shows the planner only the tools the selector chose, in the compiler’s order, and reports them', async () => {
    const model = scriptedModel({ responses: ['1. get_weather("Paris")\n2. search("Paris")\n3. join()', 'Action: Finish(sunny)'] });
    const tools = makeTools();
    const seen: ToolSelectionContext[] = [];
    const run = createCompiler({
      model,
      tools,
      selectTools: (context) => {
        seen.push(context);
        return ['get_weather', tools[0]!];
      },
    }).run('Weather in Paris?');
    const result = await run.result();
    const system = systemOf(model.requests[0]!.messages);
    expect(system).toContain('search(query: string)');
    expect(system).toContain('get_weather(city: string)');
    expect(system).not.toContain('convert_currency');
    expect(system.indexOf('search(query')).toBeLessThan(system.indexOf('get_weather(city'));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ question: 'Weather in Paris?', history: [], round: 1, rounds: [], tasks: [], tools });
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    const selected = run.events.filter((event): event is RunEventOf<'tools-selected'> => event.type === 'tools-selected');
    expect(selected.map(({ round, tools: names }) => ({ round, names }))).toEqual([{ round: 1, names: ['search', 'get_weather'] }]);
    const types = run.events.map((event) => event.type);
    expect(types.indexOf('tools-selected')).toBe(types.indexOf('plan-start') - 1);
    expect(result.rounds[0]!.tools).toEqual(['search', 'get_weather']);
    expect(run.events.some((event) => event.type === 'plan-warning')).toBe(false);
  });

  it('gives the selector the conversation’s earlier turns, and the current question as `question`', async () => {
    const model = scriptedModel({ responses: ['1. get_weather("Paris")\n2. join()', 'Action: Finish(rainy)'] });
    const seen: ToolSelectionContext[] = [];
    const conversation = [
      { role: 'user', content: 'I am flying to Paris tomorrow.' },
      { role: 'assistant', content: 'Have a good trip!' },
      { role: 'user', content: 'Will I need an umbrella?' },
    ] as const;
    const run = createCompiler({
      model,
      tools: makeTools(),
      selectTools: (context) => {
        seen.push(context);
        return ['get_weather'];
      },
    }).run(conversation);
    await run.result();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.question).toBe('Will I need an umbrella?');
    expect(seen[0]!.history).toEqual(conversation.slice(0, 2));
  });

  it('shows every tool, with no tools-selected event, without a selector', async () => {
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: makeTools() }).run('q');
    const result = await run.result();
    expect(systemOf(model.requests[0]!.messages)).toContain('convert_currency(amount: number)');
    expect(run.events.some((event) => event.type === 'tools-selected')).toBe(false);
    expect(result.rounds[0]!.tools).toBeUndefined();
  });

  it('gives native tool calls only the selected tools', async () => {
    const model = scriptedModel({ responses: [{ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }, { name: 'join', arguments: {} }] }, 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: makeTools(), planner: { format: 'tool-calls' satisfies PlanFormat }, selectTools: () => ['get_weather'] }).run('q');
    await run.result();
    expect(model.requests[0]!.tools!.map((definition) => definition.name)).toEqual(['get_weather', 'join']);
  });

  it('runs a task that calls a tool of the compiler the planner was not shown, with an unselected-tool warning', async () => {
    const model = scriptedModel({ responses: ['1. search("Paris")\n2. convert_currency(5)\n3. join()', 'Action: Finish(done)'] });
    const tools = makeTools();
    const run = createCompiler({ model, tools, selectTools: () => ['search', 'get_weather'] }).run('q');
    const result = await run.result();
    expect(result.tasks.map((record) => record.outcome)).toEqual(['ok', 'ok']);
    expect(tools[2]!.calls).toHaveLength(1);
    const warnings = run.events.filter((event): event is RunEventOf<'plan-warning'> => event.type === 'plan-warning');
    expect(warnings).toEqual([
      expect.objectContaining({
        round: 1,
        warning: {
          code: 'unselected-tool',
          taskId: 2,
          message:
            'Task 2 calls `convert_currency`, which `selectTools` did not show the planner in round 1 (it showed `search`, `get_weather`); ' +
            "the task runs, since `convert_currency` is one of the compiler's tools. A selector that misses the tools a plan needs costs accuracy: " +
            'a built-in one can show more tools (`k`) or always show this one (`always`).',
        },
      }),
    ]);
    expect(result.rounds[0]!.warnings.map((warning) => warning.code)).toEqual(['unselected-tool']);
    const types = run.events.map((event) => event.type);
    expect(types.indexOf('plan-warning')).toBeGreaterThan(types.lastIndexOf('task-planned'));
  });

  it('reports a tool the compiler lacks as an unknown tool, not an unselected one', async () => {
    const model = scriptedModel({ responses: ['1. translate("hi")\n2. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: makeTools(), selectTools: () => ['search'] }).run('q');
    const result = await run.result();
    expect(result.tasks[0]!.error).toMatchObject({ name: 'UnknownToolError' });
    expect(run.events.some((event) => event.type === 'plan-warning')).toBe(false);
  });

  it('selects again on a replan, given the rounds so far and their settled tasks', async () => {
    const model = scriptedModel({
      responses: ['1. search("Paris")\n2. join()', 'Action: Replan(need the weather)', '3. get_weather("Paris")\n4. join()', 'Action: Finish(sunny)'],
    });
    const contexts: { round: number; rounds: number; feedback: unknown; tasks: unknown[] }[] = [];
    const selectTools: ToolSelector = async (context) => {
      contexts.push({
        round: context.round,
        rounds: context.rounds.length,
        feedback: context.rounds.at(-1)?.decision?.action,
        tasks: context.tasks.map((record) => [record.task.id, record.task.tool, record.outcome, record.value]),
      });
      return context.round === 1 ? ['search'] : ['get_weather'];
    };
    const run = createCompiler({ model, tools: makeTools(), selectTools }).run('Weather in Paris?');
    const result = await run.result();
    expect(contexts).toEqual([
      { round: 1, rounds: 0, feedback: undefined, tasks: [] },
      { round: 2, rounds: 1, feedback: { type: 'replan', feedback: 'need the weather' }, tasks: [[1, 'search', 'ok', 'found']] },
    ]);
    expect(systemOf(model.requests[2]!.messages)).toContain('get_weather(city: string)');
    expect(systemOf(model.requests[2]!.messages)).not.toContain('search(query: string)');
    expect(result.rounds.map((round) => round.tools)).toEqual([['search'], ['get_weather']]);
    expect(result.answer).toBe('sunny');
  });

  it('fails the run with a ToolSelectionError naming selectTools when the selector throws or rejects', async () => {
    for (const selectTools of [
      () => {
        throw new Error('index offline');
      },
      () => Promise.reject(new Error('index offline')),
    ]) {
      const model = scriptedModel({ responses: [] });
      const run = createCompiler({ model, tools: makeTools(), selectTools }).run('q');
      const error = await run.result().catch((caught: unknown) => caught);
      expect(ToolSelectionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ message: '`selectTools` threw in round 1: index offline', failure: 'threw', round: 1, cause: new Error('index offline') });
      expect(model.requests).toHaveLength(0);
      expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed', error });
    }
  });

  it.each([
    {
      returned: ['serch'],
      failure: 'unknown-tool',
      message:
        "Expected `selectTools` to return a subset of the compiler's tools (tools or their names) in round 1, got `serch`, which is not one of the compiler's tools (search, get_weather, convert_currency)",
    },
    {
      returned: 'search',
      failure: 'not-a-list',
      message: "Expected `selectTools` to return a subset of the compiler's tools (tools or their names) in round 1, got `\"search\"` (string)",
    },
    {
      returned: [fakeTool({ name: 'search' })],
      failure: 'foreign-tool',
      message:
        "Expected `selectTools` to return a subset of the compiler's tools (tools or their names) in round 1, got a tool named `search` that is not the compiler's own tool of that name: return the tool from `context.tools`, or its name",
    },
    { returned: [42], failure: 'not-a-list', message: "Expected `selectTools` to return a subset of the compiler's tools (tools or their names) in round 1, got `42` (number) at index 0 of the list" },
  ])('fails the run with a ToolSelectionError when the selector returns $failure', async ({ returned, failure, message }) => {
    const model = scriptedModel({ responses: [] });
    const run = createCompiler({ model, tools: makeTools(), selectTools: () => returned as never }).run('q');
    const error = await run.result().catch((caught: unknown) => caught);
    expect(ToolSelectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ failure, message, availableTools: ['search', 'get_weather', 'convert_currency'] });
    expect(model.requests).toHaveLength(0);
  });

  it('aborts the run while the selector works, even a selector that ignores its signal', async () => {
    let signal: AbortSignal | undefined;
    const model = scriptedModel({ responses: [] });
    const run = createCompiler({
      model,
      tools: makeTools(),
      selectTools: (context) => {
        signal = context.signal;
        return new Promise<never>(() => {});
      },
    }).run('q');
    await Promise.resolve();
    await Promise.resolve();
    expect(signal?.aborted).toBe(false);
    const reason = new Error('user left');
    run.abort(reason);
    await expect(run.result()).rejects.toBe(reason);
    expect(signal?.aborted).toBe(true);
    expect(model.requests).toHaveLength(0);
    expect(run.events.map((event) => event.type)).toEqual(['run-start', 'run-end']);
    expect(run.events.at(-1)).toMatchObject({ status: 'aborted' });
  });

  it('refuses a selectTools that is not a function', () => {
    const model = scriptedModel({ responses: [] });
    expect(() => createCompiler({ model, tools: makeTools(), selectTools: ['search'] as never })).toThrow(
      new InvalidOptionError({ option: 'selectTools', expected: 'a function', received: ['search'] }),
    );
  });
});
