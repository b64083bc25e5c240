import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tools } from '../../test/tools.js';
import { DuplicateTaskIdError } from '../errors/duplicate-task-id-error.js';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error.js';
import { InvalidReferenceError } from '../errors/invalid-reference-error.js';
import { UnknownToolError } from '../errors/unknown-tool-error.js';
import { parseArguments } from './parse-arguments.js';
import type { PlanEvent } from './plan-event.js';
import { toToolMap } from './tool-map.js';
import { tool } from '../tool/index.js';
import { Reference, Template } from '../graph/reference.js';
import { TaskGraph } from './task-graph.js';
import type { PlanCall, Task } from '../graph/task.js';

/** A tool whose input properties are declared out of alphabetical order. */
const ordered = tool({
  name: 'ordered',
  description: 'Takes three arguments in the order c, a, b.',
  input: z.object({ c: z.string(), a: z.number(), b: z.boolean().optional() }),
  sideEffects: 'none',
  execute: async () => null,
});

/** A tool whose input accepts properties beyond those it declares. */
const open = tool({
  name: 'open',
  description: 'Takes a query and anything else.',
  input: z.looseObject({ query: z.string() }),
  sideEffects: 'none',
  execute: async () => null,
});

const toolMap = toToolMap([...tools, ordered, open]);

/** A call as a text plan would write it: `call(2, 'math', '"p", context=[$1]')` is `2. math("p", context=[$1])`. */
function call(id: number | undefined, name: string, args = '', options: { thought?: string; line?: number } = {}): PlanCall {
  const parsed = parseArguments(args);
  return {
    id,
    tool: name,
    positional: parsed.positional,
    named: parsed.named,
    thought: options.thought,
    source: `${name}(${args})`,
    line: options.line,
    syntaxError: undefined,
  };
}

function setup(options: { existingIds?: number[]; forwardReferences?: boolean } = {}) {
  let events: PlanEvent[] = [];
  const graph = new TaskGraph({ tools: toolMap, ...options }, (event) => events.push(event));
  return {
    graph,
    /** The events since the last call. */
    take(): PlanEvent[] {
      const taken = events;
      events = [];
      return taken;
    },
  };
}

function tasksOf(events: readonly PlanEvent[]): Task[] {
  return events.flatMap((event) => (event.type === 'task' ? [event.task] : []));
}

function only(events: readonly PlanEvent[]): Task {
  const tasks = tasksOf(events);
  expect(tasks).toHaveLength(1);
  return tasks[0]!;
}

/** Events as short strings: `task 2`, `warning id-gap`, `error duplicate-id`. */
function kinds(events: readonly PlanEvent[]): string[] {
  return events.map((event) => {
    switch (event.type) {
      case 'task':
        return `task ${event.task.id}`;
      case 'warning':
        return `warning ${event.warning.code}`;
      case 'error':
        return `error ${event.error.code}`;
      case 'end':
        return 'end';
    }
  });
}

describe('tools', () => {
  it('emits a task calling an unknown tool with an UnknownToolError naming the available tools', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'serch', '"x"', { line: 3 }));
    const task = only(take());
    expect(task).toMatchObject({ id: 1, tool: 'serch', args: { 0: 'x' }, line: 3 });
    expect(UnknownToolError.isInstance(task.error)).toBe(true);
    const error = task.error as UnknownToolError;
    expect(error.tool).toBe('serch');
    expect(error.availableTools).toEqual(['search', 'math', 'format_report', 'ordered', 'open']);
    expect(error.message).toBe('Task 1 calls unknown tool `serch`; expected one of: search, math, format_report, ordered, open');
    expect(error).toMatchObject({ taskId: 1, line: 3 });
  });

  it('goes on with the rest of the plan after an unknown tool', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'serch', '"x"'));
    graph.add(call(2, 'search', '"y"'));
    expect(tasksOf(take()).map((task) => [task.id, task.error?.name])).toEqual([
      [1, 'UnknownToolError'],
      [2, undefined],
    ]);
  });

  it('copies the thought, source and line of the call onto the task', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"x"', { thought: 'look it up', line: 2 }));
    expect(only(take())).toEqual({
      id: 1,
      tool: 'search',
      args: { query: 'x' },
      dependencies: [],
      thought: 'look it up',
      source: 'search("x")',
      line: 2,
      error: undefined,
    });
  });
});

