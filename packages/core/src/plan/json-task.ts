import { describeValue } from '../util/describe-value.js';
import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { Reference, Template, parseStringReferences, type ArgValue } from '../graph/reference.js';
import { TOO_DEEP, mapArgValue, nestingDepth } from '../graph/map-arg-value.js';
import type { PlanCall } from '../graph/task.js';
import { parseArguments } from './parse-arguments.js';
import { DEFAULT_MAX_NESTING } from './plan-parser.js';

/** A JSON task read into a call, or the end of the plan (`{"tool": "join"}`). */
export type JsonTask =
  | { readonly kind: 'call'; readonly call: PlanCall }
  | {
      readonly kind: 'join';
      readonly thought: string | undefined;
      /** The answer the join states (`"answer"`, or `answer` in its `args`), references read; `undefined` for none. */
      readonly answer: ArgValue | undefined;
    };

/** How {@link readJsonTask} reads a task. */
export interface ReadJsonTaskOptions {
  /** 1-based line where the task starts. */
  readonly line: number | undefined;
  /** The id of a task that names none (or a bad one). */
  readonly fallbackId: () => number;
  /** How deeply arguments may nest lists and objects; see `PlanParserOptions.maxNesting`. */
  readonly maxNesting: number;
  /**
   * How deeply the task's arguments nest, as the caller counted in the text (the task object and its `args`
   * not counted). A task deeper than `maxNesting` fails without being parsed.
   */
  readonly nesting?: number | undefined;
}

/**
 * Reads the text of one JSON task object, `{ "id": 2, "tool": "search", "args": { "query": "$1" },
 * "thought": "..." }`, into a call. Strings in `args` may hold references; `args` may also be an array of
 * positional arguments, or a JSON string of either. Single quotes and trailing commas are tolerated. Text
 * that cannot be read, or whose arguments nest deeper than `maxNesting`, still gives a call (with the id
 * and tool it names, if any) that fails with a {@link PlanSyntaxError}.
 */
export function readJsonTask(text: string, { line, fallbackId, maxNesting, nesting }: ReadJsonTaskOptions): JsonTask {
  if (nesting !== undefined && nesting > maxNesting) {
    return failed(text, line, fallbackId, `nests its arguments too deeply: ${nestingProblem(nesting, maxNesting)}`);
  }
  let object: unknown;
  /** Arguments already read by the lenient parser, references included; read again they would lose `$$`. */
  let lenientArgs: ArgValue | undefined;
  /** Likewise a join's `answer`. */
  let lenientAnswer: ArgValue | undefined;
  try {
    object = JSON.parse(text);
  } catch (jsonError) {
    try {
      const value = parseArguments(text).positional[0] ?? null;
      object = mapArgValue(value, plainLeaf);
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Reference) && !(value instanceof Template)) {
        const record = value as { readonly [key: string]: ArgValue };
        lenientArgs = Object.hasOwn(record, 'args') ? record.args : Object.hasOwn(record, 'arguments') ? record.arguments : undefined;
        lenientAnswer = Object.hasOwn(record, 'answer') ? record.answer : undefined;
      }
    } catch {
      return failed(text, line, fallbackId, `is not valid JSON: ${(jsonError as Error).message}`);
    }
  }
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    return failed(text, line, fallbackId, `must be an object with \`id\`, \`tool\` and \`args\`, got ${describeValue(object)}`);
  }
  const record = object as Record<string, unknown>;
  const tool = record.tool ?? record.name ?? record.function;
  const thought = typeof record.thought === 'string' ? record.thought : undefined;
  if (tool === 'join') return { kind: 'join', thought, answer: readJoinAnswer(record, lenientArgs, lenientAnswer) };
  const id = readId(record.id);
  if (typeof tool !== 'string' || tool === '') {
    return failed(text, line, () => id ?? fallbackId(), `must name its tool in \`tool\` (a string), got ${describeValue(tool)}`);
  }
  if (record.id !== undefined && id === undefined) {
    return failed(text, line, fallbackId, `must have an \`id\` that is a positive integer, got ${describeValue(record.id)}`);
  }
  let args = record.args ?? record.arguments ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch (error) {
      return failed(text, line, () => id ?? fallbackId(), `has \`args\` that are not valid JSON: ${(error as Error).message}`);
    }
  }
  let read: JsonArguments | { readonly tooDeep: number };
  if (lenientArgs !== undefined && typeof lenientArgs === 'object' && lenientArgs !== null && !(lenientArgs instanceof Reference) && !(lenientArgs instanceof Template)) {
    const depth = nestingDepth(lenientArgs) - 1;
    if (depth > maxNesting) read = { tooDeep: depth };
    else if (Array.isArray(lenientArgs)) read = { positional: [...(lenientArgs as readonly ArgValue[])], named: [] };
    else read = { positional: [], named: Object.entries(lenientArgs as { readonly [key: string]: ArgValue }) };
  } else if (args !== null && typeof args === 'object') {
    read = readJsonArguments(args, maxNesting);
  } else {
    return failed(text, line, () => id ?? fallbackId(), `must have \`args\` that are an object or an array, got ${describeValue(args)}`);
  }
  if ('tooDeep' in read) {
    return failed(text, line, () => id ?? fallbackId(), `nests its arguments too deeply: ${nestingProblem(read.tooDeep, maxNesting)}`);
  }
  return {
    kind: 'call',
    call: { id, tool, positional: read.positional, named: read.named, thought, source: compact(text), line, syntaxError: undefined },
  };
}

