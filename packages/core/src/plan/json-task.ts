import { describeValue } from '../util/describe-value.js';
import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { Reference, Template, parseStringReferences, type ArgValue } from '../graph/reference.js';
import { defineOwn } from '../graph/resolve-references.js';
import type { PlanCall } from '../graph/task.js';
import { parseArguments } from './parse-arguments.js';

/** A JSON task read into a call, or the end of the plan (`{"tool": "join"}`). */
export type JsonTask = { readonly kind: 'call'; readonly call: PlanCall } | { readonly kind: 'join'; readonly thought: string | undefined };

/**
 * Reads the text of one JSON task object, `{ "id": 2, "tool": "search", "args": { "query": "$1" },
 * "thought": "..." }`, into a call. Strings in `args` may hold references; `args` may also be an array of
 * positional arguments, or a JSON string of either. Single quotes and trailing commas are tolerated. Text
 * that cannot be read still gives a call (with the id and tool it names, if any) that fails with a
 * {@link PlanSyntaxError}.
 */
export function readJsonTask(text: string, line: number | undefined, fallbackId: () => number): JsonTask {
  let object: unknown;
  /** Arguments already read by the lenient parser, references included; read again they would lose `$$`. */
  let lenientArgs: ArgValue | undefined;
  try {
    object = JSON.parse(text);
  } catch (jsonError) {
    try {
      const value = parseArguments(text).positional[0] ?? null;
      object = plain(value);
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Reference) && !(value instanceof Template)) {
        const record = value as { readonly [key: string]: ArgValue };
        lenientArgs = Object.hasOwn(record, 'args') ? record.args : Object.hasOwn(record, 'arguments') ? record.arguments : undefined;
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
  if (tool === 'join') return { kind: 'join', thought };
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
  let positional: ArgValue[] = [];
  let named: (readonly [string, ArgValue])[] = [];
  if (lenientArgs !== undefined && typeof lenientArgs === 'object' && lenientArgs !== null && !(lenientArgs instanceof Reference) && !(lenientArgs instanceof Template)) {
    if (Array.isArray(lenientArgs)) positional = [...(lenientArgs as readonly ArgValue[])];
    else named = Object.entries(lenientArgs as { readonly [key: string]: ArgValue });
  } else if (Array.isArray(args)) {
    positional = args.map(toArgValue);
  } else if (args !== null && typeof args === 'object') {
    named = Object.entries(args).map(([name, value]) => [name, toArgValue(value)] as const);
  } else {
    return failed(text, line, () => id ?? fallbackId(), `must have \`args\` that are an object or an array, got ${describeValue(args)}`);
  }
  return {
    kind: 'call',
    call: { id, tool, positional, named, thought, source: compact(text), line, syntaxError: undefined },
  };
}

/** A JSON value with references read from its strings. */
export function toArgValue(value: unknown): ArgValue {
  if (typeof value === 'string') return parseStringReferences(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }
  if (Array.isArray(value)) return value.map(toArgValue);
  const object: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) defineOwn(object, key, toArgValue(item));
  return object as { [key: string]: ArgValue };
}

function readId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}

/** Turns the lenient parser's values back into plain JSON (references to their text). */
function plain(value: ArgValue): unknown {
  if (value instanceof Reference || value instanceof Template) return value.toJSON();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  const object: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) defineOwn(object, key, plain(item as ArgValue));
  return object;
}

function failed(text: string, line: number | undefined, fallbackId: () => number, problem: string): JsonTask {
  const id = readId(/"id"\s*:\s*"?(\d+)/.exec(text)?.[1]) ?? fallbackId();
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

