import { describe, expect, it, vi } from 'vitest';
import { tools } from '../../test/tools.js';
import { InvalidReferenceError } from '../errors/invalid-reference-error.js';
import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TooManyTasksError } from '../errors/too-many-tasks-error.js';
import { Reference, Template } from '../graph/reference.js';
import type { Task } from '../graph/task.js';
import type { PlanEvent } from './plan-event.js';
import { createPlanParser, parsePlan } from './create-plan-parser.js';

/** A task as plain data: references as written. */
function plain(task: Task) {
  return { id: task.id, tool: task.tool, args: JSON.parse(JSON.stringify(task.args)) as unknown, dependencies: task.dependencies };
}

function parse(text: string, existingIds?: number[]) {
  return parsePlan(text, { tools, format: 'json', existingIds });
}

/** Pushes `text` one character at a time; returns each event as `<index of the char that produced it>:<kind>`. */
function pushByChar(text: string): string[] {
  const parser = createPlanParser({ tools, format: 'json' });
  const seen: string[] = [];
  const describe = (event: PlanEvent): string =>
    event.type === 'task' ? `task ${event.task.id}` : event.type === 'warning' ? `warning ${event.warning.code}` : event.type;
  for (let i = 0; i < text.length; i++) for (const event of parser.push(text[i]!)) seen.push(`${i}:${describe(event)}`);
  for (const event of parser.end()) seen.push(`end:${describe(event)}`);
  return seen;
}

const TASKS = [
  '{"id": 1, "tool": "search", "args": {"query": "Mariana Trench"}}',
  '{"id": 2, "tool": "search", "args": {"query": "Puerto Rico Trench"}, "thought": "the other one"}',
  '{"id": 3, "tool": "math", "args": {"problem": "difference of $1 and $2.depth", "context": ["$1", "$2.depth"]}}',
  '{"tool": "join", "thought": "I can answer now."}',
];

const EXPECTED = [
  { id: 1, tool: 'search', args: { query: 'Mariana Trench' }, dependencies: [] },
  { id: 2, tool: 'search', args: { query: 'Puerto Rico Trench' }, dependencies: [] },
  {
    id: 3,
    tool: 'math',
    args: { problem: 'difference of $1 and $2.depth', context: ['$1', '$2.depth'] },
    dependencies: [1, 2],
  },
];

describe('the shapes of a JSON plan', () => {
  it('reads a root array of tasks', () => {
    const result = parse(`[\n  ${TASKS.join(',\n  ')}\n]`);
    expect(result.tasks.map(plain)).toEqual(EXPECTED);
    expect(result.tasks[1]!.thought).toBe('the other one');
    expect(result.tasks[0]!.thought).toBeUndefined();
    expect(result).toMatchObject({ warnings: [], errors: [], end: 'join', thought: 'I can answer now.' });
  });

  it.each(['tasks', 'plan', 'steps'])('reads an object holding the tasks under `%s`', (key) => {
    const result = parse(`{"${key}": [${TASKS.join(', ')}]}`);
    expect(result.tasks.map(plain)).toEqual(EXPECTED);
    expect(result).toMatchObject({ warnings: [], errors: [], end: 'join' });
  });

  it('reads a wrapper object whose tasks come after other keys', () => {
    const result = parse(`{"reasoning": "two searches", "meta": {"v": [1]}, "tasks": [${TASKS.join(', ')}]}`);
    expect(result.tasks.map(plain)).toEqual(EXPECTED);
    expect(result).toMatchObject({ warnings: [], errors: [], end: 'join' });
  });

  it('reads one task object per line', () => {
    const result = parse(TASKS.join('\n'));
    expect(result.tasks.map(plain)).toEqual(EXPECTED);
    expect(result).toMatchObject({ warnings: [], errors: [], end: 'join' });
  });

  it('skips a markdown fence and prose around the JSON, with warnings on their lines', () => {
    const text = ['Here is the plan:', '```json', '[', TASKS.join(',\n'), ']', '```', 'Hope this helps.'].join('\n');
    const result = parse(text);
    expect(result.tasks.map(plain)).toEqual(EXPECTED);
    expect(result.end).toBe('join');
    expect(result.warnings.map((warning) => [warning.code, warning.message, warning.line])).toEqual([
      ['ignored-text', 'Ignored text outside the JSON plan: Here is the plan:', 1],
      ['markdown-fence', 'Ignored a markdown fence: ```json', 2],
      ['markdown-fence', 'Ignored a markdown fence: ```', 9],
      ['text-after-join', 'Ignored text outside the JSON plan: Hope this helps.', 10],
    ]);
  });

  it('ends the plan at `{"tool": "join"}` with its thought', () => {
    const parser = createPlanParser({ tools, format: 'json' });
    const events = parser.push(`[${TASKS[0]}, {"tool": "join", "thought": "done"}`);
    expect(events.map((event) => event.type)).toEqual(['task', 'end']);
    expect(events[1]).toEqual({ type: 'end', reason: 'join', thought: 'done' });
    expect(parser.push(']')).toEqual([]);
    expect(parser.end()).toEqual([]);
  });

  it('ends without a join at the end of the text, with a warning', () => {
    const result = parse(TASKS[0]!);
    expect(result.tasks.map((task) => task.id)).toEqual([1]);
    expect(result.end).toBe('eof');
    expect(result.warnings.map((warning) => warning.code)).toEqual(['missing-join']);
  });
});

