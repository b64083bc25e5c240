import { describe, expect, it } from 'vitest';
import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TooManyTasksError } from '../errors/too-many-tasks-error.js';
import { Reference, Template } from '../graph/reference.js';
import type { Task } from '../graph/task.js';
import { tools } from '../../test/tools.js';
import { collectPlan, createPlanParser, parsePlan } from './create-plan-parser.js';
import type { PlanEvent } from './plan-event.js';

/** A task as plain data: references as written. */
function plain(task: Task) {
  return { id: task.id, tool: task.tool, args: JSON.parse(JSON.stringify(task.args)), dependencies: task.dependencies };
}

function parse(text: string) {
  return parsePlan(text, { tools });
}

describe('the text plan grammar', () => {
  it('reads the paper-style plan of DESIGN.md', () => {
    const result = parse(
      [
        'Thought: I need both depths first.',
        '1. search("Mariana Trench")',
        '2. search(query="Puerto Rico Trench")',
        '3. math("difference in depth in meters", context=[$1, $2])',
        '4. format_report({"title": "Trenches", "rows": $3.rows})',
        '5. join()<END_OF_PLAN>',
      ].join('\n'),
    );
    expect(result.tasks.map(plain)).toEqual([
      { id: 1, tool: 'search', args: { query: 'Mariana Trench' }, dependencies: [] },
      { id: 2, tool: 'search', args: { query: 'Puerto Rico Trench' }, dependencies: [] },
      { id: 3, tool: 'math', args: { problem: 'difference in depth in meters', context: ['$1', '$2'] }, dependencies: [1, 2] },
      { id: 4, tool: 'format_report', args: { title: 'Trenches', rows: '$3.rows' }, dependencies: [3] },
    ]);
    expect(result.tasks[0]!.thought).toBe('I need both depths first.');
    expect(result.tasks[1]!.thought).toBeUndefined();
    expect(result.end).toBe('join');
    expect(result.warnings).toEqual([]);
    expect(result.errors).toEqual([]);
    const context = result.tasks[2]!.args.context as readonly unknown[];
    expect(context[0]).toBeInstanceOf(Reference);
    expect(result.tasks[3]!.args.rows).toEqual(new Reference(3, ['rows'], '$3.rows', false));
  });

  it('reads JSON and Python/JS literals, trailing commas and tuples', () => {
    const { tasks, errors } = parse(
      `1. format_report(title='It\\'s "fine"', rows=[True, False, None, true, null, -1.5e3, {'a': (1, 2,), b: "x",},],)\n2. join()`,
    );
    expect(errors).toEqual([]);
    expect(tasks[0]!.args).toEqual({
      title: `It's "fine"`,
      rows: [true, false, null, true, null, -1500, { a: [1, 2], b: 'x' }],
    });
  });

  it('reads escapes in strings', () => {
    const { tasks } = parse(String.raw`1. search("tab\tnew\nline \u00e9 \x41 back\\slash \q")`);
    expect(tasks[0]!.args.query).toBe('tab\tnew\nline é A back\\slash \\q');
  });

  it('reads arguments that span lines, with brackets and parentheses inside strings', () => {
    const text = [
      '1. format_report(',
      '    title="a (tricky) title with ) and ]",',
      '    rows=[',
      '      {"name": "x", "note": "}{"},',
      '      "line\\nbreak",',
      '    ],',
      ')',
      '2. join()',
    ].join('\n');
    const { tasks, errors } = parse(text);
    expect(errors).toEqual([]);
    expect(tasks.map(plain)).toEqual([
      {
        id: 1,
        tool: 'format_report',
        args: { title: 'a (tricky) title with ) and ]', rows: [{ name: 'x', note: '}{' }, 'line\nbreak'] },
        dependencies: [],
      },
    ]);
    expect(tasks[0]!.line).toBe(1);
  });

  it('reads references with paths: $N, ${N}, .field, [index], ["key"]', () => {
    const { tasks, errors } = parse(
      [
        '1. search("a")',
        '2. math("b", context=[$1.rows[0].name, ${1}.n, $1["odd key"], $1])',
        '3. join()',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    const context = tasks[1]!.args.context as Reference[];
    expect(context.map((reference) => [reference.id, reference.path])).toEqual([
      [1, ['rows', 0, 'name']],
      [1, ['n']],
      [1, ['odd key']],
      [1, []],
    ]);
    expect(tasks[1]!.dependencies).toEqual([1]);
  });

  it('interpolates references inside longer strings and keeps $$ and unknown ids as text', () => {
    const { tasks, warnings } = parse(
      ['1. search("a")', '2. search("compare $1 with ${1}.x; costs $5 or $$1")', '3. join()'].join('\n'),
    );
    const query = tasks[1]!.args.query;
    expect(query).toBeInstanceOf(Template);
    expect((query as Template).parts).toEqual([
      'compare ',
      new Reference(1, [], '$1', true),
      ' with ',
      new Reference(1, ['x'], '${1}.x', true),
      '; costs $5 or $1',
    ]);
    expect(tasks[1]!.dependencies).toEqual([1]);
    expect(warnings).toEqual([]);
  });

  it('gives a quoted exact reference the referenced value', () => {
    const { tasks } = parse('1. search("a")\n2. format_report("t", "$1")');
    expect(tasks[1]!.args.rows).toEqual(new Reference(1, [], '$1', true));
  });

  it('maps positional arguments onto the input schema in property order, keywords after', () => {
    const { tasks, errors } = parse('1. format_report("T", rows=[1])\n2. math("p", [1, 2])');
    expect(errors).toEqual([]);
    expect(tasks[0]!.args).toEqual({ title: 'T', rows: [1] });
    expect(tasks[1]!.args).toEqual({ problem: 'p', context: [1, 2] });
  });

  it('reads a bare argument as a string, with a warning (the paper prompts produce them)', () => {
    const { tasks, warnings } = parse('1. search(Rosetta)\n2. search(Schindler\'s List)\n3. search(Crouching Tiger, Hidden Dragon)');
    expect(tasks.map((task) => task.args.query)).toEqual(['Rosetta', "Schindler's List", 'Crouching Tiger, Hidden Dragon']);
    expect(warnings.map((warning) => [warning.code, warning.taskId])).toEqual([
      ['unquoted-argument', 1],
      ['unquoted-argument', 2],
      ['unquoted-argument', 3],
      ['missing-join', undefined],
    ]);
  });

  it('attaches several Thought lines to the next task and keeps the last thought for the joiner', () => {
    const { tasks, thought } = parse(
      ['Thought: first.', 'thought: second.', '1. search("a")', 'Thought: now I can answer.', '2. join()'].join('\n'),
    );
    expect(tasks[0]!.thought).toBe('first.\nsecond.');
    expect(thought).toBe('now I can answer.');
  });

  it('tolerates fences, blank lines and prose, as warnings', () => {
    const { tasks, warnings, end } = parse(
      ['Here is the plan:', '```', '', '1. search("a")', '', 'Then I will join.', '2. join()', '```'].join('\n'),
    );
    expect(tasks.map((task) => task.id)).toEqual([1]);
    expect(end).toBe('join');
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ['ignored-text', 1],
      ['markdown-fence', 2],
      ['ignored-text', 6],
      ['text-after-join', 8],
    ]);
  });

  it('ends at <END_OF_PLAN> without join(), and when the text runs out', () => {
    expect(parse('1. search("a")\n<END_OF_PLAN>').end).toBe('end-of-plan');
    const cut = parse('1. search("a")\n');
    expect(cut.end).toBe('eof');
    expect(cut.warnings.map((warning) => warning.code)).toEqual(['missing-join']);
  });

  it('accepts a space before the parenthesis only for a known tool', () => {
    const { tasks, warnings } = parse('1. search ("a")\n2. Search (the web) for it');
    expect(tasks.map(plain)).toEqual([{ id: 1, tool: 'search', args: { query: 'a' }, dependencies: [] }]);
    expect(warnings[0]).toMatchObject({ code: 'ignored-text', line: 2 });
  });

  it('renders the source of each call', () => {
    const { tasks } = parse('  1.  search( "a" )  # look it up\n');
    expect(tasks[0]!.source).toBe('search( "a" )');
  });
});

