import { describe, expect, it, vi } from 'vitest';
import { tools } from '../../test/tools.js';
import { InvalidReferenceError } from '../errors/invalid-reference-error.js';
import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TooManyTasksError } from '../errors/too-many-tasks-error.js';
import { Reference } from '../graph/reference.js';
import type { Task } from '../graph/task.js';
import type { PlanEvent } from './plan-event.js';
import { collectPlan } from './create-plan-parser.js';
import type { ToolCallDelta } from './plan-parser.js';
import { ToolCallPlanParser } from './tool-call-plan-parser.js';

type Step = ToolCallDelta | string;

/** Feeds text (assistant content) and tool-call deltas in order; returns the events of each step and of `end()`. */
function feed(steps: readonly Step[], existingIds?: number[], options: { maxTasks?: number; maxNesting?: number } = {}) {
  const parser = new ToolCallPlanParser({ tools, existingIds, ...options });
  const perStep = steps.map((step) => (typeof step === 'string' ? parser.push(step) : parser.pushToolCall(step)));
  const atEnd = parser.end();
  return { perStep, atEnd, all: collectPlan([...perStep.flat(), ...atEnd]) };
}

function kinds(events: readonly PlanEvent[]): string[] {
  return events.map((event) =>
    event.type === 'task' ? `task ${event.task.id}` : event.type === 'warning' ? `warning ${event.warning.code}` : event.type,
  );
}

function taskOf(events: readonly PlanEvent[]): Task {
  const tasks = events.flatMap((event) => (event.type === 'task' ? [event.task] : []));
  expect(tasks).toHaveLength(1);
  return tasks[0]!;
}