describe('ids', () => {
  it('reports a repeated id as a plan-level DuplicateTaskIdError and does not add the second task', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(1, 'search', '"b"', { line: 2 }));
    const events = take();
    expect(kinds(events)).toEqual(['task 1', 'error duplicate-id']);
    const error = (events[1] as Extract<PlanEvent, { type: 'error' }>).error as DuplicateTaskIdError;
    expect(DuplicateTaskIdError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ id: 1, taskId: 1, line: 2 });
    expect(error.message).toBe(
      'Task 1 is defined twice: `search("a")` already has id 1, so `search("b")` is not added; expected id 2',
    );
    expect(graph.nextId).toBe(2);
    graph.add(call(2, 'search', '"c"'));
    expect(kinds(take())).toEqual(['task 2']);
  });

  it('warns when ids skip or go back, and still adds the task', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(3, 'search', '"b"', { line: 2 }));
    const events = take();
    expect(kinds(events)).toEqual(['task 1', 'warning id-gap', 'task 3']);
    expect(events[1]).toEqual({
      type: 'warning',
      warning: { code: 'id-gap', message: 'Expected task 2 next, got task 3', taskId: 3, line: 2 },
    });
    expect(graph.nextId).toBe(4);
    graph.add(call(2, 'search', '"c"'));
    expect(kinds(take())).toEqual(['warning id-gap', 'task 2']);
    expect(graph.nextId).toBe(4);
  });

  it('gives a call without an id the next one, with a warning', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(undefined, 'search', '"b"'));
    const events = take();
    expect(kinds(events)).toEqual(['task 1', 'warning id-assigned', 'task 2']);
    expect(tasksOf(events)[1]!.args).toEqual({ query: 'b' });
  });

  it('continues after the ids of an earlier round, may reference them and may not reuse them', () => {
    const { graph, take } = setup({ existingIds: [1, 2, 3] });
    expect(graph.nextId).toBe(4);
    graph.add(call(4, 'math', '"sum", [$2, "$3"]'));
    const task = only(take());
    expect(task.dependencies).toEqual([2, 3]);
    expect(task.args.context).toEqual([new Reference(2, [], '$2', false), new Reference(3, [], '$3', true)]);
    expect(task.error).toBeUndefined();

    graph.add(call(2, 'search', '"again"'));
    const events = take();
    expect(kinds(events)).toEqual(['error duplicate-id']);
    expect((events[0] as Extract<PlanEvent, { type: 'error' }>).error.message).toBe(
      'Task 2 is defined twice: a task of an earlier round already has id 2, so `search("again")` is not added; expected id 5',
    );
    expect(graph.nextId).toBe(5);
  });
});