describe('streaming', () => {
  it('reports a task when its closing parenthesis arrives, not at the next line', () => {
    const parser = createPlanParser({ tools });
    const text = '1. search("a)")\n2. math("b", [$1])\n3. join()';
    const seen: string[] = [];
    for (let i = 0; i < text.length; i++) {
      for (const event of parser.push(text[i]!)) {
        seen.push(`${i}:${event.type === 'task' ? `task ${event.task.id}` : event.type}`);
      }
    }
    for (const event of parser.end()) seen.push(`end:${event.type}`);
    expect(seen).toEqual([`${text.indexOf(')")') + 2}:task 1`, `${text.indexOf('])') + 1}:task 2`, `${text.length - 1}:end`]);
  });

  it('does not wait for more text to recognise a task line split anywhere', () => {
    const parser = createPlanParser({ tools });
    expect(parser.push('1')).toEqual([]);
    expect(parser.push('. sea')).toEqual([]);
    expect(parser.push('rch("x"')).toEqual([]);
    expect(parser.push(')').map((event) => event.type)).toEqual(['task']);
  });

  it('continues numbering after the tasks of earlier rounds and may reference them', () => {
    const { tasks, warnings } = parsePlan('6. math("sum", [$2, $5])\n7. join()', { tools, existingIds: [1, 2, 3, 4, 5] });
    expect(tasks.map(plain)).toEqual([
      { id: 6, tool: 'math', args: { problem: 'sum', context: ['$2', '$5'] }, dependencies: [2, 5] },
    ]);
    expect(warnings).toEqual([]);
  });
});

