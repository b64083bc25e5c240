// Mutated plans against the plan parsers: whatever the model sends and however the stream is cut, parsing
// never throws, every chunking yields the same events, and each call's cost is measured. The unit test runs
// 10,000 cases; `npm run fuzz -w @llmcompiler/bench` runs 100,000 and reports the slowest call.
import fc from 'fast-check';
import {
  createPlanParser,
  LLMCompilerError,
  Reference,
  Template,
  tool,
  type ArgValue,
  type PlanEvent,
  type PlanParser,
  type ToolCallDelta,
} from '@llmcompiler/core';
import { z } from 'zod';

export type FuzzFormat = 'text' | 'json' | 'tool-calls';

const search = tool({
  name: 'search',
  description: 'Search for an entity.',
  input: z.object({ query: z.string() }),
  sideEffects: 'none',
  execute: ({ query }) => query,
});
const math = tool({
  name: 'math',
  description: 'Solve a problem using context.',
  input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
  sideEffects: 'none',
  execute: () => 0,
});
const notify = tool({
  name: 'notify',
  description: 'Send a message.',
  input: z.object({ to: z.string(), text: z.string().optional() }),
  execute: () => 'sent',
});
export const fuzzTools = [search, math, notify];

/** Plans as models write them, the seeds every mutation starts from. */
export const seedPlans: Readonly<Record<Exclude<FuzzFormat, 'tool-calls'>, readonly string[]>> = {
  text: [
    'Thought: I need both depths first.\n1. search("Mariana Trench")\n2. search(query="Puerto Rico Trench")\n3. math("difference in depth", context=[$1, $2])\n4. join()<END_OF_PLAN>',
    '```\n1. search(Rosetta Stone)\n2. math("2 + 2", [$1.rows[0], ${1}.a.b, "costs $5", $$])\n3. notify(to="me", text=None)\njoin ( )\n```',
    '1. search("a"\n2. search(\'b\', )\n3. math("x", context=(1, 2, True, False, None, {"k": [1, {"x": $2}]}))\nThought: done\n4. join()',
    '1. search("multi\nline \\"quoted\\" string")\n2. math(problem="p", context=[\n  $1,\n  {"nested": [[[]]]}\n])\n3. join()',
  ],
  json: [
    '[{"id": 1, "tool": "search", "args": {"query": "Mariana Trench"}, "thought": "Depths first."}, {"id": 2, "tool": "search", "args": {"query": "Puerto Rico Trench"}}, {"id": 3, "tool": "math", "args": {"problem": "difference", "context": ["$1", "$2"]}}, {"tool": "join"}]',
    '```json\n{"tasks": [{"id": 2, "tool": "math", "args": {"problem": "p", "context": ["$1.rows[0]"]}}, {"id": 1, "tool": "search", "args": {"query": "x"}}, {"tool": "join"}]}\n```',
    '{"id": 1, "tool": "notify", "args": {"to": "$2", "text": null}}\n{"id": 2, "tool": "notify", "args": {"to": "$1"}}\n{"tool": "join"}',
  ],
};

/** Fragments a mutation inserts: the characters and words that steer the parsers' states. */
const fragments = [
  '(', ')', '"', "'", '[', ']', '{', '}', ',', ':', '=', '\n', '\\', '$', '$1', '$2.rows[0]', '${3}.a', '$$', '$99',
  'join()', 'join ( )', '<END_OF_PLAN>', 'Thought: ', '1. ', '2. search(', '3. math(', '4. notify(', 'None', 'True', 'null',
  '```', '```json\n', '{"id": 5, "tool": "search", "args": {"query": "q"}}', '{"tool": "join"}', '"tasks": [', '\t', ' ', '\u00e9', '\ud83d\ude00',
];

/** Rarely, something large: deep nesting, a long string, many tasks. */
const bigFragments = [
  `[${'['.repeat(3_000)}${']'.repeat(3_000)}]`,
  '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000),
  `"${'x'.repeat(20_000)}"`,
  Array.from({ length: 300 }, (_, i) => `${i + 10}. search("q${i}")`).join('\n'),
  '['.repeat(3_000),
];