describe('arguments', () => {
  it('maps positional arguments onto the input schema in property order', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'ordered', '"x", 1, true'));
    const task = only(take());
    expect(task.error).toBeUndefined();
    expect(task.args).toEqual({ c: 'x', a: 1, b: true });
    expect(Object.keys(task.args)).toEqual(['c', 'a', 'b']);
  });

  it('takes keyword arguments after positional ones, and leaves optional ones out', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'ordered', '"x", a=2'));
    graph.add(call(2, 'ordered', 'b=False, a=2, c="y"'));
    const [first, second] = tasksOf(take());
    expect(first!.args).toEqual({ c: 'x', a: 2 });
    expect(second!.args).toEqual({ b: false, a: 2, c: 'y' });
    expect([first!.error, second!.error]).toEqual([undefined, undefined]);
  });

  it('fails a call with more positional arguments than the tool takes', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a", "b"', { line: 4 }));
    const task = only(take());
    expect(InvalidArgumentsError.isInstance(task.error)).toBe(true);
    expect(task.error).toMatchObject({ taskId: 1, line: 4, code: 'invalid-arguments' });
    expect(task.error!.message).toBe('Task 1: `search` takes 1 argument (query), got 2 positional: search("a", "b")');
    expect(task.args).toEqual({ query: 'a' });
  });

  it('fails a call with a keyword the tool does not have', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', 'q="a"'));
    const task = only(take());
    expect(InvalidArgumentsError.isInstance(task.error)).toBe(true);
    expect(task.error!.message).toBe('Task 1: `search` has no argument `q`; expected one of: query');
  });

  it('accepts any keyword when the input schema allows more properties', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'open', '"a", extra=1'));
    const task = only(take());
    expect(task.error).toBeUndefined();
    expect(task.args).toEqual({ query: 'a', extra: 1 });
  });

  it('fails a call that gives a keyword twice, or positionally and by keyword', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', 'query="a", query="b"'));
    graph.add(call(2, 'search', '"a", query="b"'));
    const [first, second] = tasksOf(take());
    expect(InvalidArgumentsError.isInstance(first!.error)).toBe(true);
    expect(first!.error!.message).toBe('Task 1: argument `query` of `search` is given twice: search(query="a", query="b")');
    expect(InvalidArgumentsError.isInstance(second!.error)).toBe(true);
    expect(second!.error!.message).toBe('Task 2: argument `query` of `search` is given twice: search("a", query="b")');
  });
});

