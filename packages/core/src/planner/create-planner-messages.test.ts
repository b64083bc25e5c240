import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderToolDescription } from '../tool/render-signature.js';
import { tool } from '../tool/tool.js';
import { createPlannerMessages, type PlannerMessagesOptions } from './create-planner-messages.js';
import { END_OF_PLAN } from '../plan/end-of-plan.js';
import type { PlanRound } from './plan-round.js';
import { nextTaskId } from './render-replan.js';

const search = tool({
  name: 'search',
  description: 'Search Wikipedia for an entity; returns the first paragraph.',
  input: z.object({ query: z.string().describe('the text to search for') }),
  output: z.string(),
  sideEffects: 'none',
  execute: async ({ query }) => query,
});

const math = tool({
  name: 'math',
  description: 'Solve a math problem, optionally using context from earlier results.',
  input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
  output: z.number(),
  sideEffects: 'none',
  execute: () => 0,
});

const question = 'How much deeper is the Mariana Trench than the Puerto Rico Trench?';

const rounds: PlanRound[] = [
  {
    tasks: [
      { id: 1, tool: 'search', source: 'search("Mariana Trench")', thought: 'Both depths first.', observation: 'Depth 10,994 m.' },
      { id: 2, tool: 'search', source: 'search("Puerto Rico Trench")', observation: 'Request timed out', failed: true },
      { id: 3, tool: 'math', source: 'math("difference", context=[$1, $2])', observation: 'task 2 failed', skipped: true },
    ],
    thought: 'Then subtract.',
    feedback: 'The second search timed out; search it again.',
  },
  {
    tasks: [
      { id: 4, tool: 'search', source: 'search("Puerto Rico Trench depth")', observation: 'Depth 8,376 m.' },
      { id: 5, tool: 'math', source: 'math("difference", context=[$1, $4])', observation: '2618\n(meters)' },
    ],
    feedback: 'The difference has no unit; ask again with meters.',
  },
];

const messages = (options: Partial<PlannerMessagesOptions> = {}) =>
  createPlannerMessages({ question, tools: [search, math], format: 'text', ...options });
const system = (options: Partial<PlannerMessagesOptions> = {}) => messages(options)[0]!.content;
const user = (options: Partial<PlannerMessagesOptions> = {}) => messages(options)[1]!.content;

