import { PlanError, type PlanErrorCode } from '../errors/plan-error.js';
import { Reference, Template, type ArgValue, type PathSegment } from '../graph/reference.js';
import type { Task } from '../graph/task.js';
import type { PlanAnswer } from '../plan/plan-event.js';
import { describeError } from '../util/describe-error.js';
import { valueToText } from '../util/value-to-text.js';
import type { JournalError, JournalValue } from './run-journal.js';

// A plan's arguments hold references and templates among plain values. In the journal every object is
// tagged with what it is (`$ref`, `$tpl`, `$obj`), so a user's object with such a key reads back as it was.

/** A plan argument as JSON. */
export function encodeArg(value: ArgValue): JournalValue {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Reference) return { $ref: [value.id, [...value.path], value.source, value.quoted] };
  if (value instanceof Template) return { $tpl: value.parts.map((part) => (typeof part === 'string' ? part : encodeArg(part))) };
  if (Array.isArray(value)) return value.map(encodeArg);
  const object: Record<string, JournalValue> = {};
  for (const [key, item] of Object.entries(value)) object[key] = encodeArg(item as ArgValue);
  return { $obj: object };
}

/** The plan argument {@link encodeArg} encoded. */
export function decodeArg(value: JournalValue): ArgValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeArg);
  const tagged = value as Record<string, JournalValue>;
  if ('$ref' in tagged) {
    const [id, path, source, quoted] = tagged.$ref as [number, PathSegment[], string, boolean];
    return new Reference(id, path, source, quoted);
  }
  if ('$tpl' in tagged) {
    return new Template((tagged.$tpl as JournalValue[]).map((part) => (typeof part === 'string' ? part : (decodeArg(part) as Reference))));
  }
  const object: Record<string, ArgValue> = {};
  for (const [key, item] of Object.entries(tagged.$obj as Record<string, JournalValue>)) object[key] = decodeArg(item);
  return object;
}

/** A planned task as JSON. */
export function encodeTask(task: Task): JournalValue {
  const args: Record<string, JournalValue> = {};
  for (const [key, value] of Object.entries(task.args)) args[key] = encodeArg(value);
  return {
    id: task.id,
    tool: task.tool,
    args,
    dependencies: [...task.dependencies],
    thought: task.thought ?? null,
    source: task.source,
    line: task.line ?? null,
    error: task.error === undefined ? null : { name: task.error.name, code: task.error.code, message: task.error.message },
  };
}

/** The task {@link encodeTask} encoded. */
export function decodeTask(value: JournalValue): Task {
  const encoded = value as Record<string, JournalValue>;
  const id = encoded.id as number;
  const line = (encoded.line as number | null) ?? undefined;
  const args: Record<string, ArgValue> = {};
  for (const [key, item] of Object.entries(encoded.args as Record<string, JournalValue>)) args[key] = decodeArg(item);
  const error = encoded.error as { name: string; code: PlanErrorCode; message: string } | null;
  return {
    id,
    tool: encoded.tool as string,
    args,
    dependencies: encoded.dependencies as number[],
    thought: (encoded.thought as string | null) ?? undefined,
    source: encoded.source as string,
    line,
    error: error === null ? undefined : new PlanError(error.name, error.code, error.message, { taskId: id, line }),
  };
}

/** A plan's stated answer as JSON. */
export function encodePlanAnswer(answer: PlanAnswer): JournalValue {
  return { value: encodeArg(answer.value), dependencies: [...answer.dependencies], source: answer.source };
}

/** The stated answer {@link encodePlanAnswer} encoded. */
export function decodePlanAnswer(value: JournalValue): PlanAnswer {
  const encoded = value as Record<string, JournalValue>;
  return { value: decodeArg(encoded.value!), dependencies: encoded.dependencies as number[], source: encoded.source as string };
}

/**
 * A task's value as JSON: as `JSON.stringify` writes it, or, when JSON cannot hold it (a `bigint`, a
 * cycle), the text the joiner is shown. `undefined` for `undefined`.
 */
export function encodeValue(value: unknown): JournalValue | undefined {
  if (value === undefined) return undefined;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as JournalValue);
  } catch {
    return valueToText(value);
  }
}

/** An error's name and message. */
export function encodeError(error: unknown): JournalError {
  let name = 'Error';
  try {
    if (error instanceof Error) name = String(error.name);
  } catch {
    // A throwing getter: the name stays generic.
  }
  return { name, message: describeError(error) };
}

/** An error with the name and message {@link encodeError} kept. */
export function decodeError(error: JournalError): Error {
  const restored = new Error(error.message);
  restored.name = error.name;
  return restored;
}