describe('references in text plans', () => {
  it('depends on each referenced earlier task once, ascending', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(2, 'search', '"b"'));
    graph.add(call(3, 'math', '"p", [$2, $1.a, "$2", "see $1"]'));
    const task = tasksOf(take())[2]!;
    expect(task.dependencies).toEqual([1, 2]);
    expect(task.error).toBeUndefined();
  });

  it('fails a bare reference to a later task with reason `forward`', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(2, 'math', '"p", [$3.x]', { line: 2 }));
    const task = tasksOf(take())[1]!;
    expect(InvalidReferenceError.isInstance(task.error)).toBe(true);
    expect(task.error).toMatchObject({ reason: 'forward', reference: '$3.x', existingIds: [1], taskId: 2, line: 2 });
    expect(task.error!.message).toBe(
      'Task 2 references `$3.x`, a task that comes after it; a task may reference only earlier tasks (existing: 1)',
    );
    expect(task.dependencies).toEqual([]);
  });

  it('fails a bare reference to the task itself with reason `self`', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(2, 'math', '"p", [$2]'));
    const task = tasksOf(take())[1]!;
    expect(task.error).toMatchObject({ reason: 'self', reference: '$2' });
    expect(task.error!.message).toBe('Task 2 references its own result `$2`; a task may reference only earlier tasks');
  });

  it('fails a bare reference to an earlier id that does not exist with reason `unknown`', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(3, 'math', '"p", [$2]'));
    const task = tasksOf(take())[1]!;
    expect(task.error).toMatchObject({ reason: 'unknown', reference: '$2', existingIds: [1] });
    expect(task.error!.message).toBe('Task 3 references `$2`, but there is no task 2 (existing: 1)');
  });

  it('keeps a quoted `"$5"` that names no earlier task as literal text, with a warning', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(7, 'search', '"$5"', { line: 2 }));
    const events = take();
    expect(kinds(events)).toEqual(['task 1', 'warning id-gap', 'warning literal-reference', 'task 7']);
    expect(events[2]).toEqual({
      type: 'warning',
      warning: {
        code: 'literal-reference',
        message: 'Task 7: the string "$5" names no task before it, so it stays text',
        taskId: 7,
        line: 2,
      },
    });
    const task = tasksOf(events)[1]!;
    expect(task.args.query).toBe('$5');
    expect(task.error).toBeUndefined();
    expect(task.dependencies).toEqual([]);
  });

  it('fails a quoted `"$N"` naming the task itself or a later one, as it fails a bare `$N`', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(2, 'search', '"$2"', { line: 2 }));
    graph.add(call(3, 'format_report', '"t", rows="$5.rows"', { line: 3 }));
    const events = take();
    expect(kinds(events)).toEqual(['task 1', 'task 2', 'task 3']);
    const [, second, third] = tasksOf(events);
    expect(InvalidReferenceError.isInstance(second!.error)).toBe(true);
    expect(second!.error).toMatchObject({ reason: 'self', reference: '$2', taskId: 2, line: 2 });
    expect(second!.error!.message).toBe('Task 2 references its own result `$2`; a task may reference only earlier tasks');
    expect(third!.error).toMatchObject({ reason: 'forward', reference: '$5.rows', existingIds: [1, 2], taskId: 3, line: 3 });
    expect(third!.error!.message).toBe(
      'Task 3 references `$5.rows`, a task that comes after it; a task may reference only earlier tasks (existing: 1, 2)',
    );
    expect(second!.args.query).toEqual(new Reference(2, [], '$2', true));
  });

  it('keeps a reference to the task itself inside a longer string as text, and does not hold the task', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"what $1 costs"'));
    const task = only(take());
    expect(task).toMatchObject({ args: { query: 'what $1 costs' }, dependencies: [], error: undefined });
  });

  it('keeps a reference inside a longer string that names no task as text', () => {
    const { graph, take } = setup();
    graph.add(call(1, 'search', '"costs $5"'));
    graph.add(call(2, 'search', '"compare $1 with $5 and $7.x"'));
    const events = take();
    expect(kinds(events)).toEqual(['task 1', 'task 2']);
    const [first, second] = tasksOf(events);
    expect(first!.args.query).toBe('costs $5');
    expect(second!.args.query).toEqual(new Template(['compare ', new Reference(1, [], '$1', true), ' with $5 and $7.x']));
    expect(second!.dependencies).toEqual([1]);
  });
});

