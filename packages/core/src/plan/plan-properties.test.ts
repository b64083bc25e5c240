// Properties every plan parser keeps, whatever the model sends and however the stream is cut.
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tools } from '../../test/tools.js';
import { PlanError } from '../errors/plan-error.js';
import { Reference, Template, type ArgValue } from '../graph/reference.js';
import { TaskGraph } from './task-graph.js';
import type { PlanEvent } from './plan-event.js';
import { createPlanParser } from './create-plan-parser.js';

type Format = 'text' | 'json';

/** Fixed seeds keep the runs reproducible; the counterexample is printed with its seed when one fails. */
const SEED = 20_240_601;

/** An argument as data that tells references and templates apart from strings. */
function describeArg(value: ArgValue): unknown {
  if (value instanceof Reference) return { ref: value.source, id: value.id, path: value.path, quoted: value.quoted };
  if (value instanceof Template) return { template: value.parts.map((part) => (typeof part === 'string' ? part : describeArg(part))) };
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(describeArg);
  return Object.fromEntries(Object.entries(value as { readonly [key: string]: ArgValue }).map(([key, item]) => [key, describeArg(item)]));
}

/** Events as comparable data. */
function normalize(events: readonly PlanEvent[]): unknown[] {
  return events.map((event) => {
    switch (event.type) {
      case 'task': {
        const { id, tool, args, dependencies, thought, source, line, error } = event.task;
        return {
          task: JSON.stringify({ id, tool, args: describeArg(args), dependencies, thought, source, line, error: error?.message }),
        };
      }
      case 'warning':
        return { warning: event.warning };
      case 'error':
        return { error: event.error.message };
      case 'end':
        return {
          end: event.reason,
          thought: event.thought,
          answer: event.answer === undefined ? undefined : { ...event.answer, value: describeArg(event.answer.value) },
        };
    }
  });
}

/** How many more calls the parser under test may add to its task graph. */
let addBudget = Number.POSITIVE_INFINITY;

// Each call in the text reaches the task graph once, so a parse adds at most one call per character. A parser
// that adds more is looping: failing then beats hanging the whole suite until the heap runs out.
beforeEach(() => {
  const add = TaskGraph.prototype.add;
  vi.spyOn(TaskGraph.prototype, 'add').mockImplementation(function (this: TaskGraph, call) {
    addBudget--;
    if (addBudget < 0) throw new Error('The parser added more calls to its task graph than the text has characters: it loops');
    add.call(this, call);
  });
});

function parseChunks(chunks: readonly string[], format: Format): PlanEvent[] {
  addBudget = chunks.reduce((length, chunk) => length + chunk.length, 1);
  const parser = createPlanParser({ tools, format });
  const events = chunks.flatMap((chunk) => parser.push(chunk));
  return [...events, ...parser.end()];
}

/** Cuts `text` at the given points (taken modulo its length + 1; repeats give empty chunks). */
function cut(text: string, points: readonly number[]): string[] {
  const at = points.map((point) => point % (text.length + 1)).sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const point of at) {
    chunks.push(text.slice(start, point));
    start = point;
  }
  chunks.push(text.slice(start));
  return chunks;
}

const splitPoints = fc.array(fc.nat({ max: 10_000 }), { maxLength: 24 });