describe('createPlannerMessages: the system prompt', () => {
  it('gives a system message and a user message with the question', () => {
    const result = messages();
    expect(result.map(({ role }) => role)).toEqual(['system', 'user']);
    expect(result[1]!.content).toBe(`Question: ${question}`);
  });

  it('shows every tool as its signature and description, and join', () => {
    const text = system();
    expect(text).toContain(renderToolDescription(search));
    expect(text).toContain('search(query: string) -> string\nSearch Wikipedia for an entity; returns the first paragraph.\n  - query: the text to search for');
    expect(text).toContain('math(problem: string, context?: any[]) -> number');
    expect(text).toContain('join()\nEnds the plan');
  });

  it('teaches the text grammar: numbered calls, arguments, references, $$, parallelism, thoughts and the end', () => {
    const text = system();
    expect(text).toContain('`N. tool(arguments)`');
    expect(text).toContain('`name=value`');
    expect(text).toContain('True/False');
    expect(text).toContain('None');
    expect(text).toContain('write `$N` with that task\'s number');
    expect(text).toContain('`$2.name` a field of it, `$2[0]` the first item of a list');
    expect(text).toContain('Refer only to tasks with a smaller number.');
    expect(text).toContain('Write `$$` for a dollar sign that is not a reference');
    expect(text).toContain('Make the plan as parallel as possible');
    expect(text).toContain('tasks that do not need each other must not refer to each other');
    expect(text).toContain('one line `Thought: ...` just before a task');
    expect(text).toContain(`End with the task \`N. join()\` followed by ${END_OF_PLAN}`);
    expect(text).toContain('Call only the tools listed above');
    expect(text).toContain('Never make up a tool, a parameter or a result');
  });

  it('teaches the JSON plan shape for the json format', () => {
    const text = system({ format: 'json' });
    expect(text).toContain('{"tasks": [{"id": 1, "tool": "<tool>", "args": {"<parameter>": <value>}}, ..., {"tool": "join"}]}');
    expect(text).toContain('write the string `"$N"` with that task\'s id');
    expect(text).toContain('The last task is `{"tool": "join"}`');
    expect(text).toContain('"values": ["$1", "$2"]');
    expect(text).not.toContain('N. tool(arguments)');
    expect(text).not.toContain(END_OF_PLAN);
  });

  it('teaches native tool calls for the tool-calls format', () => {
    const text = system({ format: 'tool-calls' });
    expect(text).toContain('Each tool call is one task, and the order of your calls gives the tasks their numbers');
    expect(text).toContain('put the string `"$N"` in an argument');
    expect(text).toContain('End the plan by calling `join`');
    expect(text).toContain('Call 3: calculate {"task": "subtract the second height from the first", "values": ["$1", "$2"]}');
    expect(text).not.toContain(END_OF_PLAN);
  });

  it('includes the built-in examples, which use tools of their own', () => {
    const text = system();
    expect(text).toContain('Their tools are made up for the example only');
    expect(text).toContain('Example 1');
    expect(text).toContain('Example 2');
    expect(text).toContain('3. calculate("subtract the second height from the first", values=[$1, $2])');
    expect(text).toContain('2. convert_currency($1[0].price_usd, "USD", "EUR")');
  });

  it('replaces or drops the examples', () => {
    const replaced = system({ examples: 'Question: What is 2 + 2?\nPlan:\n1. math("2 + 2")\n2. join()<END_OF_PLAN>' });
    expect(replaced).toMatch(/\n\nQuestion: What is 2 \+ 2\?\nPlan:\n1\. math\("2 \+ 2"\)\n2\. join\(\)<END_OF_PLAN>$/);
    expect(replaced).not.toContain('Example 1');
    const dropped = system({ examples: false });
    expect(dropped).not.toContain('Example');
    expect(dropped).toMatch(/refer to its result\.$/);
  });

  it('appends extra instructions', () => {
    expect(system({ instructions: 'Prefer one search per entity.' })).toMatch(/\n\nAdditional instructions:\nPrefer one search per entity\.$/);
  });

  it('states a task limit when given one', () => {
    expect(system({ maxTasks: 5 })).toContain('10. Use at most 5 tasks, not counting the final join.');
    expect(system({ maxTasks: 1 })).toContain('Use at most 1 task,');
    expect(system()).not.toContain('Use at most');
    expect(system({ maxTasks: Infinity })).not.toContain('Use at most');
  });

  it('says when there are no tools', () => {
    expect(system({ tools: [] })).toContain('There are no tools to call: the plan holds only the final join.');
  });

  it('keeps the system prompt the same across questions and rounds', () => {
    expect(system({ question: 'Another question?', rounds })).toBe(system());
  });

  it('refuses an unknown format or a task limit below 1', () => {
    expect(() => messages({ format: 'yaml' as 'text' })).toThrow(
      "Expected `format` to be one of 'text', 'json', 'tool-calls', got `\"yaml\"` (string)",
    );
    expect(() => messages({ maxTasks: 0 })).toThrow(
      'Expected `maxTasks` to be an integer from 1 and up, or Infinity, got `0` (number)',
    );
    expect(() => messages({ maxTasks: 2.5 })).toThrow(InvalidOptionError);
  });
});