describe('forward references in JSON plans', () => {
  it('holds a task until the tasks it references arrive, then emits in dependency order', () => {
    const { graph, take } = setup({ forwardReferences: true });
    graph.add(call(3, 'math', '"p", ["$2", "$1.rows"]'));
    graph.add(call(2, 'search', '"$1"'));
    expect(tasksOf(take())).toEqual([]);
    graph.add(call(1, 'search', '"a"'));
    const tasks = tasksOf(take());
    expect(tasks.map((task) => [task.id, task.dependencies, task.error])).toEqual([
      [1, [], undefined],
      [2, [1], undefined],
      [3, [1, 2], undefined],
    ]);
    expect(tasks[2]!.args.context).toEqual([new Reference(2, [], '$2', true), new Reference(1, ['rows'], '$1.rows', true)]);
    graph.end();
    expect(take()).toEqual([]);
  });

  it('emits a task whose references have all arrived at once', () => {
    const { graph, take } = setup({ forwardReferences: true });
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(2, 'search', '"$1"'));
    expect(tasksOf(take()).map((task) => task.id)).toEqual([1, 2]);
  });

  it('turns a reference to a task that never arrives into text at the end, and releases its dependents', () => {
    const { graph, take } = setup({ forwardReferences: true });
    graph.add(call(1, 'search', '"$7"', { line: 1 }));
    graph.add(call(2, 'math', '"p", ["$1"]'));
    expect(tasksOf(take())).toEqual([]);
    graph.end();
    const events = take();
    expect(kinds(events)).toEqual(['warning literal-reference', 'task 1', 'task 2']);
    expect(events[0]).toEqual({
      type: 'warning',
      warning: {
        code: 'literal-reference',
        message: 'Task 1: the string "$7" names no task in the plan, so it stays text',
        taskId: 1,
        line: 1,
      },
    });
    const [first, second] = tasksOf(events);
    expect(first).toMatchObject({ args: { query: '$7' }, dependencies: [], error: undefined });
    expect(second).toMatchObject({ dependencies: [1], error: undefined });
  });

  it('keeps a reference to the task itself inside a longer string as text, not a cycle', () => {
    const { graph, take } = setup({ forwardReferences: true });
    graph.add(call(1, 'search', '"what $1 costs"'));
    expect(only(take())).toMatchObject({ args: { query: 'what $1 costs' }, dependencies: [], error: undefined });
  });

  it('reports a self-reference at once with reason `self`', () => {
    const { graph, take } = setup({ forwardReferences: true });
    graph.add(call(1, 'search', '"$1"'));
    const task = only(take());
    expect(InvalidReferenceError.isInstance(task.error)).toBe(true);
    expect(task.error).toMatchObject({ reason: 'self', reference: '$1' });
  });

  it('reports tasks that wait for each other as a cycle at the end, and still emits them and their dependents', () => {
    const { graph, take } = setup({ forwardReferences: true });
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(2, 'math', '"p", ["$3", "$1"]'));
    graph.add(call(3, 'math', '"q", ["$2"]'));
    graph.add(call(4, 'math', '"r", ["$2"]'));
    expect(kinds(take())).toEqual(['task 1']);
    graph.end();
    const tasks = tasksOf(take());
    expect(tasks.map((task) => task.id)).toEqual([2, 3, 4]);
    const [second, third, fourth] = tasks;
    for (const task of [second!, third!]) {
      expect(InvalidReferenceError.isInstance(task.error)).toBe(true);
      expect(task.error).toMatchObject({ reason: 'cycle', taskId: task.id });
    }
    expect(second!.error).toMatchObject({ reference: '$3', existingIds: [1, 2, 3, 4] });
    expect(second!.error!.message).toBe('Task 2 is part of a cycle: 2 → 3 → 2; each waits for the next, so none can run');
    expect(third!.error).toMatchObject({ reference: '$2' });
    expect(third!.error!.message).toBe('Task 3 is part of a cycle: 3 → 2 → 3; each waits for the next, so none can run');
    expect(second!.dependencies).toEqual([1, 3]);
    expect(fourth!.error).toBeUndefined();
    expect(fourth!.dependencies).toEqual([2]);
  });

  it('reports a longer cycle, found from a task that only waits on it', () => {
    const { graph, take } = setup({ forwardReferences: true });
    graph.add(call(1, 'math', '"waits", ["$2"]'));
    graph.add(call(2, 'math', '"a", ["$3"]'));
    graph.add(call(3, 'math', '"b", ["$4"]'));
    graph.add(call(4, 'math', '"c", ["$2"]'));
    graph.end();
    const tasks = tasksOf(take());
    expect(tasks.map((task) => task.id).sort()).toEqual([1, 2, 3, 4]);
    expect(tasks.map((task) => [task.id, (task.error as InvalidReferenceError | undefined)?.reason])).toEqual(
      expect.arrayContaining([
        [1, undefined],
        [2, 'cycle'],
        [3, 'cycle'],
        [4, 'cycle'],
      ]),
    );
    const order = tasks.map((task) => task.id);
    expect(order.indexOf(1)).toBeGreaterThan(order.indexOf(2));
  });
});

