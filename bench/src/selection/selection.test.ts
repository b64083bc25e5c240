import { parsePlan, tool, type AnyTool, type JsonSchema } from '@llmcompiler/core';
import { describe, expect, it } from 'vitest';
import { TOOL_SPECS } from '../latency/world.js';
import { CATALOGUE } from './catalogue.js';
import { hashedEmbedding } from './hashed-embedding.js';
import { shownTools, writeShownPlan } from './oracle.js';
import { comparePlans, planNodes } from './plan-accuracy.js';
import { QUICK_QUESTIONS, buildQuestions, goldPlan, type SelectionQuestion } from './questions.js';

const tools: AnyTool[] = CATALOGUE.map((spec) => tool({ name: spec.name, description: spec.description, input: spec.parameters as unknown as JsonSchema, execute: () => null }));

describe('the catalogue', () => {
  it('has 200 tools with distinct names, the world’s search and math among them as the world defines them', () => {
    expect(CATALOGUE).toHaveLength(200);
    expect(new Set(CATALOGUE.map((spec) => spec.name)).size).toBe(200);
    for (const spec of TOOL_SPECS) expect(CATALOGUE.find((entry) => entry.name === spec.name)).toBe(spec);
  });
});

describe('the questions', () => {
  const { questions } = buildQuestions(QUICK_QUESTIONS);

  it('take the dataset questions of the latency benchmark and the 20 task questions', () => {
    expect(questions.filter((question) => question.source === 'tasks')).toHaveLength(20);
    expect(questions.filter((question) => question.source !== 'tasks')).toHaveLength(9);
  });

  it('have gold plans that parse without an error against the catalogue, every call a task of its tool', () => {
    for (const question of questions) {
      const { tasks, errors } = parsePlan(goldPlan(question), { tools });
      expect(errors, question.id).toEqual([]);
      expect(tasks.map((task) => task.tool)).toEqual(question.calls.map((call) => call.tool));
    }
  });

  it('include chains: some task questions have dependencies', () => {
    const chained = questions.filter((question) => question.source === 'tasks' && planNodes(goldPlan(question), { tools }).some((node) => node.dependencies.length > 0));
    expect(chained).toHaveLength(11);
  });
});

describe('the selection oracle', () => {
  const question: SelectionQuestion = {
    id: 'q',
    source: 'tasks',
    question: 'q',
    answer: 'a',
    calls: [
      { tool: 'files_search', call: 'files_search(query="Q3")' },
      { tool: 'files_read_document', call: 'files_read_document(file_id="$1[0].id")' },
      { tool: 'text_summarize', call: 'text_summarize(text="$2")' },
      { tool: 'email_send_message', call: 'email_send_message(to="a@b.c", subject="s", body="$3 and ${1}")' },
    ],
  };

  it('writes the gold plan when every tool is shown', () => {
    const all = new Set(question.calls.map((call) => call.tool));
    const plan = writeShownPlan(question, all);
    // References are written back as `$N`, the `${1}` included.
    expect(plan).toEqual({ text: goldPlan(question).replace('${1}', '$1'), omitted: 0 });
    expect(comparePlans(planNodes(plan.text, { tools }), planNodes(goldPlan(question), { tools })).match).toBe(true);
  });

  it('leaves out a call whose tool is not shown, renumbers the rest and cuts references to it', () => {
    const plan = writeShownPlan(question, new Set(['files_search', 'files_read_document', 'email_send_message']));
    expect(plan.omitted).toBe(1);
    expect(plan.text).toBe(
      ['1. files_search(query="Q3")', '2. files_read_document(file_id="$1[0].id")', '3. email_send_message(to="a@b.c", subject="s", body="unavailable and $1")', '4. join()'].join('\n'),
    );
    expect(comparePlans(planNodes(plan.text, { tools }), planNodes(goldPlan(question), { tools })).verdict).toBe('different-tools');
  });

  it('reads the tools a planner prompt lists, not the examples’ made-up tools or the join', () => {
    const system = [
      'You plan the work of an assistant.',
      'Tools you can call (`?` marks an optional parameter):',
      'search(query: string)\nSearches an encyclopedia.',
      'weather_get_current(location: string, units?: string)\nCurrent conditions.',
      'join(answer?: string)\nEnds the plan.',
      'How to write the plan:\n1. Write one task per line.',
      'web_search(query: string) -> string\n  Searches the web.',
    ].join('\n\n');
    expect(shownTools(system)).toEqual(['search', 'weather_get_current']);
  });
});

describe('hashedEmbedding', () => {
  it('is deterministic, and closer for texts that share words than for texts that do not', () => {
    const [forecast, forecasts, stocks] = hashedEmbedding(['weather forecast for Lisbon', 'Forecasts of the weather', 'stock price of ACME']);
    expect(hashedEmbedding(['weather forecast for Lisbon'])[0]).toEqual(forecast);
    const cosine = (a: number[], b: number[]) => a.reduce((sum, x, index) => sum + x * b[index]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    expect(cosine(forecast!, forecasts!)).toBeGreaterThan(cosine(forecast!, stocks!) + 0.3);
  });
});