const TEXT_PLANS: readonly (readonly [string, string])[] = [
  [
    'the plan of DESIGN.md',
    [
      'Thought: I need both depths first.',
      '1. search("Mariana Trench")',
      '2. search(query="Puerto Rico Trench")',
      '3. math("difference in depth in meters", context=[$1, $2])',
      '4. format_report({"title": "Trenches", "rows": $3.rows})',
      '5. join()<END_OF_PLAN>',
    ].join('\n'),
  ],
  [
    'multi-line arguments, tricky strings, paths, thoughts and prose',
    [
      'Thought: gather facts first.',
      'thought: and then some.',
      '1. search(',
      '  "a (tricky) \\"quoted\\" ) string"',
      ')',
      "2. format_report(title='It\\'s ) here', rows=[",
      `  {"k": $1.rows[0], "n": \${1}["a b"], 'q': "}{)("},`,
      '  "costs $5 and $$1 and $1",',
      "  'tab\\tnew\\nline \\u00e9',",
      '])',
      'Some prose here (with parens).',
      '3. math("x", context=[$1, $2.items[3]])  # a comment',
      "4. search(Schindler's List) trailing words",
      'Thought: done now',
      '5. join()',
      '<END_OF_PLAN>',
    ].join('\n'),
  ],
  [
    'a fence, an unterminated call, an unknown tool, a repeated id and bad references',
    [
      '```text',
      '1. search("unterminated',
      '2. search("b")',
      '4. serch("c")',
      '4. search("dup")',
      '5. math(problem="p", context=[$2, $9, "$7"])',
      '6. format_report("t", [1, 2,',
      '```',
    ].join('\n'),
  ],
  ['CRLF line ends', '1. search("a")\r\nThought: next\r\n2. math("b", [$1])\r\n3. join()\r\n'],
  [
    "calls left open at the end of their line (the paper's ParallelQA example), a spaced join",
    ['1. search("a")', '2. math("b", ["$1"]', "3. search('c')", '4. math("d", [$3]', '5. math("e", [$2, $4])', 'Thought: done', '6 . join ( )<END_OF_PLAN>'].join('\n'),
  ],
  ['arguments nested too deep', `1. search("a")\n2. math("b", ${'['.repeat(300)}$1${']'.repeat(300)})\n3. search(${'{"k": '.repeat(300)}\n4. join()`],
  ['text after join', '1. search("a")\n2. join("x")\nmore text\n3. search("b")\n'],
  ['an answer stated in the join', '1. search("a")\n2. math("b", [$1])\n3. join("The (answer) is \\"$2\\", about $1.rows[0], costs $$5 or $7")<END_OF_PLAN>'],
  ['an answer that is a bare reference, with a thought', '1. search("a")\nThought: done\n2. join(answer=$1)'],
];

const JSON_PLANS: readonly (readonly [string, string])[] = [
  [
    'a fenced root array with prose, thoughts and references with paths',
    [
      'Here is the plan:',
      '```json',
      '[',
      '  {"id": 1, "tool": "search", "args": {"query": "a } \\" ] {"}, "thought": "first"},',
      '  {"id": 2, "tool": "math", "args": {"problem": "of $1.rows[0] and $$1", "context": ["$1", "${1}[\\"a b\\"]"]}},',
      '  {"id": 3, "tool": "format_report", "args": ["T", ["$2", 1.5e3, true, null]]},',
      '  {"tool": "join", "thought": "done", "answer": "It is $3 ($$3, $9)."}',
      ']',
      '```',
      'Thanks!',
    ].join('\n'),
  ],
  [
    'one object per line: forward references, args as a string, a missing id, single quotes, a cut-off task',
    [
      '{"id": 2, "tool": "search", "args": {"query": "$1"}}',
      '{"id": 1, "tool": "search", "args": "{\\"query\\": \\"x\\"}"}',
      '{"tool": "search", "args": {"query": "no id"}}',
      "{'id': 4, 'tool': 'math', 'args': {'problem': 'p', 'context': ['$3', True, None,],},}",
      '{"id": 5, "tool": "search", "args": {"query": "cut',
    ].join('\n'),
  ],
  [
    'a wrapper with an invalid task, a cycle, a join and text after it',
    [
      '{"thought": "plan", "tasks": [',
      '  {"id": 1, "tool": "search", "args": {"query": "x" "y"}},',
      '  {"id": 2, "tool": "math", "args": {"problem": "$3"}},',
      '  {"id": 3, "tool": "math", "args": {"problem": "$2"}},',
      '  {"id": 4, "tool": "serch", "args": {}},',
      '  {"tool": "join"},',
      '  {"id": 5, "tool": "search", "args": {"query": "late"}}',
      ']}',
      'trailing words',
    ].join('\n'),
  ],
];

const PLANS: readonly (readonly [Format, string, string])[] = [
  ...TEXT_PLANS.map(([name, text]) => ['text', name, text] as const),
  ...JSON_PLANS.map(([name, text]) => ['json', name, text] as const),
];