describe('null for an optional argument', () => {
  const nulls = tool({
    name: 'nulls',
    description: 'Takes optional arguments of several kinds.',
    input: z.object({
      query: z.string(),
      limit: z.number().optional(),
      mode: z.enum(['fast', 'slow']).optional(),
      cursor: z.string().nullable().optional(),
      filter: z.unknown().optional(),
      required: z.string().nullable(),
    }),
    sideEffects: 'none',
    execute: async () => null,
  });
  const raw = tool({
    name: 'raw',
    description: 'Takes arguments described by a raw JSON Schema.',
    input: {
      type: 'object',
      properties: {
        integer: { type: 'integer' },
        union: { type: ['integer', 'null'] },
        nullable: { type: 'integer', nullable: true },
        anyOf: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        anyOfNull: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        oneOfNull: { oneOf: [{ type: 'null' }, { type: 'string' }] },
        allOf: { allOf: [{ type: 'string' }, { minLength: 1 }] },
        enum: { enum: ['a', 'b'] },
        enumNull: { enum: ['a', null] },
        const: { const: 'a' },
        constNull: { const: null },
        untyped: { description: 'anything' },
        ref: { $ref: '#/$defs/thing' },
      },
      $defs: { thing: { type: 'string' } },
    },
    sideEffects: 'none',
    execute: async () => null,
  });
  const graphOf = () => {
    let events: PlanEvent[] = [];
    const graph = new TaskGraph({ tools: toToolMap([...tools, nulls, raw]) }, (event) => events.push(event));
    return { graph, take: () => [events, (events = [])][0]! };
  };

  it('leaves out `None` for an optional argument whose schema does not accept null, with a warning', () => {
    const { graph, take } = graphOf();
    graph.add(call(1, 'nulls', 'query="x", limit=None, mode=None, cursor=None, filter=None, required=None', { line: 4 }));
    const events = take();
    expect(kinds(events)).toEqual(['warning null-dropped', 'warning null-dropped', 'task 1']);
    expect(events[0]).toEqual({
      type: 'warning',
      warning: {
        code: 'null-dropped',
        message: 'Task 1: argument `limit` of `nulls` is optional and its schema does not accept null, so `null` was left out, as if not given',
        taskId: 1,
        line: 4,
      },
    });
    const task = tasksOf(events)[0]!;
    expect(task.args).toEqual({ query: 'x', cursor: null, filter: null, required: null });
    expect(Object.hasOwn(task.args, 'limit')).toBe(false);
    expect(task.error).toBeUndefined();
  });

  it('leaves out a positional `None` too, but keeps `null` for a required argument', () => {
    const { graph, take } = graphOf();
    graph.add(call(1, 'math', '"p", None'));
    graph.add(call(2, 'search', 'None'));
    const events = take();
    expect(kinds(events)).toEqual(['warning null-dropped', 'task 1', 'task 2']);
    const [first, second] = tasksOf(events);
    expect(first!.args).toEqual({ problem: 'p' });
    expect(second!.args).toEqual({ query: null });
  });

  it('keeps a reference, which may resolve to null, and nulls nested inside a value', () => {
    const { graph, take } = graphOf();
    graph.add(call(1, 'search', '"a"'));
    graph.add(call(2, 'math', '"p", context=$1'));
    graph.add(call(3, 'math', '"p", [None]'));
    const [, second, third] = tasksOf(take());
    expect(second!.args.context).toEqual(new Reference(1, [], '$1', false));
    expect(third!.args.context).toEqual([null]);
  });

  it('reads whether a raw JSON Schema accepts null, and keeps null where it cannot tell', () => {
    const { graph, take } = graphOf();
    const names = ['integer', 'union', 'nullable', 'anyOf', 'anyOfNull', 'oneOfNull', 'allOf', 'enum', 'enumNull', 'const', 'constNull', 'untyped', 'ref'];
    graph.add(call(1, 'raw', names.map((name) => `${name}=None`).join(', ')));
    const events = take();
    const dropped = events.flatMap((event) => (event.type === 'warning' ? [/`(\w+)`/.exec(event.warning.message)![1]] : []));
    expect(dropped).toEqual(['integer', 'anyOf', 'allOf', 'enum', 'const']);
    expect(Object.keys(tasksOf(events)[0]!.args)).toEqual(['union', 'nullable', 'anyOfNull', 'oneOfNull', 'enumNull', 'constNull', 'untyped', 'ref']);
  });
});

