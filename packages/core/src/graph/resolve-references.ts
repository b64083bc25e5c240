import { describeValue, listNames } from '../util/describe-value.js';
import { valueToText } from '../util/value-to-text.js';
import { ReferencePathError } from '../errors/reference-path-error.js';
import { Reference, Template, type ArgValue, type PathSegment } from './reference.js';

/** Properties never read through a reference path, whatever the value. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Looks up the result of a finished task by id. */
export type ResultLookup = (id: number) => unknown;

/**
 * Reads `path` from `value` with own-property access only.
 *
 * @throws {ReferencePathError} when a step does not exist or is forbidden; the message names the
 * reference, the step and what the value at that point holds.
 */
export function readPath(
  value: unknown,
  path: readonly PathSegment[],
  reference: string,
  taskId?: number,
): unknown {
  let current = value;
  for (let index = 0; index < path.length; index++) {
    const step = path[index]!;
    const where = index === 0 ? 'the result' : `\`${formatReference(referenceId(reference), path.slice(0, index))}\``;
    if (typeof step === 'string' && FORBIDDEN_KEYS.has(step)) {
      throw new ReferencePathError({ reference, taskId, problem: `reads \`${step}\`, which references may not read (own data properties only)` });
    }
    if (current === null || current === undefined || (typeof current !== 'object' && typeof current !== 'string')) {
      throw new ReferencePathError({ reference, taskId, problem: `cannot read ${describeStep(step)} of ${where}: it is ${describeValue(current)}` });
    }
    const key = typeof step === 'number' ? String(step) : step;
    if (!Object.hasOwn(current as object, key)) {
      const keys = Array.isArray(current) || typeof current === 'string' ? [] : Object.keys(current);
      const holds = Array.isArray(current)
        ? `an array of length ${current.length}`
        : typeof current === 'string'
          ? `a string of length ${current.length}`
          : `an object with keys ${listNames(keys)}`;
      throw new ReferencePathError({
        reference,
        taskId,
        problem: `has no ${describeStep(step)}: ${where} of task ${referenceId(reference)} is ${holds}`,
        availableKeys: keys,
      });
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Substitutes finished results into a task's arguments.
 *
 * - An argument that is exactly one {@link Reference} receives the referenced value itself, with its type.
 * - A {@link Template} becomes a string: strings inserted as they are, other values as JSON, by the same rule
 *   as the joiner's observations (see `formatObservation`): a `Map` as an object, a `Set` as an array, a
 *   `Date` as its ISO string, a `bigint` as its digits, and never a throw.
 * - Inserted results are never scanned again: a result that contains `$2` stays as it is.
 *
 * @throws {ReferencePathError} when a path does not exist in its result.
 */
export function resolveReferences(value: ArgValue, lookup: ResultLookup, taskId?: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Reference) return readPath(lookup(value.id), value.path, value.source, taskId);
  if (value instanceof Template) {
    let text = '';
    for (const part of value.parts) {
      text += typeof part === 'string' ? part : valueToText(readPath(lookup(part.id), part.path, part.source, taskId));
    }
    return text;
  }
  if (Array.isArray(value)) return value.map((item: ArgValue) => resolveReferences(item, lookup, taskId));
  const resolved: Record<string, unknown> = {};
  const object = value as { readonly [key: string]: ArgValue };
  // The keys alone, not `Object.entries`: one array per object, not one more per property (a task each).
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    defineOwn(resolved, key, resolveReferences(object[key] as ArgValue, lookup, taskId));
  }
  return resolved;
}

/** Sets `object[key]` as an own data property, also for `__proto__`. */
export function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}


function describeStep(step: PathSegment): string {
  return typeof step === 'number' ? `index ${step}` : `property \`${step}\``;
}

function referenceId(reference: string): string {
  return /\d+/.exec(reference)?.[0] ?? '?';
}

/** Writes a reference with a path as a plan would: `$1.rows[0]["a b"]`. */
function formatReference(id: string, path: readonly PathSegment[]): string {
  let text = `$${id}`;
  for (const step of path) {
    text += typeof step === 'number' ? `[${step}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  }
  return text;
}