describe('any chunking of a plan gives the events of the whole text', () => {
  it.each(PLANS)('%s: %s', (format, _, text) => {
    const whole = normalize(parseChunks([text], format));
    expect(whole.filter((event) => 'task' in (event as object)).length).toBeGreaterThan(0);
    expect(normalize(parseChunks([...text], format))).toEqual(whole);
    fc.assert(
      fc.property(splitPoints, (points) => {
        expect(normalize(parseChunks(cut(text, points), format))).toEqual(whole);
      }),
      { numRuns: 150, seed: SEED },
    );
  });
});

/** Spaces and tabs, or nothing. */
const space = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 3 }).map((spaces) => spaces.join(''));

/**
 * Text plans written with spaces and tabs wherever a model may put them: around the id's dot, between a tool
 * name and `(`, inside `join ( )`, around `=` and `,`, before `<END_OF_PLAN>`; calls left open at the end of
 * their line; `join()` numbered or bare, or missing; CRLF or LF line ends.
 */
const spacedPlans = fc
  .record({
    s: fc.array(space, { minLength: 24, maxLength: 24 }),
    firstOpen: fc.boolean(),
    secondOpen: fc.boolean(),
    thought: fc.boolean(),
    join: fc.constantFrom('bare', 'numbered', 'none'),
    endOfPlan: fc.constantFrom('same line', 'next line', 'none'),
    newline: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ s, firstOpen, secondOpen, thought, join, endOfPlan, newline }) => {
    const w = (i: number) => s[i]!;
    const lines = [
      `${w(0)}1${w(1)}.${w(2)}search${w(3)}(${w(4)}"a b"${w(5)}${firstOpen ? '' : ')'}`,
      `${w(6)}2${w(7)}.${w(8)}math${w(9)}(${w(10)}"p"${w(11)},${w(12)}context${w(13)}=${w(14)}[$1${w(15)},${w(16)}2]${secondOpen ? '' : ')'}`,
    ];
    if (thought) lines.push(`${w(17)}Thought${w(18)}:${w(19)}done`);
    const marker = `${w(23)}<END_OF_PLAN>`;
    let last = join === 'bare' ? `${w(20)}join${w(21)}(${w(22)})` : join === 'numbered' ? `${w(20)}3${w(21)}.${w(22)}join${w(21)}(${w(20)})` : '';
    if (endOfPlan === 'same line') last += marker;
    if (last !== '') lines.push(last);
    if (endOfPlan === 'next line') lines.push(marker);
    // A call left open is read as closed only before a numbered task line.
    const secondFails = secondOpen && (thought || join !== 'numbered');
    return { text: lines.join(newline), secondFails };
  });