describe('ToolCallPlanParser', () => {
  it('numbers the k-th call as task k, continuing after the ids of earlier rounds', () => {
    const { all } = feed(
      [
        { index: 0, name: 'search', arguments: '{"query": "a"}' },
        { index: 1, name: 'math', arguments: '{"problem": "p", "context": ["$3", "$1.rows"]}' },
        { index: 2, name: 'join', arguments: '{}' },
      ],
      [1, 2],
    );
    expect(all.tasks.map((task) => [task.id, task.tool, task.dependencies])).toEqual([
      [3, 'search', []],
      [4, 'math', [1, 3]],
    ]);
    expect(all.tasks[1]!.args.context).toEqual([new Reference(3, [], '$3', true), new Reference(1, ['rows'], '$1.rows', true)]);
    expect(all.warnings).toEqual([]);
    expect(all.errors).toEqual([]);
    expect(all.end).toBe('join');
  });

  it('emits a task as soon as its arguments’ JSON closes, before the next call begins', () => {
    const { perStep } = feed([
      { index: 0, name: 'search', arguments: '' },
      { index: 0, arguments: '{"query": ' },
      { index: 0, arguments: '"a } ] \\" {"' },
      { index: 0, arguments: '}' },
      { index: 1, name: 'search', arguments: '{"query": "b"}' },
    ]);
    expect(perStep.map(kinds)).toEqual([[], [], [], ['task 1'], ['task 2']]);
    expect(taskOf(perStep[3]!).args).toEqual({ query: 'a } ] " {' });
  });

  it('ignores argument deltas that arrive after the JSON closed', () => {
    const { perStep, all } = feed([
      { index: 0, name: 'search', arguments: '{"query": "a"}' },
      { index: 0, arguments: '   ' },
    ]);
    expect(perStep.map(kinds)).toEqual([['task 1'], []]);
    expect(all.errors).toEqual([]);
  });

  it('reads only up to where the arguments close, and reports text after it once, however the pieces are cut', () => {
    const whole = feed([{ index: 0, name: 'search', arguments: '{"query": "a"}, "more": 1}' }]);
    const cut = feed([
      { index: 0, name: 'search', arguments: '{"query": "a"}' },
      { index: 0, arguments: ', "mo' },
      { index: 0, arguments: 're": 1}' },
    ]);
    for (const { all } of [whole, cut]) {
      expect(all.tasks.map((task) => [task.id, task.args, task.source])).toEqual([[1, { query: 'a' }, 'search({"query": "a"})']]);
      expect(all.warnings.map((warning) => [warning.code, warning.message])).toEqual([
        ['trailing-text', 'Ignored text after the arguments of the call to `search` closed'],
        ['missing-join', 'The plan ended without a `join` call'],
      ]);
    }
  });

  it('completes a call when the next one begins', () => {
    const { perStep, all } = feed([
      { index: 0, name: 'search' },
      { index: 1, name: 'search', arguments: '{"query": "b"}' },
    ]);
    expect(perStep.map(kinds)).toEqual([[], ['task 1', 'task 2']]);
    expect(all.tasks[0]!.args).toEqual({});
    expect(all.tasks[0]!.error).toBeUndefined();
  });

  it('ends the plan at a call named `join`, whose preceding text is the last thought', () => {
    const { perStep, atEnd, all } = feed([
      { index: 0, name: 'search', arguments: '{"query": "a"}' },
      'Now I can answer.',
      { index: 1, name: 'join', arguments: '{}' },
    ]);
    expect(perStep[2]).toEqual([{ type: 'end', reason: 'join', thought: 'Now I can answer.' }]);
    expect(atEnd).toEqual([]);
    expect(all.thought).toBe('Now I can answer.');
  });

  it('ends at a `join` call without arguments when the message ends', () => {
    const { perStep, atEnd } = feed([{ index: 0, name: 'search', arguments: '{"query": "a"}' }, { index: 1, name: 'join' }]);
    expect(kinds(perStep[1]!)).toEqual([]);
    expect(atEnd).toEqual([{ type: 'end', reason: 'join', thought: undefined }]);
  });

  it('ignores calls after `join`, with a warning', () => {
    const { all } = feed([
      { index: 0, name: 'join', arguments: '{}' },
      { index: 1, name: 'search', arguments: '{"query": "late"}' },
    ]);
    expect(all.tasks).toEqual([]);
    expect(all.warnings.map((warning) => warning.code)).toEqual(['text-after-join']);
  });

  it('makes the text before a call that call’s thought', () => {
    const { all } = feed([
      'I need ',
      'the depth first.',
      { index: 0, name: 'search', arguments: '{"query": "a"}' },
      { index: 1, name: 'search', arguments: '{"query": "b"}' },
    ]);
    expect(all.tasks.map((task) => task.thought)).toEqual(['I need the depth first.', undefined]);
  });

  it('fails a call whose arguments are cut off by the end of the message, and ends with `eof`', () => {
    const { perStep, atEnd } = feed([{ index: 0, name: 'search', arguments: '{"query": "Mari' }]);
    expect(perStep[0]).toEqual([]);
    expect(kinds(atEnd)).toEqual(['task 1', 'warning missing-join', 'end']);
    const task = taskOf(atEnd);
    expect(PlanSyntaxError.isInstance(task.error)).toBe(true);
    expect(task.error).toMatchObject({ taskId: 1 });
    expect(task.error!.message).toMatch(/^Task 1: the arguments of the call to `search` are cut off/);
    expect(atEnd[2]).toEqual({ type: 'end', reason: 'eof', thought: undefined });
  });

  it('fails a call whose arguments are not valid JSON', () => {
    const { perStep } = feed([{ index: 0, name: 'search', arguments: '{"query": x}' }]);
    const task = taskOf(perStep[0]!);
    expect(PlanSyntaxError.isInstance(task.error)).toBe(true);
    expect(task.error!.message).toMatch(/^Task 1: the arguments of the call to `search` are not valid JSON: /);
  });

  it.each([
    ['a string', '"Mariana Trench"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('fails a call whose arguments are %s, saying they must be an object', (_, args) => {
    const { atEnd, all } = feed([
      { index: 0, name: 'search', arguments: args },
      { index: 0, arguments: '' },
    ]);
    const task = taskOf(atEnd);
    expect(PlanSyntaxError.isInstance(task.error)).toBe(true);
    expect(task.error!.message).toMatch(/^Task 1: the arguments of the call to `search` must be a JSON object, got /);
    expect(all.errors).toHaveLength(1);
  });

  it('maps arguments given as an array onto the input properties in order', () => {
    const { all } = feed([{ index: 0, name: 'format_report', arguments: '["Report", [1, "$1"]]' }], [1]);
    expect(all.errors).toEqual([]);
    expect(all.tasks[0]!.args).toEqual({ title: 'Report', rows: [1, new Reference(1, [], '$1', true)] });
  });

  it('lets a call reference a later call and waits for it', () => {
    const { perStep } = feed([
      { index: 0, name: 'search', arguments: '{"query": "$2"}' },
      { index: 1, name: 'search', arguments: '{"query": "b"}' },
    ]);
    expect(perStep.map(kinds)).toEqual([[], ['task 2', 'task 1']]);
  });
});

describe('ToolCallPlanParser: what the provider sends', () => {
  it('numbers calls in the order they arrive, so indexes with gaps (even 1e9) give contiguous ids at once', () => {
    const started = performance.now();
    const { all } = feed(
      [
        { index: 0, name: 'search', arguments: '{"query": "a"}' },
        { index: 5, name: 'search', arguments: '{"query": "b"}' },
        { index: 1e9, name: 'math', arguments: '{"problem": "p", "context": ["$4", "$5"]}' },
        { index: 1e9, arguments: ' ' },
        { index: 1e9 + 1, name: 'join', arguments: '{}' },
      ],
      [1, 2, 3],
    );
    expect(all.tasks.map((task) => [task.id, task.tool, task.dependencies])).toEqual([
      [4, 'search', []],
      [5, 'search', []],
      [6, 'math', [4, 5]],
    ]);
    expect(all.errors).toEqual([]);
    expect(all.end).toBe('join');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    [-1, '`-1` (number)'],
    [2.5, '`2.5` (number)'],
    [Number.NaN, '`NaN` (number)'],
    [Number.POSITIVE_INFINITY, '`Infinity` (number)'],
    [2 ** 53, '`9007199254740992` (number)'],
  ])('fails a call whose index is %s under the next id, and goes on', (index, got) => {
    const { all } = feed([
      { index: 0, name: 'search', arguments: '{"query": "a"}' },
      { index, name: 'search', arguments: '{"query": ' },
      { index, arguments: '"b"}' },
      { index: 1, name: 'search', arguments: '{"query": "c"}' },
      { index: 2, name: 'join', arguments: '{}' },
    ]);
    expect(all.tasks.map((task) => [task.id, task.error?.name])).toEqual([
      [1, undefined],
      [2, 'PlanSyntaxError'],
      [3, undefined],
    ]);
    expect(all.errors[0]!.message).toBe(`Task 2: expected the \`index\` of the call to \`search\` to be an integer from 0 up, got ${got}`);
    expect(all.end).toBe('join');
  });

  it('fails a call whose arguments nest 100,000 levels deep, naming the limit, and goes on', () => {
    const depth = 100_000;
    const { all } = feed([
      { index: 0, name: 'math', arguments: `{"problem": "p", "context": ${'['.repeat(depth)}` },
      { index: 0, arguments: `${']'.repeat(depth)}}` },
      { index: 1, name: 'search', arguments: '{"query": "b"}' },
    ]);
    expect(all.tasks.map((task) => [task.id, task.error?.name])).toEqual([
      [1, 'PlanSyntaxError'],
      [2, undefined],
    ]);
    expect(all.errors[0]!.message).toBe(
      'Task 1: the arguments of the call to `math` nest too deeply: expected at most 256 levels of lists and objects (`maxNesting`), got 100000',
    );
  });

  it('honours maxNesting', () => {
    const { all } = feed(
      [
        { index: 0, name: 'math', arguments: '{"problem": "p", "context": [[1]]}' },
        { index: 1, name: 'math', arguments: '{"problem": "p", "context": [[[1]]]}' },
      ],
      [],
      { maxNesting: 2 },
    );
    expect(all.tasks.map((task) => [task.id, task.error?.message])).toEqual([
      [1, undefined],
      [2, 'Task 2: the arguments of the call to `math` nest too deeply: expected at most 2 levels of lists and objects (`maxNesting`), got 3'],
    ]);
  });

  it('counts the calls past maxTasks without parsing their arguments, and still ends at a `join` call', () => {
    const steps: Step[] = Array.from({ length: 30 }, (_, index) => ({ index, name: 'search', arguments: `{"query": "q${index}"}` }));
    steps.push({ index: 30, name: 'join', arguments: '{}' });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const { all } = feed(steps, [], { maxTasks: 2 });
      expect(all.tasks.map((task) => task.id)).toEqual([1, 2]);
      expect(all.errors).toHaveLength(1);
      expect(TooManyTasksError.isInstance(all.errors[0])).toBe(true);
      expect(all.errors[0]).toMatchObject({ dropped: 28, taskId: 3 });
      expect(all.end).toBe('join');
      expect(parse.mock.calls.length).toBe(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('fails a call whose whole argument names its own task', () => {
    const { all } = feed([{ index: 0, name: 'search', arguments: '{"query": "$1"}' }]);
    expect(InvalidReferenceError.isInstance(all.tasks[0]!.error)).toBe(true);
    expect(all.tasks[0]!.error).toMatchObject({ reason: 'self', reference: '$1' });
  });

  it('leaves out `null` for an optional argument whose schema does not accept it, with a warning', () => {
    const { all } = feed([{ index: 0, name: 'math', arguments: '{"problem": "p", "context": null}' }]);
    expect(all.tasks[0]!.args).toEqual({ problem: 'p' });
    expect(all.warnings.map((warning) => warning.code)).toEqual(['null-dropped', 'missing-join']);
  });
});
