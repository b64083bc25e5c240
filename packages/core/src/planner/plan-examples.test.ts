import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Task } from '../graph/task.js';
import { collectPlan, parsePlan } from '../plan/create-plan-parser.js';
import type { PlanParseResult } from '../plan/plan-parser.js';
import { ToolCallPlanParser } from '../plan/tool-call-plan-parser.js';
import { renderToolDescription } from '../tool/render-signature.js';
import { tool, type AnyTool } from '../tool/tool.js';
import { PLAN_EXAMPLES, renderExamplePlan, renderPlanExamples } from './plan-examples.js';
import type { PlannerFormat } from './planner-format.js';

// The made-up tools of the examples, defined for real so the examples can be checked with the parsers.
const exampleTools: readonly (readonly AnyTool[])[] = [
  [
    tool({
      name: 'web_search',
      description: 'Searches the web and returns the best matching snippet.',
      input: z.object({ query: z.string() }),
      output: z.string(),
      execute: () => '',
    }),
    tool({
      name: 'calculate',
      description: 'Works out a number from the given values, as the task describes.',
      input: z.object({ task: z.string(), values: z.array(z.any()).optional() }),
      output: z.number(),
      execute: () => 0,
    }),
  ],
  [
    tool({
      name: 'find_products',
      description: "Searches a shop's catalogue.",
      input: z.object({ query: z.string(), sort: z.enum(['price', 'rating']).optional() }),
      output: z.array(z.object({ name: z.string(), price_usd: z.number() })),
      execute: () => [],
    }),
    tool({
      name: 'convert_currency',
      description: 'Converts an amount of money from one currency to another.',
      input: z.object({ amount: z.number(), from: z.string(), to: z.string() }),
      output: z.number(),
      execute: () => 0,
    }),
  ],
];

/** Feeds a `Text:` / `Call N: tool {json}` transcript to the native tool-call parser. */
function parseToolCalls(transcript: string, tools: readonly AnyTool[]): PlanParseResult {
  const parser = new ToolCallPlanParser({ tools });
  const events = [];
  let index = 0;
  for (const line of transcript.split('\n')) {
    const text = /^Text: (.*)$/.exec(line);
    const call = /^Call \d+: (\S+) (.*)$/.exec(line);
    if (text !== null) events.push(...parser.push(text[1]!));
    else if (call !== null) events.push(...parser.pushToolCall({ index: index++, name: call[1]!, arguments: call[2]! }));
    else throw new Error(`Unexpected transcript line: ${line}`);
  }
  events.push(...parser.end());
  return collectPlan(events);
}

function parseExample(format: PlannerFormat, plan: string, tools: readonly AnyTool[]): PlanParseResult {
  return format === 'tool-calls' ? parseToolCalls(plan, tools) : parsePlan(plan, { tools, format });
}

const summary = (tasks: readonly Task[]) => tasks.map(({ id, tool, dependencies, thought }) => ({ id, tool, dependencies, thought }));
const formats: readonly PlannerFormat[] = ['text', 'json', 'tool-calls'];

describe('the built-in plan examples', () => {
  it('show their tools exactly as the planner prompt renders tools', () => {
    PLAN_EXAMPLES.forEach((example, index) => {
      const rendered = exampleTools[index]!.map((exampleTool) => renderToolDescription(exampleTool).replace('\n', '\n  '));
      expect(example.tools.join('\n')).toBe(rendered.join('\n'));
    });
  });

  for (const format of formats) {
    for (const answerInPlan of [false, true]) {
      it(`parse cleanly in the ${format} format${answerInPlan ? ', stating their answers' : ''}, with the same tasks in every format`, () => {
        const [first, second] = PLAN_EXAMPLES.map((example, index) => {
          const result = parseExample(format, renderExamplePlan(example, format, answerInPlan), exampleTools[index]!);
          expect(result.errors).toEqual([]);
          expect(result.warnings).toEqual([]);
          expect(result.end).toBe('join');
          return result;
        });
        // No thought before the first task or the join: there it would only delay the plan.
        expect(summary(first!.tasks)).toEqual([
          { id: 1, tool: 'web_search', dependencies: [], thought: undefined },
          { id: 2, tool: 'web_search', dependencies: [], thought: undefined },
          { id: 3, tool: 'calculate', dependencies: [1, 2], thought: 'The difference needs both heights.' },
        ]);
        expect(summary(second!.tasks)).toEqual([
          { id: 1, tool: 'find_products', dependencies: [], thought: undefined },
          { id: 2, tool: 'convert_currency', dependencies: [1], thought: 'The results are sorted by price, so the first one is the cheapest.' },
        ]);
        expect(first!.thought).toBeUndefined();
        expect(second!.thought).toBeUndefined();
        // `$$` is a literal dollar, not a reference to task 20.
        expect(second!.tasks[0]!.args).toEqual({ query: 'USB-C cable under $20', sort: 'price' });
        expect(JSON.stringify(second!.tasks[1]!.args.amount)).toBe('"$1[0].price_usd"');
        if (answerInPlan) {
          expect(first!.answer).toMatchObject({ dependencies: [3] });
          expect(JSON.stringify(first!.answer!.value)).toBe(JSON.stringify(PLAN_EXAMPLES[0]!.answer));
          expect(second!.answer).toMatchObject({ dependencies: [1, 2] });
        } else {
          expect(first!.answer).toBeUndefined();
          expect(second!.answer).toBeUndefined();
        }
      });
    }
  }

  it('state their answers in the join only when the plan may', () => {
    expect(renderPlanExamples('text', true)).toContain('4. join("The Eiffel Tower is $3 meters taller than the Statue of Liberty.")<END_OF_PLAN>');
    expect(renderPlanExamples('text')).toContain('4. join()<END_OF_PLAN>');
    expect(renderPlanExamples('json', true)).toContain('{"tool": "join", "answer": "The cheapest is $1[0].name, at $2 euros."}');
    expect(renderPlanExamples('tool-calls', true)).toContain('Call 3: join {"answer": "The cheapest is $1[0].name, at $2 euros."}');
    expect(renderPlanExamples('tool-calls')).toContain('Call 3: join {}');
  });

  it('render with a note on how tool calls are written only in the tool-calls format', () => {
    expect(renderPlanExamples('tool-calls')).toContain('Each `Call N:` line stands for one tool call');
    expect(renderPlanExamples('text')).not.toContain('Call N:');
  });
});