export type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly fragment: number }
  | { readonly kind: 'insert-big'; readonly at: number; readonly fragment: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), fragment: fc.nat({ max: fragments.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert-big' as const), at: fc.nat(), fragment: fc.nat({ max: bigFragments.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

/** Applies mutations in order; positions are taken modulo the text's length. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const change of mutations) {
    const at = change.at % (result.length + 1);
    switch (change.kind) {
      case 'insert':
        result = result.slice(0, at) + fragments[change.fragment]! + result.slice(at);
        break;
      case 'insert-big':
        result = result.slice(0, at) + bigFragments[change.fragment]! + result.slice(at);
        break;
      case 'delete':
        result = result.slice(0, at) + result.slice(at + change.length);
        break;
      case 'duplicate':
        result = result.slice(0, at + change.length) + result.slice(at, at + change.length) + result.slice(at + change.length);
        break;
      case 'truncate':
        result = result.slice(0, at);
        break;
    }
  }
  return result;
}

/** Cuts `text` at the given points (modulo its length + 1). */
export function cut(text: string, points: readonly number[]): string[] {
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

function describeArg(value: ArgValue): unknown {
  if (value instanceof Reference) return { ref: value.source, id: value.id, path: value.path, quoted: value.quoted };
  if (value instanceof Template) return { template: value.parts.map((part) => (typeof part === 'string' ? part : describeArg(part))) };
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(describeArg);
  return Object.fromEntries(Object.entries(value as { readonly [key: string]: ArgValue }).map(([key, item]) => [key, describeArg(item)]));
}

/** Events as comparable text. */
export function normalize(events: readonly PlanEvent[]): string {
  return JSON.stringify(
    events.map((event) => {
      switch (event.type) {
        case 'task': {
          const { id, tool: name, args, dependencies, thought, source, line, error } = event.task;
          return { id, tool: name, args: describeArg(args), dependencies, thought, source, line, error: error && [error.name, error.message] };
        }
        case 'warning':
          return { warning: event.warning };
        case 'error':
          return { error: [event.error.name, event.error.message] };
        case 'end':
          return { end: event.reason, thought: event.thought };
      }
    }),
  );
}

/** What one parse did: its events and its slowest single call (push, pushToolCall or end). */
export interface ParseOutcome {
  readonly events: string;
  readonly slowestCallMs: number;
}

/**
 * Feeds a parser piece by piece, then ends it: its events, and its slowest single call. Throws what the
 * parser threw, so the caller can tell typed errors from bugs.
 */
function feed<T>(format: FuzzFormat, pieces: readonly T[], push: (parser: PlanParser, piece: T) => readonly PlanEvent[]): ParseOutcome {
  const parser = createPlanParser({ tools: fuzzTools, format, maxTasks: 200 });
  const events: PlanEvent[] = [];
  let slowest = 0;
  const timed = (call: () => readonly PlanEvent[]): void => {
    const start = performance.now();
    const pushed = call();
    slowest = Math.max(slowest, performance.now() - start);
    for (const event of pushed) events.push(event);
  };
  for (const piece of pieces) timed(() => push(parser, piece));
  timed(() => parser.end());
  return { events: normalize(events), slowestCallMs: slowest };
}

/** Parses a text or JSON plan from its chunks. */
export function parseText(format: 'text' | 'json', chunks: readonly string[]): ParseOutcome {
  return feed(format, chunks, (parser, chunk) => parser.push(chunk));
}

/** A plan of native tool calls: each call's name and argument text, streamed in pieces. */
export function toolCallDeltas(argumentTexts: readonly string[], names: readonly string[], points: readonly number[]): ToolCallDelta[] {
  return argumentTexts.flatMap((text, index) => {
    const pieces = cut(text, points);
    return pieces.map((piece, k) => (k === 0 ? { index, name: names[index % names.length]!, arguments: piece } : { index, arguments: piece }));
  });
}

/** Parses a plan of native tool calls from its pieces. */
export function parseToolCalls(deltas: readonly ToolCallDelta[]): ParseOutcome {
  return feed('tool-calls', deltas, (parser, delta) => parser.pushToolCall(delta));
}

/** A parse that threw: typed errors of the library are documented; anything else is a bug. */
export class UntypedParseError extends Error {
  constructor(readonly thrown: unknown, readonly text: string) {
    super(`The parser threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)} on a plan of ${text.length} characters`);
  }
}

function guard<T>(text: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (LLMCompilerError.isInstance(error)) throw error;
    throw new UntypedParseError(error, text);
  }
}

/** One fuzz case: a format, a seed plan, mutations and a chunking. */
export interface FuzzCase {
  readonly format: FuzzFormat;
  readonly seed: number;
  readonly mutations: readonly Mutation[];
  readonly points: readonly number[];
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  format: fc.constantFrom<FuzzFormat>('text', 'json', 'tool-calls'),
  seed: fc.nat(),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }),
  points: fc.array(fc.nat({ max: 100_000 }), { maxLength: 30 }),
});

/**
 * Runs one case: the mutated plan whole, in the case's chunks and one character at a time (for plans up to
 * 4,000 characters), or as tool calls in whole and cut pieces. Returns the slowest call; throws when the
 * chunkings disagree or the parser threw anything but a typed error of the library.
 */
export function checkCase(test: FuzzCase): number {
  if (test.format === 'tool-calls') {
    const argumentTexts = seedPlans.json.map((plan) => mutate(plan, test.mutations)).slice(0, 1 + (test.seed % 3));
    const names = ['search', 'math', 'notify', 'join'].slice(test.seed % 2);
    const whole = guard(argumentTexts.join(''), () => parseToolCalls(toolCallDeltas(argumentTexts, names, [])));
    const pieces = guard(argumentTexts.join(''), () => parseToolCalls(toolCallDeltas(argumentTexts, names, test.points)));
    if (whole.events !== pieces.events) throw new Error(`Tool-call pieces gave other events than whole calls: ${JSON.stringify(argumentTexts).slice(0, 500)}`);
    return Math.max(whole.slowestCallMs, pieces.slowestCallMs);
  }
  const seeds = seedPlans[test.format];
  const text = mutate(seeds[test.seed % seeds.length]!, test.mutations);
  const whole = guard(text, () => parseText(test.format as 'text' | 'json', [text]));
  const chunked = guard(text, () => parseText(test.format as 'text' | 'json', cut(text, test.points)));
  if (whole.events !== chunked.events) throw new Error(`Chunks gave other events than the whole text: ${JSON.stringify(text).slice(0, 500)}`);
  let slowest = Math.max(whole.slowestCallMs, chunked.slowestCallMs);
  if (text.length <= 4_000) {
    const single = guard(text, () => parseText(test.format as 'text' | 'json', [...text]));
    if (whole.events !== single.events) throw new Error(`Characters one at a time gave other events than the whole text: ${JSON.stringify(text).slice(0, 500)}`);
    slowest = Math.max(slowest, single.slowestCallMs);
  }
  return slowest;
}