describe('streaming', () => {
  it('emits a task exactly when its closing brace arrives, in a root array', () => {
    const text = `[${TASKS[0]}, ${TASKS[1]}, ${TASKS[3]}]`;
    const first = text.indexOf('}}') + 1;
    const second = text.indexOf('"the other one"}') + '"the other one"}'.length - 1;
    expect(pushByChar(text)).toEqual([`${first}:task 1`, `${second}:task 2`, `${text.lastIndexOf('}')}:end`]);
  });

  it('emits a task exactly when its closing brace arrives, one object per line and in a wrapper', () => {
    const lines = `${TASKS[0]}\n${TASKS[1]}\n${TASKS[3]}`;
    const ends = [TASKS[0]!.length - 1, TASKS[0]!.length + TASKS[1]!.length, lines.length - 1];
    expect(pushByChar(lines)).toEqual([`${ends[0]}:task 1`, `${ends[1]}:task 2`, `${ends[2]}:end`]);
    const wrapped = `{"tasks": [${TASKS[0]}]}`;
    expect(pushByChar(wrapped)).toEqual([`${wrapped.length - 3}:task 1`, 'end:warning missing-join', 'end:end']);
  });

  it('is not fooled by braces, brackets and escaped quotes inside strings', () => {
    const task = String.raw`{"id": 1, "tool": "search", "args": {"query": "a}b]c{ \"quoted }\" \\"}}`;
    expect(pushByChar(task)).toEqual([`${task.length - 1}:task 1`, 'end:warning missing-join', 'end:end']);
    expect(parse(task).tasks[0]!.args).toEqual({ query: 'a}b]c{ "quoted }" \\' });
  });

  it('holds a task that references a later one until that one arrives', () => {
    const parser = createPlanParser({ tools, format: 'json' });
    const waiting = parser.push('{"id": 2, "tool": "search", "args": {"query": "$1"}}\n');
    expect(waiting.filter((event) => event.type === 'task')).toEqual([]);
    const released = parser.push('{"id": 1, "tool": "search", "args": {"query": "x"}}\n');
    expect(released.flatMap((event) => (event.type === 'task' ? [event.task.id] : []))).toEqual([1, 2]);
  });
});