describe('plans in the style of the paper', () => {
  it('ParallelQA: searches, a math step per branch, a final math step', () => {
    const { tasks, errors } = parse(
      [
        '1. search("Georgia population")',
        '2. search("Tennessee population")',
        '3. search("Alabama population")',
        '4. math("What is the population of Georgia in millions?", [$1])',
        '5. math("What is the population of Tennessee in millions?", [$2])',
        '6. math("What is the population of Alabama in millions?", [$3])',
        '7. math("What is the sum of the three populations?", [$4, $5, $6])',
        '8. join()<END_OF_PLAN>',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(tasks.map((task) => task.dependencies)).toEqual([[], [], [], [1], [2], [3], [4, 5, 6]]);
  });

  it('Movie recommendation: unquoted titles, all independent', () => {
    const titles = ['The Matrix', 'Star Wars Episode IV - A New Hope', "Schindler's List", 'Forrest Gump'];
    const text = `${titles.map((title, index) => `${index + 1}. search(${title})`).join('\n')}\n5. join()`;
    const { tasks, errors, warnings } = parse(text);
    expect(errors).toEqual([]);
    expect(tasks.map((task) => task.args.query)).toEqual(titles);
    expect(warnings.map((warning) => warning.code)).toEqual(titles.map(() => 'unquoted-argument'));
  });

  it('TinyAgent style: a list of references as one argument', () => {
    const { tasks } = parse('1. search("a")\n2. search("b")\n3. format_report("Contacts", [$1, $2])\n4. join()');
    expect(plain(tasks[2]!)).toEqual({
      id: 3,
      tool: 'format_report',
      args: { title: 'Contacts', rows: ['$1', '$2'] },
      dependencies: [1, 2],
    });
  });

  it('reports a call that never closes as a failed task and goes on with the next line', () => {
    const { tasks, errors } = parse('1. math("a", [1, 2\n2. search("b")\n3. join()');
    expect(tasks.map((task) => [task.id, task.error?.name])).toEqual([
      [1, 'PlanSyntaxError'],
      [2, undefined],
    ]);
    expect(PlanSyntaxError.isInstance(errors[0])).toBe(true);
    expect(errors[0]!.message).toBe(
      'Task 1: the call to `math` on line 1 is not closed: expected `])` to close the call, got a new task `2. search(` on line 2',
    );
  });
});

/** Parses `chunks` one push each; returns every event. */
function stream(chunks: Iterable<string>, options: Omit<Parameters<typeof createPlanParser>[0], 'tools'> = {}): PlanEvent[] {
  const parser = createPlanParser({ tools, ...options });
  const events: PlanEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

function chunk(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

describe('a call missing its closing parenthesis at the end of its line', () => {
  // The shape of the paper's own ParallelQA planner example, which leaves three math calls open.
  const plan = [
    '1. search("Mount Everest")',
    '2. math("height of Mount Everest in meters if halved?", ["$1"]',
    '3. search("Mount Kilimanjaro")',
    '4. math("height of Mount Kilimanjaro in meters if doubled?", ["$3"]',
    '5. search("Mont Blanc")',
    '6. math("height of Mont Blanc in meters if tripled?", ["$5"]',
    '7. math("max($2, $4, $6) - min($2, $4, $6)")',
    'Thought: I can answer the question now.',
    '8. join()<END_OF_PLAN>',
  ].join('\n');

  it('is read as closed before the next task line, with a warning, and its dependents run', () => {
    const { tasks, warnings, errors, end } = parse(plan);
    expect(errors).toEqual([]);
    expect(tasks.map((task) => [task.id, task.dependencies])).toEqual([
      [1, []],
      [2, [1]],
      [3, []],
      [4, [3]],
      [5, []],
      [6, [5]],
      [7, [2, 4, 6]],
    ]);
    expect(tasks[1]!.args.problem).toBe('height of Mount Everest in meters if halved?');
    expect(tasks[1]!.source).toBe('math("height of Mount Everest in meters if halved?", ["$1"]');
    expect(warnings.map((warning) => [warning.code, warning.taskId, warning.line])).toEqual([
      ['unclosed-call', 2, 2],
      ['unclosed-call', 4, 4],
      ['unclosed-call', 6, 6],
    ]);
    expect(warnings[0]!.message).toBe(
      'Task 2: expected `)` to close the call to `math` at the end of line 2, got a new task `3. search(` on line 3; read the call as closed there',
    );
    expect(end).toBe('join');
  });

  it('is decided when the next task line arrives, and any chunking gives the same events', () => {
    const whole = stream([plan]);
    expect(stream(plan)).toEqual(whole);
    expect(stream(chunk(plan, 7))).toEqual(whole);
    const parser = createPlanParser({ tools });
    const reportedAt: number[] = [];
    for (let i = 0; i < plan.length; i++) {
      for (const event of parser.push(plan[i]!)) if (event.type === 'task' && event.task.id === 2) reportedAt.push(i);
    }
    expect(reportedAt).toEqual([plan.indexOf('3. search(') + '3. search('.length - 1]);
  });

  it('is read as closed at the end of its last line when its arguments span lines', () => {
    const { tasks, warnings } = parse('1. format_report(\n  "Heights",\n  [1, 2]\n2. join()');
    expect(tasks.map(plain)).toEqual([{ id: 1, tool: 'format_report', args: { title: 'Heights', rows: [1, 2] }, dependencies: [] }]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Task 1: expected `)` to close the call to `format_report` at the end of line 3, got a new task `2. join(` on line 4; read the call as closed there',
    ]);
  });

  it.each([
    ['a string left open', '1. search("a\n2. search("b")', 'expected the closing `"` of the string that opens on line 1'],
    ['a list left open', '1. math("a", [1, 2\n2. search("b")', 'expected `])` to close the call'],
    ['a trailing comma', '1. math("a",\n2. search("b")', 'expected `)` to close the call'],
    ['no arguments', '1. search(\n2. search("b")', 'expected `)` to close the call'],
    ['arguments that do not parse', '1. math("a" [1]\n2. search("b")', 'expected `)` to close the call'],
  ])('stays a PlanSyntaxError when the arguments are not complete: %s', (_, text, expected) => {
    const { tasks, warnings, errors } = parse(`${text}\n3. join()`);
    expect(tasks.map((task) => [task.id, task.error?.name])).toEqual([
      [1, 'PlanSyntaxError'],
      [2, undefined],
    ]);
    expect(errors[0]!.message).toContain(`${expected}, got a new task \`2. search(\` on line 2`);
    expect(warnings).toEqual([]);
  });

  it('stays a PlanSyntaxError when the line after it is not a numbered task', () => {
    const { tasks, errors } = parse('1. search("a"\nThought: next\n2. search("b")\n3. join()');
    expect(tasks.map((task) => [task.id, task.error?.name])).toEqual([
      [1, 'PlanSyntaxError'],
      [2, undefined],
    ]);
    expect(errors[0]!.message).toBe('Task 1: the call to `search` on line 1 is not closed: expected `)` to close the call, got a `Thought:` line on line 2');
  });
});

describe('spacing', () => {
  it.each(['join ( )', 'join\t(\t)', '  join  (  )', '3. join ( )', '3 . join\t()'])(
    'ends the plan at %j after an unclosed call, whatever the chunking',
    (join) => {
      const text = `1. search("a"\n${join}\n`;
      const whole = stream([text]);
      expect(whole.at(-1)).toEqual({ type: 'end', reason: 'join', thought: undefined });
      expect(stream(text)).toEqual(whole);
    },
  );

  it('accepts spaces before the parenthesis of `join`, as of a known tool', () => {
    const { tasks, end, warnings } = parse('1. search ("a")\n2. join ( )');
    expect(tasks.map((task) => task.id)).toEqual([1]);
    expect(end).toBe('join');
    expect(warnings).toEqual([]);
  });
});

describe('maxNesting', () => {
  const message = 'Task 1: cannot read the arguments of `search`: expected at most 256 levels of nesting, got deeper at column';

  it.each([
    ['lists', (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`, 257],
    ['objects', (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, 256 * 5 + 1],
    ['tuples', (depth: number) => `${'('.repeat(depth)}1${')'.repeat(depth)}`, 257],
  ])('fails a task whose %s nest 100,000 deep, and goes on with the plan', (_, nest, column) => {
    for (const depth of [2_200, 100_000]) {
      const text = `1. search(${nest(depth)})\n2. search("b")\n3. join()`;
      const { tasks, errors, end } = parse(text);
      expect(tasks.map((task) => [task.id, task.error?.name])).toEqual([
        [1, 'PlanSyntaxError'],
        [2, undefined],
      ]);
      expect(errors.map((error) => error.message)).toEqual([`${message} ${column} of the arguments`]);
      expect(end).toBe('join');
      expect(stream(chunk(text, 64))).toEqual(stream([text]));
    }
  });

  it('fails a deep call that is never closed without listing every bracket it leaves open', () => {
    const { tasks, errors } = parse(`1. search(${'['.repeat(100_000)}\n2. search("b")\n3. join()`);
    expect(tasks.map((task) => [task.id, task.error?.name])).toEqual([
      [1, 'PlanSyntaxError'],
      [2, undefined],
    ]);
    expect(errors[0]!.message).toBe(`${message} 257 of the arguments`);
  });

  it('allows 256 levels by default, and the limit given', () => {
    expect(parse(`1. search(${'['.repeat(256)}${']'.repeat(256)})`).errors).toEqual([]);
    const { tasks, errors } = parsePlan('1. math("x", [[1]])\n2. math("y", [[[1]]])', { tools, maxNesting: 2 });
    expect(tasks.map((task) => [task.id, task.error?.name])).toEqual([
      [1, undefined],
      [2, 'PlanSyntaxError'],
    ]);
    expect(errors[0]!.message).toBe('Task 2: cannot read the arguments of `math`: expected at most 2 levels of nesting, got deeper at column 8 of the arguments');
  });
});

describe('maxTasks', () => {
  it('keeps the first tasks of a 100,000-task plan, reports the rest in one TooManyTasksError and still finds join()', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `${i + 1}. search("q${i + 1}")`);
    const { tasks, errors, end } = parsePlan(`${lines.join('\n')}\n100001. join()`, { tools, maxTasks: 10 });
    expect(tasks.map((task) => task.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(errors).toHaveLength(1);
    expect(TooManyTasksError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ dropped: 99_990, taskId: 11, line: 11 });
    expect(end).toBe('join');
  });

  it('does not read the arguments of the calls past the limit', () => {
    const text = [
      '1. search("a")',
      '2. search(Rosetta Stone)',
      `3. search(${'['.repeat(1_000)})`,
      '4. math("x" [1])',
      '5. search("open',
      '6. search("b"',
      '7. join()',
    ].join('\n');
    const whole = stream([text], { maxTasks: 1 });
    expect(whole.map((event) => event.type)).toEqual(['task', 'error', 'end']);
    expect(stream(text, { maxTasks: 1 })).toEqual(whole);
    const { errors } = collectPlan(whole);
    expect(errors[0]).toMatchObject({ dropped: 5, taskId: 2, line: 2 });
  });
});

describe('linear work whatever the chunking', () => {
  // A parser that rescans or copies its buffer on each push takes tens of seconds on these; a linear one
  // takes milliseconds. The timing is reported by the benchmark, not asserted here.
  it('parses a 1 MB single-line call pushed in 64-character chunks as it parses it whole', () => {
    const rows: string[] = [];
    let length = 0;
    for (let i = 0; length < 1_000_000; i++) {
      const row = `{"name": "row ${i}", "note": 'a \\'quoted\\' (note) with [brackets]', "n": ${i}, "ref": $1.rows[${i}]}`;
      rows.push(row);
      length += row.length + 2;
    }
    const text = `1. search("a")\n2. format_report("Rows", [${rows.join(', ')}])\n3. join()`;
    const whole = stream([text]);
    const { tasks, errors } = collectPlan(whole);
    expect(errors).toEqual([]);
    expect((tasks[1]!.args.rows as unknown[]).length).toBe(rows.length);
    expect(stream(chunk(text, 64))).toEqual(whole);
  });

  it('parses a 250,000-character argument pushed in 4-character chunks as it parses it whole', () => {
    const text = `1. search("${'a few words, '.repeat(20_000)}")\n2. join()`;
    const whole = stream([text]);
    expect(collectPlan(whole).tasks[0]!.args.query).toHaveLength(260_000);
    expect(stream(chunk(text, 4))).toEqual(whole);
  });
});