describe('createPlannerMessages: replanning', () => {
  it('shows each earlier task with its id, call and observation or error, and the feedback', () => {
    const text = user({ rounds });
    expect(text.startsWith(`Question: ${question}\n\nPlans for this question have already run.`)).toBe(true);
    expect(text).toContain(
      [
        'Plan 1:',
        'Thought: Both depths first.',
        '1. search("Mariana Trench")',
        '   Observation: Depth 10,994 m.',
        '2. search("Puerto Rico Trench")',
        '   Error: Request timed out',
        '3. math("difference", context=[$1, $2])',
        '   Skipped: task 2 failed',
        "The planner's last thought: Then subtract.",
        'Why a new plan is needed: The second search timed out; search it again.',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        'Plan 2:',
        '4. search("Puerto Rico Trench depth")',
        '   Observation: Depth 8,376 m.',
        '5. math("difference", context=[$1, $4])',
        '   Observation: 2618',
        '   (meters)',
        'Why a new plan is needed: The difference has no unit; ask again with meters.',
      ].join('\n'),
    );
  });

  it('continues the numbering after the largest id and allows references to earlier results', () => {
    const text = user({ rounds });
    expect(text).toContain('continue at 6, so the first new task is `6. ...`');
    expect(text).toContain('You can use any result above by its number, as in the plans ($5 for task 5)');
    expect(text).toContain('those tasks will not be run again');
    expect(text).toContain('Do not repeat tasks that worked');
  });

  it('words the continuation for each format', () => {
    expect(user({ rounds, format: 'json' })).toContain('continue at 6, so the first new task has `"id": 6`');
    expect(user({ rounds, format: 'json' })).toContain('("$5" for task 5)');
    expect(user({ rounds, format: 'tool-calls' })).toContain('continue at 6, so your first call is task 6, the next one task 7');
  });

  it('handles rounds without tasks', () => {
    const text = user({ rounds: [{ tasks: [], feedback: 'Nothing was planned.' }] });
    expect(text).toContain('Plan 1:\n(no tasks)\nWhy a new plan is needed: Nothing was planned.');
    expect(text).toContain('continue at 1');
    expect(text).not.toContain('for task 0');
  });

  it('computes the next id from every round, whatever the order of ids', () => {
    expect(nextTaskId([])).toBe(1);
    expect(nextTaskId(rounds)).toBe(6);
    expect(nextTaskId([{ tasks: [{ id: 9, tool: 'f', source: 'f()', observation: '' }, { id: 2, tool: 'f', source: 'f()', observation: '' }] }])).toBe(10);
  });
});

describe('createPlannerMessages with a conversation', () => {
  const history = [
    { role: 'user' as const, content: 'How deep is the Mariana Trench?' },
    { role: 'assistant' as const, content: 'It is 10,994 m deep.' },
  ];

  it.each(['text', 'json', 'tool-calls'] as const)('puts the earlier turns between the unchanged system message and the question (%s)', (format) => {
    const alone = createPlannerMessages({ question, tools: [search, math], format });
    const messages = createPlannerMessages({ question, history, tools: [search, math], format });
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]).toEqual(alone[0]);
    expect(messages.slice(1, 3)).toEqual(history);
    expect(messages[3]!.content).toBe(
      'The messages above are the conversation so far: the assistant\'s messages are the answers the user was given, not plans. Use them to ' +
        'understand the question (what "it" or "the other one" refers to, what was already said), and write a plan, in the format above, for ' +
        `this question:\n\n${alone[1]!.content}`,
    );
  });

  it('keeps the replan\'s rounds and numbering in the question\'s message, after the question', () => {
    const rounds: PlanRound[] = [{ tasks: [{ id: 1, tool: 'search', source: 'search("Atlantic")', observation: 'No results.', failed: true }], feedback: 'Search by name.' }];
    const messages = createPlannerMessages({ question, history, tools: [search], format: 'text', rounds });
    const last = messages.at(-1)!.content;
    expect(last.indexOf(`Question: ${question}`)).toBeLessThan(last.indexOf('Plans for this question have already run.'));
    expect(last).toContain('continue at 2, so the first new task is `2. ...`');
  });
});