describe('tasks', () => {
  it('reads strings that are exactly a reference as References, and longer ones as Templates', () => {
    const { tasks } = parse(
      '[{"id": 1, "tool": "search", "args": {"query": "x"}}, {"id": 2, "tool": "math", "args": {"problem": "$1.rows[0]", "context": ["$1", "see ${1}.a", "$$1"]}}]',
    );
    const args = tasks[1]!.args;
    expect(args.problem).toBeInstanceOf(Reference);
    expect(args.problem).toEqual(new Reference(1, ['rows', 0], '$1.rows[0]', true));
    const context = args.context as readonly unknown[];
    expect(context[0]).toEqual(new Reference(1, [], '$1', true));
    expect(context[1]).toBeInstanceOf(Template);
    expect((context[1] as Template).parts).toEqual(['see ', new Reference(1, ['a'], '${1}.a', true)]);
    expect(context[2]).toBe('$1');
  });

  it('maps `args` given as an array onto the input properties in order', () => {
    const { tasks, errors } = parse('{"id": 1, "tool": "format_report", "args": ["Report", [1, 2]]}');
    expect(errors).toEqual([]);
    expect(tasks[0]!.args).toEqual({ title: 'Report', rows: [1, 2] });
  });

  it('reads `args` given as a JSON string, and `name`/`arguments` for `tool`/`args`', () => {
    const { tasks, errors } = parse(
      [
        String.raw`{"id": 1, "tool": "search", "args": "{\"query\": \"x\"}"}`,
        '{"id": 2, "name": "search", "arguments": {"query": "y"}}',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(tasks.map(plain)).toEqual([
      { id: 1, tool: 'search', args: { query: 'x' }, dependencies: [] },
      { id: 2, tool: 'search', args: { query: 'y' }, dependencies: [] },
    ]);
  });

  it('gives a task without an id the next one, with a warning', () => {
    const { tasks, warnings } = parse('[{"tool": "search", "args": {"query": "x"}}, {"tool": "search", "args": {"query": "$1"}}]', [1, 2]);
    expect(tasks.map(plain)).toEqual([
      { id: 3, tool: 'search', args: { query: 'x' }, dependencies: [] },
      { id: 4, tool: 'search', args: { query: '$1' }, dependencies: [1] },
    ]);
    expect(warnings.map((warning) => [warning.code, warning.taskId])).toEqual([
      ['id-assigned', 3],
      ['id-assigned', 4],
      ['missing-join', undefined],
    ]);
  });

  it('tolerates single quotes, trailing commas and Python literals', () => {
    const { tasks, errors } = parse("[{'id': 1, 'tool': 'format_report', 'args': {'title': 'It\\'s', 'rows': [True, None, 'x',],},},]");
    expect(errors).toEqual([]);
    expect(tasks.map(plain)).toEqual([{ id: 1, tool: 'format_report', args: { title: "It's", rows: [true, null, 'x'] }, dependencies: [] }]);
  });

  it('is not fooled by braces inside single-quoted strings', () => {
    const { tasks, errors, warnings } = parse("{'id': 1, 'tool': 'search', 'args': {'query': 'a}b'}}");
    expect(errors).toEqual([]);
    expect(tasks.map(plain)).toEqual([{ id: 1, tool: 'search', args: { query: 'a}b' }, dependencies: [] }]);
    expect(warnings.map((warning) => warning.code)).toEqual(['missing-join']);
  });

  it('reads `$$` in a single-quoted task as one literal dollar, as in strict JSON', () => {
    const strict = parse('{"id": 1, "tool": "search", "args": {"query": "a"}}\n{"id": 2, "tool": "search", "args": {"query": "price $$1"}}');
    expect(strict.tasks[1]!.args.query).toBe('price $1');
    expect(strict.tasks[1]!.dependencies).toEqual([]);
    const lenient = parse("{'id': 1, 'tool': 'search', 'args': {'query': 'a'}}\n{'id': 2, 'tool': 'search', 'args': {'query': 'price $$1'}}");
    expect(lenient.tasks[1]!.args.query).toBe('price $1');
    expect(lenient.tasks[1]!.dependencies).toEqual([]);
  });
});

describe('errors', () => {
  it('keeps the id of a task that is not valid JSON, fails it with a PlanSyntaxError and goes on', () => {
    const { tasks, errors } = parse(
      [
        '{"id": 1, "tool": "search", "args": {"query": "a"}}',
        '{"id": 2, "tool": "search", "args": {"query": "x" "y"}}',
        '{"id": 3, "tool": "search", "args": {"query": "c"}}',
      ].join('\n'),
    );
    expect(tasks.map((task) => [task.id, task.tool, task.error?.name])).toEqual([
      [1, 'search', undefined],
      [2, 'search', 'PlanSyntaxError'],
      [3, 'search', undefined],
    ]);
    expect(PlanSyntaxError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ taskId: 2, line: 2 });
    expect(errors[0]!.message).toMatch(/^Task 2: the JSON task is not valid JSON: /);
  });

  it.each([
    ['a tool that is not a string', '{"id": 1, "tool": 5, "args": {}}', 'must name its tool in `tool` (a string), got `5` (number)'],
    ['an id that is not a positive integer', '{"id": -1, "tool": "search", "args": {}}', 'must have an `id` that is a positive integer, got `-1` (number)'],
    ['args that are neither object nor array', '{"id": 1, "tool": "search", "args": 5}', 'must have `args` that are an object or an array, got `5` (number)'],
    ['args that are a string but not JSON', '{"id": 1, "tool": "search", "args": "query=x"}', 'has `args` that are not valid JSON'],
  ])('fails a task with %s', (_, text, problem) => {
    const { tasks, errors } = parse(text);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.id).toBe(1);
    expect(PlanSyntaxError.isInstance(tasks[0]!.error)).toBe(true);
    expect(tasks[0]!.error!.message).toContain(`Task 1: the JSON task ${problem}`);
    expect(errors).toEqual([tasks[0]!.error]);
  });

  it('fails a task cut off by the end of the stream and ends with reason `eof`', () => {
    const parser = createPlanParser({ tools, format: 'json' });
    const pushed = parser.push(`[${TASKS[0]},\n {"id": 2, "tool": "search", "args": {"query": "Puerto`);
    expect(pushed.map((event) => event.type)).toEqual(['task']);
    const ended = parser.end();
    expect(ended.map((event) => event.type)).toEqual(['task', 'warning', 'end']);
    const task = (ended[0] as { task: Task }).task;
    expect(task).toMatchObject({ id: 2, tool: 'search', args: {}, line: 2 });
    expect(PlanSyntaxError.isInstance(task.error)).toBe(true);
    expect(task.error!.message).toMatch(/^Task 2: the JSON task is cut off/);
    expect(ended[1]).toMatchObject({ type: 'warning', warning: { code: 'missing-join' } });
    expect(ended[2]).toEqual({ type: 'end', reason: 'eof', thought: undefined });
  });

  it('ignores tasks after the join, with warnings', () => {
    const inArray = parse(`[${TASKS[3]}, ${TASKS[0]}]`);
    expect(inArray.tasks).toEqual([]);
    expect(inArray.end).toBe('join');
    expect(inArray.warnings.length).toBeGreaterThan(0);
    expect(inArray.warnings.every((warning) => warning.code === 'text-after-join')).toBe(true);
    expect(inArray.warnings.some((warning) => warning.message.includes('"Mariana Trench"'))).toBe(true);

    const afterwards = parse(`${TASKS[3]}\n${TASKS[0]}\n[${TASKS[1]}]`);
    expect(afterwards.tasks).toEqual([]);
    expect(afterwards.warnings.length).toBeGreaterThan(0);
    expect(afterwards.warnings.every((warning) => warning.code === 'text-after-join')).toBe(true);
  });
});