/**
 * The answer of a join task: its `answer`, or the `answer` of its `args` (or `arguments`), with references
 * read from strings. Values the lenient parser read are taken as it read them, so `$$` stays a dollar.
 */
function readJoinAnswer(record: Record<string, unknown>, lenientArgs: ArgValue | undefined, lenientAnswer: ArgValue | undefined): ArgValue | undefined {
  if (lenientAnswer !== undefined) return lenientAnswer;
  if (isRecord(lenientArgs) && Object.hasOwn(lenientArgs, 'answer')) return (lenientArgs as { readonly [key: string]: ArgValue }).answer;
  const args = record.args ?? record.arguments;
  const answer = Object.hasOwn(record, 'answer') ? record.answer : isRecord(args) && Object.hasOwn(args, 'answer') ? args.answer : undefined;
  if (answer === undefined || answer === null) return undefined;
  const read = mapArgValue(answer, jsonLeaf, DEFAULT_MAX_NESTING);
  return read === TOO_DEEP ? undefined : (read as ArgValue);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Reference) && !(value instanceof Template);
}

/** Arguments read from JSON: an array gives positional ones, an object named ones. */
export interface JsonArguments {
  readonly positional: ArgValue[];
  readonly named: (readonly [string, ArgValue])[];
}

/**
 * Reads parsed JSON arguments (an array or an object) into argument values, references read from their
 * strings. Arguments nested deeper than `maxNesting` levels of lists and objects are not read: the result
 * is then how deep they go (the `args` container not counted). No recursion: any depth is safe.
 */
export function readJsonArguments(args: readonly unknown[] | object, maxNesting: number): JsonArguments | { readonly tooDeep: number } {
  const positional: ArgValue[] = [];
  const named: (readonly [string, ArgValue])[] = [];
  const entries: readonly (readonly [string | undefined, unknown])[] = Array.isArray(args)
    ? args.map((value: unknown) => [undefined, value] as const)
    : Object.entries(args);
  for (const [name, value] of entries) {
    const read = mapArgValue(value, jsonLeaf, maxNesting);
    if (read === TOO_DEEP) return { tooDeep: nestingDepth(args) - 1 };
    if (name === undefined) positional.push(read as ArgValue);
    else named.push([name, read as ArgValue]);
  }
  return { positional, named };
}

/** The end of a "nests too deeply" problem: what the limit is and how deep the arguments went. */
export function nestingProblem(depth: number, maxNesting: number): string {
  return `expected at most ${maxNesting} levels of lists and objects (\`maxNesting\`), got ${depth}`;
}

const JOIN = /["'](?:tool|name|function)["']\s*:\s*["']join["']/;

/**
 * Whether the text of a task object is the `{"tool": "join"}` that ends the plan, read without converting
 * its arguments: a task past `maxTasks` is only checked for this. Returns the join's thought, or `undefined`
 * when the text is not a join.
 */
export function readJoinTask(text: string): { readonly thought: string | undefined } | undefined {
  if (!JOIN.test(text)) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    try {
      record = parseArguments(text).positional[0];
    } catch {
      return undefined;
    }
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const { tool, name, function: fn, thought } = record as Record<string, unknown>;
  if ((tool ?? name ?? fn) !== 'join') return undefined;
  return { thought: typeof thought === 'string' ? thought : undefined };
}

/** A string of JSON arguments with its references read; other JSON leaves as they are. */
function jsonLeaf(value: unknown): ArgValue {
  if (typeof value === 'string') return parseStringReferences(value);
  return typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** The lenient parser's leaves back as plain JSON: references and templates as their text. */
function plainLeaf(value: unknown): unknown {
  return value instanceof Reference || value instanceof Template ? value.toJSON() : value;
}

/** The id a task's text names (`"id": 3`), found without parsing it. */
export function readTaskId(text: string): number | undefined {
  return readId(/["']id["']\s*:\s*["']?(\d+)/.exec(text)?.[1]);
}

function readId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}

function failed(text: string, line: number | undefined, fallbackId: () => number, problem: string): JsonTask {
  const id = readTaskId(text) ?? fallbackId();
  const tool = /"(?:tool|name)"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? '';
  const source = compact(text);
  return {
    kind: 'call',
    call: {
      id,
      tool,
      positional: [],
      named: [],
      thought: undefined,
      source,
      line,
      syntaxError: new PlanSyntaxError({ problem: `the JSON task ${problem}: ${source.slice(0, 200)}`, taskId: id, line }),
    },
  };
}

function compact(text: string): string {
  return text.replaceAll(/\s*\n\s*/g, ' ').trim();
}

