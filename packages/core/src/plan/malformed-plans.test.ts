// Plans as weaker models write them. Each case states exactly what the parser makes of it: the tasks
// (id, tool, error class), the warnings and errors by code, and how the plan ended.
import { describe, expect, it } from 'vitest';
import { tools } from '../../test/tools.js';
import { parsePlan } from './create-plan-parser.js';

interface Case {
  readonly name: string;
  readonly plan: string;
  /** `[id, tool, error name or undefined]` per task, in emitted order. */
  readonly tasks: readonly (readonly [number, string, string | undefined])[];
  readonly warnings?: readonly string[];
  /** Names of the errors that belong to no task. */
  readonly planErrors?: readonly string[];
  readonly end?: 'join' | 'end-of-plan' | 'eof';
  /** A fragment the first error's message must contain. */
  readonly message?: string;
  readonly args?: Readonly<Record<number, unknown>>;
}

const cases: readonly Case[] = [
  {
    name: 'missing closing parenthesis before the next task',
    plan: '1. search("a"\n2. search("b")\n3. join()',
    tasks: [[1, 'search', undefined], [2, 'search', undefined]],
    warnings: ['unclosed-call'],
    args: { 1: { query: 'a' } },
  },
  {
    name: 'missing closing parenthesis before the next task, with an argument still open',
    plan: '1. search("a\n2. search("b")\n3. join()',
    tasks: [[1, 'search', 'PlanSyntaxError'], [2, 'search', undefined]],
    message: 'expected the closing `"` of the string that opens on line 1, got a new task `2. search(` on line 2',
  },
  {
    name: 'missing closing parenthesis at the end of the plan',
    plan: '1. search("a")\n2. search("b"',
    tasks: [[1, 'search', undefined], [2, 'search', 'PlanSyntaxError']],
    warnings: ['missing-join'],
    end: 'eof',
    message: 'Task 2: the call to `search` on line 2 is not closed: expected `)` to close the call, got the end of the plan',
  },
  {
    name: 'unknown tool',
    plan: '1. google("a")\n2. search("b")\n3. join()',
    tasks: [[1, 'google', 'UnknownToolError'], [2, 'search', undefined]],
    message: 'Task 1 calls unknown tool `google`; expected one of: search, math, format_report',
  },
  {
    name: 'forward reference',
    plan: '1. math("x", [$2])\n2. search("b")\n3. join()',
    tasks: [[1, 'math', 'InvalidReferenceError'], [2, 'search', undefined]],
    message: 'Task 1 references `$2`, a task that comes after it',
  },
  {
    name: 'reference to itself',
    plan: '1. search("a")\n2. math("x", [$2])\n3. join()',
    tasks: [[1, 'search', undefined], [2, 'math', 'InvalidReferenceError']],
    message: 'Task 2 references its own result `$2`',
  },
  {
    name: 'reference to a task that does not exist (after an id gap)',
    plan: '1. search("a")\n3. math("x", [$2])\n4. join()',
    tasks: [[1, 'search', undefined], [3, 'math', 'InvalidReferenceError']],
    warnings: ['id-gap'],
    message: 'Task 3 references `$2`, but there is no task 2 (existing: 1)',
  },
  {
    name: 'duplicate id',
    plan: '1. search("a")\n1. search("b")\n2. join()',
    tasks: [[1, 'search', undefined]],
    planErrors: ['DuplicateTaskIdError'],
    message: 'Task 1 is defined twice',
  },
  {
    name: 'id gap',
    plan: '1. search("a")\n2. search("b")\n4. search("c")\n5. join()',
    tasks: [[1, 'search', undefined], [2, 'search', undefined], [4, 'search', undefined]],
    warnings: ['id-gap'],
  },
  {
    name: 'ids going back',
    plan: '2. search("a")\n1. search("b")\n3. join()',
    tasks: [[2, 'search', undefined], [1, 'search', undefined]],
    warnings: ['id-gap', 'id-gap'],
  },
  {
    name: 'unknown keyword',
    plan: '1. search(q="a")\n2. join()',
    tasks: [[1, 'search', 'InvalidArgumentsError']],
    message: 'Task 1: `search` has no argument `q`; expected one of: query',
  },
  {
    name: 'keyword given twice',
    plan: '1. search("a", query="b")\n2. join()',
    tasks: [[1, 'search', 'InvalidArgumentsError']],
    message: 'argument `query` of `search` is given twice',
  },
  {
    name: 'too many positional arguments',
    plan: '1. search("a", "b")\n2. join()',
    tasks: [[1, 'search', 'InvalidArgumentsError']],
    message: '`search` takes 1 argument (query), got 2 positional',
  },
  {
    name: 'positional after keyword',
    plan: '1. math(problem="a", [1])\n2. join()',
    tasks: [[1, 'math', 'PlanSyntaxError']],
    message: 'positional arguments come first',
  },
  {
    name: 'markdown fences around the plan',
    plan: '```\n1. search("a")\n2. join()\n```',
    tasks: [[1, 'search', undefined]],
    warnings: ['markdown-fence', 'text-after-join'],
  },
  {
    name: 'a fence with a language',
    plan: '```text\n1. search("a")\n```\n',
    tasks: [[1, 'search', undefined]],
    warnings: ['markdown-fence', 'markdown-fence', 'missing-join'],
    end: 'eof',
  },
  {
    name: 'commentary lines between tasks',
    plan: 'Sure! Here is my plan.\n1. search("a")\nThis finds a.\n2. search("b")\n3. join()',
    tasks: [[1, 'search', undefined], [2, 'search', undefined]],
    warnings: ['ignored-text', 'ignored-text'],
  },
  {
    name: 'a numbered list that is not tool calls',
    plan: '1. First, search for a.\n2. Then compare.\n1. search("a")\n2. join()',
    tasks: [[1, 'search', undefined]],
    warnings: ['ignored-text', 'ignored-text'],
  },
  {
    name: 'two joins',
    plan: '1. search("a")\n2. join()\n3. join()',
    tasks: [[1, 'search', undefined]],
    warnings: ['text-after-join'],
  },
  {
    name: 'no join',
    plan: '1. search("a")\n2. search("b")',
    tasks: [[1, 'search', undefined], [2, 'search', undefined]],
    warnings: ['missing-join'],
    end: 'eof',
  },
  {
    name: 'text after join',
    plan: '1. search("a")\n2. join()\nI hope this helps!\n3. search("c")',
    tasks: [[1, 'search', undefined]],
    warnings: ['text-after-join', 'text-after-join'],
  },
  {
    name: 'text after a call on its line',
    plan: '1. search("a") and then more\n2. join()',
    tasks: [[1, 'search', undefined]],
    warnings: ['trailing-text'],
  },
  {
    name: '$5 meant as money',
    plan: '1. search("flights that cost $5 or less")\n2. join()',
    tasks: [[1, 'search', undefined]],
    args: { 1: { query: 'flights that cost $5 or less' } },
  },
  {
    name: 'a string that is exactly "$2" naming no earlier task (after an id gap)',
    plan: '1. search("a")\n3. search("$2")\n4. join()',
    tasks: [[1, 'search', undefined], [3, 'search', undefined]],
    warnings: ['id-gap', 'literal-reference'],
    args: { 3: { query: '$2' } },
  },
  {
    name: 'a string that is exactly "$7" naming a later task',
    plan: '1. search("a")\n2. search("$7")\n3. join()',
    tasks: [[1, 'search', undefined], [2, 'search', 'InvalidReferenceError']],
    message: 'Task 2 references `$7`, a task that comes after it',
  },
  {
    name: 'a string that is exactly "$2" naming the task itself, for an unsafe tool',
    plan: '1. search("a")\n2. format_report("$2", [$1])\n3. join()',
    tasks: [[1, 'search', undefined], [2, 'format_report', 'InvalidReferenceError']],
    message: 'Task 2 references its own result `$2`',
  },
  {
    name: 'unbalanced quote before the next task',
    plan: '1. search("a)\n2. search("b")\n3. join()',
    tasks: [[1, 'search', 'PlanSyntaxError'], [2, 'search', undefined]],
    message: 'expected the closing `"` of the string that opens on line 1',
  },
  {
    name: 'unbalanced quote at the end',
    plan: "1. search('a)",
    tasks: [[1, 'search', 'PlanSyntaxError']],
    warnings: ['missing-join'],
    end: 'eof',
  },
  {
    name: 'unclosed list',
    plan: '1. math("x", [1, 2)\n2. join()',
    tasks: [[1, 'math', 'PlanSyntaxError']],
    message: 'expected `])` to close the call, got a new task `2. join(` on line 2',
  },
  {
    name: 'stray closing bracket',
    plan: '1. math("x", [1, 2]])\n2. join()',
    tasks: [[1, 'math', 'PlanSyntaxError']],
    message: 'cannot read the arguments of `math`',
  },
  {
    name: 'missing comma between arguments',
    plan: '1. math("x" [1])\n2. join()',
    tasks: [[1, 'math', 'PlanSyntaxError']],
    message: 'expected `,` or `)` after an argument, got `[1]` at column 5 of the arguments',
  },
  {
    name: 'failed dependency still links its dependents',
    plan: '1. google("a")\n2. math("x", [$1])\n3. join()',
    tasks: [[1, 'google', 'UnknownToolError'], [2, 'math', undefined]],
  },
  {
    name: 'join written without a number',
    plan: '1. search("a")\njoin()',
    tasks: [[1, 'search', undefined]],
  },
  {
    name: 'join with an answer that names no task (read, then left to the joiner)',
    plan: '1. search("a")\n2. join("done")',
    tasks: [[1, 'search', undefined]],
  },
  {
    name: 'join with arguments that state no answer',
    plan: '1. search("a")\n2. join("done", "twice")',
    tasks: [[1, 'search', undefined]],
    warnings: ['join-arguments'],
  },
  {
    name: 'join whose answer is a bare reference to no task',
    plan: '1. search("a")\n2. join($7)',
    tasks: [[1, 'search', undefined]],
    warnings: ['join-arguments'],
  },
  {
    name: 'a new plan restarting at 1 on a replan',
    plan: '1. search("a")\n2. join()',
    tasks: [],
    planErrors: ['DuplicateTaskIdError'],
    message: 'a task of an earlier round already has id 1',
  },
  {
    name: 'empty plan',
    plan: '',
    tasks: [],
    warnings: ['missing-join'],
    end: 'eof',
  },
  {
    name: 'only prose',
    plan: 'I cannot help with that.',
    tasks: [],
    warnings: ['ignored-text', 'missing-join'],
    end: 'eof',
  },
  {
    name: 'Windows line endings',
    plan: '1. search("a")\r\n2. math("b", [$1])\r\n3. join()\r\n',
    tasks: [[1, 'search', undefined], [2, 'math', undefined]],
  },
];

describe('malformed plans', () => {
  it.each(cases)('$name', (testCase) => {
    const result = parsePlan(testCase.plan, {
      tools,
      existingIds: testCase.name.startsWith('a new plan restarting') ? [1, 2] : [],
    });
    expect(result.tasks.map((task) => [task.id, task.tool, task.error?.name])).toEqual(testCase.tasks);
    expect(result.warnings.map((warning) => warning.code)).toEqual(testCase.warnings ?? []);
    const taskErrors = result.tasks.flatMap((task) => (task.error === undefined ? [] : [task.error]));
    expect(result.errors.filter((error) => !taskErrors.includes(error)).map((error) => error.name)).toEqual(
      testCase.planErrors ?? [],
    );
    expect(result.end).toBe(testCase.end ?? 'join');
    if (testCase.message !== undefined) expect(result.errors[0]?.message).toContain(testCase.message);
    for (const [id, args] of Object.entries(testCase.args ?? {})) {
      expect(JSON.parse(JSON.stringify(result.tasks.find((task) => task.id === Number(id))!.args))).toEqual(args);
    }
  });
});