describe('limits', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

  it('fails a task nested 100,000 levels deep with a PlanSyntaxError naming the limit, and goes on', () => {
    const { tasks, errors, end } = parse(
      [`{"id": 1, "tool": "math", "args": {"problem": "p", "context": ${nested(100_000)}}}`, TASKS[1], TASKS[3]].join('\n'),
    );
    expect(tasks.map((task) => [task.id, task.tool, task.error?.name])).toEqual([
      [1, 'math', 'PlanSyntaxError'],
      [2, 'search', undefined],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ taskId: 1, line: 1 });
    expect(errors[0]!.message).toMatch(
      /^Task 1: the JSON task nests its arguments too deeply: expected at most 256 levels of lists and objects \(`maxNesting`\), got 100000: \{"id": 1/,
    );
    expect(end).toBe('join');
  });

  it('honours maxNesting, also in `args` given as a JSON string', () => {
    const { tasks } = parsePlan(
      [
        `{"id": 1, "tool": "math", "args": {"problem": "p", "context": ${nested(2)}}}`,
        `{"id": 2, "tool": "math", "args": {"problem": "p", "context": ${nested(3)}}}`,
        JSON.stringify({ id: 3, tool: 'math', args: JSON.stringify({ problem: 'p', context: JSON.parse(nested(3)) }) }),
        JSON.stringify({ id: 4, tool: 'math', args: JSON.stringify({ problem: 'p', context: JSON.parse(nested(2)) }) }),
      ].join('\n'),
      { tools, format: 'json', maxNesting: 2 },
    );
    expect(tasks.map((task) => [task.id, task.error?.message.split(':').slice(0, 3).join(':')])).toEqual([
      [1, undefined],
      [2, 'Task 2: the JSON task nests its arguments too deeply: expected at most 2 levels of lists and objects (`maxNesting`), got 3'],
      [3, 'Task 3: the JSON task nests its arguments too deeply: expected at most 2 levels of lists and objects (`maxNesting`), got 3'],
      [4, undefined],
    ]);
    expect(tasks[0]!.args.context).toEqual([[1]]);
  });

  it('reports a cycle of 4,000 tasks, each with an InvalidReferenceError', () => {
    const count = 4000;
    const items = Array.from({ length: count }, (_, i) => JSON.stringify({ id: i + 1, tool: 'search', args: { query: `$${i + 1 === count ? 1 : i + 2}` } }));
    const { tasks, errors } = parse(`[\n${items.join(',\n')},\n{"tool": "join"}\n]`);
    expect(tasks).toHaveLength(count);
    expect(errors).toHaveLength(count);
    expect(errors.every((error) => InvalidReferenceError.isInstance(error) && error.reason === 'cycle')).toBe(true);
    expect(tasks.find((task) => task.id === 2)!.error!.message).toBe(
      'Task 2 is part of a cycle of 4000 tasks: 2 → 3 → 4 → 5 → 6 → 7 → 8 → 9 → 10 → 11 → 12 → 13 → … (3988 more) → 2; each waits for the next, so none can run',
    );
  });

  it('does not parse the tasks past maxTasks, counts them, and still ends at join', () => {
    const items = Array.from({ length: 50 }, (_, i) => `{"id": ${i + 1}, "tool": "search", "args": {"query": "q${i + 1}"}}`);
    // A task past the limit that mentions join in its arguments is not the join.
    items.push('{"id": 51, "tool": "search", "args": {"name": "join"}}');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const { tasks, errors, end, thought } = parsePlan(`[${items.join(',\n')},\n{"tool": "join", "thought": "done"}]`, { tools, format: 'json', maxTasks: 2 });
      expect(tasks.map((task) => task.id)).toEqual([1, 2]);
      expect(errors).toHaveLength(1);
      expect(TooManyTasksError.isInstance(errors[0])).toBe(true);
      expect(errors[0]).toMatchObject({ dropped: 49, taskId: 3, line: 3 });
      expect([end, thought]).toEqual(['join', 'done']);
      // The two tasks kept, the task that mentions join, and the join.
      expect(parse.mock.calls.length).toBeLessThanOrEqual(4);
    } finally {
      parse.mockRestore();
    }
  });

  it('counts a task past maxTasks that names no id under the id it would have had', () => {
    const { errors } = parsePlan(`[${TASKS[0]}, {"tool": "search", "args": {"query": "x"}}, ${TASKS[3]}]`, { tools, format: 'json', maxTasks: 1 });
    expect(errors[0]).toMatchObject({ dropped: 1, taskId: 2 });
  });

  it('leaves out `null` for an optional argument whose schema does not accept it, with a warning', () => {
    const { tasks, warnings } = parse('{"id": 1, "tool": "math", "args": {"problem": "p", "context": null}}');
    expect(tasks[0]!.args).toEqual({ problem: 'p' });
    expect(warnings.map((warning) => warning.code)).toEqual(['null-dropped', 'missing-join']);
  });

  it('fails a task whose whole argument names the task itself', () => {
    const { tasks } = parse('{"id": 1, "tool": "search", "args": {"query": "$1"}}');
    expect(InvalidReferenceError.isInstance(tasks[0]!.error)).toBe(true);
    expect(tasks[0]!.error).toMatchObject({ reason: 'self', reference: '$1' });
  });
});