describe('plans at scale', () => {
  /** A call with its arguments already read: `call(...)` would parse them, which these tests do not time. */
  const built = (id: number, args: readonly (readonly [string, unknown])[]): PlanCall => ({
    id,
    tool: 'search',
    positional: [],
    named: args as PlanCall['named'],
    thought: undefined,
    source: `search(${id})`,
    line: id,
    syntaxError: undefined,
  });

  it('reports a cycle of 4,000 tasks, each with the cycle as seen from it, listing the first ids only', () => {
    const { graph, take } = setup({ forwardReferences: true });
    const count = 4000;
    for (let id = 1; id <= count; id++) {
      const next = id === count ? 1 : id + 1;
      graph.add(built(id, [['query', new Reference(next, [], `$${next}`, true)]]));
    }
    expect(take()).toEqual([]);
    graph.end();
    const tasks = tasksOf(take());
    expect(tasks).toHaveLength(count);
    expect(tasks.every((task) => (task.error as InvalidReferenceError | undefined)?.reason === 'cycle')).toBe(true);
    const first = tasks.find((task) => task.id === 1)!.error as InvalidReferenceError;
    expect(first.message).toBe(
      'Task 1 is part of a cycle of 4000 tasks: 1 → 2 → 3 → 4 → 5 → 6 → 7 → 8 → 9 → 10 → 11 → 12 → … (3988 more) → 1; each waits for the next, so none can run',
    );
    expect(first).toMatchObject({ reference: '$2', existingCount: count });
    expect(first.existingIds).toHaveLength(100);
    expect(first.existingIds.slice(0, 3)).toEqual([1, 2, 3]);
    const last = tasks.find((task) => task.id === count)!.error!;
    expect(last.message).toMatch(/^Task 4000 is part of a cycle of 4000 tasks: 4000 → 1 → 2 → .* → 11 → … \(3988 more\) → 4000;/);
  });

  it('reports 4,000 references to later tasks, each error listing the first existing ids and counting them all', () => {
    const { graph, take } = setup();
    const count = 4000;
    for (let id = 1; id <= count; id++) graph.add(built(id, [['query', new Reference(id + 5, [], `$${id + 5}`, false)]]));
    const tasks = tasksOf(take());
    expect(tasks).toHaveLength(count);
    const last = tasks[count - 1]!.error as InvalidReferenceError;
    expect(last).toMatchObject({ reason: 'forward', reference: '$4005', existingCount: count - 1 });
    expect(last.existingIds).toHaveLength(100);
    expect(last.existingIds.slice(0, 3)).toEqual([1, 2, 3]);
    expect(last.message).toBe(
      'Task 4000 references `$4005`, a task that comes after it; a task may reference only earlier tasks (existing: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 3987 more)',
    );
    expect((tasks[0]!.error as InvalidReferenceError).existingIds).toEqual([]);
    expect(tasks[0]!.error!.message).toBe('Task 1 references `$6`, a task that comes after it; a task may reference only earlier tasks (existing: (none))');
  });

  it('binds and turns into text arguments nested 100,000 levels deep without overflowing the stack', () => {
    const { graph, take } = setup({ forwardReferences: true });
    let deep: unknown = new Reference(7, [], '$7', true);
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { k: deep };
    graph.add(built(1, [['query', deep]]));
    expect(take()).toEqual([]);
    graph.end();
    const events = take();
    expect(kinds(events)).toEqual(['warning literal-reference', 'task 1']);
    let value: unknown = tasksOf(events)[0]!.args.query;
    for (let i = 100_000 - 1; i >= 0; i--) value = i % 2 === 0 ? (value as unknown[])[0] : (value as { k: unknown }).k;
    expect(value).toBe('$7');
  });
});