describe('spacing: any chunking of a spaced text plan gives the events of the whole text', () => {
  it.each([
    ['a spaced bare join after an unclosed call', '1. search("a"\n join ( )\n'],
    ['a tabbed numbered join after an unclosed call', '1. search("a"\n2 .\tjoin\t(\t)\t<END_OF_PLAN>'],
    ['a spaced end of plan after an unclosed call', '1. math("a", context = [1 , 2]\n \t<END_OF_PLAN>'],
  ])('%s', (_, text) => {
    const whole = normalize(parseChunks([text], 'text'));
    expect(normalize(parseChunks([...text], 'text'))).toEqual(whole);
  });

  it('whole, character by character and cut at random, with spaces and tabs anywhere a model puts them', () => {
    fc.assert(
      fc.property(spacedPlans, splitPoints, ({ text }, points) => {
        const whole = normalize(parseChunks([text], 'text'));
        expect(whole.filter((event) => 'task' in (event as object)).length).toBeGreaterThan(0);
        expect(normalize(parseChunks([...text], 'text'))).toEqual(whole);
        expect(normalize(parseChunks(cut(text, points), 'text'))).toEqual(whole);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('reads the spaced plans as their unspaced form: the same tasks, and join() or <END_OF_PLAN> ends them', () => {
    fc.assert(
      fc.property(spacedPlans, ({ text, secondFails }) => {
        const events = parseChunks([text], 'text');
        const tasks = events.flatMap((event) => (event.type === 'task' ? [event.task] : []));
        expect(tasks.map((task) => [task.id, task.tool, task.error?.name])).toEqual([
          [1, 'search', undefined],
          [2, 'math', secondFails ? 'PlanSyntaxError' : undefined],
        ]);
        if (!secondFails) {
          expect(describeArg(tasks[1]!.args)).toEqual({ problem: 'p', context: [{ ref: '$1', id: 1, path: [], quoted: false }, 2] });
        }
        const end = events.find((event) => event.type === 'end');
        const joined = /join/.test(text);
        expect(end).toMatchObject({ reason: joined ? 'join' : text.includes('<END_OF_PLAN>') ? 'end-of-plan' : 'eof' });
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

/** Plan-ish tokens, so that random strings hit the parsers' interesting states. */
const TOKENS = [
  '1.', '2. ', '3.', '12. ', 'search(', 'math(', 'join()', 'serch(', 'Thought: ', 'thought:', '<END_OF_PLAN>', '```', '```json',
  '"', "'", '\\', '$1', '${2}', '$$', '$', '.a', '[0]', '["k"]', '(', ')', '[', ']', '{', '}', ',', ':', '=', 'query=',
  ' ', ' (', 'join ( )', '\n', '\r\n', '\t', 'x', 'True', 'None', '-1.5e3', '"$1"', '{"id": 1, ', '"tool": "search", ', '"args": {"query": "a"}}',
  '{"tool": "join"}', '"tool": ', '"id": ', '"tasks": [', 'é', '😀',
];

const tokenString = (maxLength: number) => fc.array(fc.constantFrom(...TOKENS), { maxLength }).map((tokens) => tokens.join(''));

/** Lines that start like tasks (`3. search(`), then anything, closed or not. */
const planLikeLines = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('search', 'math', 'serch', 'join'), tokenString(6), fc.constantFrom(')', ''))
        .map(([id, name, args, close]) => `${id}. ${name}(${args}${close}`),
      tokenString(4),
    ),
    { maxLength: 6 },
  )
  .map((lines) => lines.join('\n'));

const arbitraryTexts: readonly (readonly [string, fc.Arbitrary<string>])[] = [
  ['ascii strings', fc.string({ maxLength: 80 })],
  ['full unicode strings', fc.string({ unit: 'binary', maxLength: 80 })],
  ['strings of plan-ish tokens', tokenString(40)],
  ['plan-like lines', planLikeLines],
];

describe.each(['text', 'json'] as const)('the %s parser on arbitrary input', (format) => {
  it.each([
    ['1. join(\n2. search("a")', 'a `join(` left open'],
    ['[{"tool": "join"', 'a join object cut off'],
    ['1. join()\n2. search("a")\n{"tool": "join"}\n{"id": 3, "tool": "search", "args": {}}', 'two joins'],
  ])('reports only warnings after the end: %j (%s)', (text) => {
    const events = parseChunks([text], format);
    const after = events.slice(events.findIndex((event) => event.type === 'end') + 1);
    expect(after.filter((event) => event.type !== 'warning')).toEqual([]);
  });

  it.each(['1. search("a', '1.search(', "1. search('a)", '1. math("x", [1,', 'x\n2. search(\n'])(
    'finishes a plan that ends inside a call: %j',
    (text) => {
      const events = parseChunks([text], format);
      expect(events.filter((event) => event.type === 'end')).toEqual([{ type: 'end', reason: 'eof', thought: undefined }]);
    },
  );

  it.each(arbitraryTexts)('never throws, ends with exactly one end event and reports only PlanErrors: %s', (_, texts) => {
    fc.assert(
      fc.property(texts, splitPoints, (text, points) => {
        const events = parseChunks(cut(text, points), format);
        expect(events.filter((event) => event.type === 'end')).toHaveLength(1);
        // Text after `join` can only be reported once it arrives, after the end: as warnings, nothing else.
        const after = events.slice(events.findIndex((event) => event.type === 'end') + 1);
        expect(after.filter((event) => event.type !== 'warning')).toEqual([]);
        for (const event of events) {
          if (event.type === 'error') expect(PlanError.isInstance(event.error)).toBe(true);
          if (event.type === 'task' && event.task.error !== undefined) expect(PlanError.isInstance(event.task.error)).toBe(true);
        }
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('gives the same events for any chunking of plan-ish strings', () => {
    fc.assert(
      fc.property(fc.oneof(tokenString(40), planLikeLines), splitPoints, (text, points) => {
        expect(normalize(parseChunks(cut(text, points), format))).toEqual(normalize(parseChunks([text], format)));
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
