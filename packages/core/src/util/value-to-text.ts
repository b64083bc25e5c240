import { describeValue } from './describe-value.js';

const CIRCULAR = '"[Circular]"';

/**
 * Turns any value into the text a model reads: a string as it is, anything else as compact JSON-like text.
 * This is the one rule for both places a value becomes text: a reference interpolated into a longer string
 * (`"counts: $1"`) and the observation the joiner sees (`formatObservation`).
 *
 * - A string is returned as it is; a number, boolean or `null` as JSON (`NaN` and `Infinity` as `null`).
 * - At the top level, `undefined` is `undefined`, a function `[Function name]`, a symbol `Symbol(description)`
 *   and an `Error` its `name: message` (`TypeError: bad`).
 * - Everything else is JSON, as `JSON.stringify` writes it, so a plain object or array reads exactly as it
 *   always has: `toJSON` is honoured (a `Date` is its quoted ISO string), a class instance is its own
 *   enumerable properties, `undefined` is left out of objects and `null` in arrays. Where JSON has no
 *   answer:
 *   - a `bigint` is its decimal digits as a JSON string (`"12345678901234567890"`),
 *   - a `Map` is an object of its entries when every key is a string or a number, otherwise an array of
 *     `[key, value]` pairs,
 *   - a `Set` is an array,
 *   - an `Error` inside a structure is `{"name":…,"message":…}`,
 *   - a function or symbol inside a structure is its top-level text as a JSON string,
 *   - an object inside itself is `"[Circular]"` (an object merely shared by two branches is written twice).
 * - It never throws. A value whose `toJSON`, getter or proxy trap throws is replaced by its description
 *   (see `describeValue`): the whole text at the top level, a JSON string inside a structure.
 *
 * Strings, numbers, booleans and `null` take a fast path that allocates nothing beyond the result.
 *
 * @example
 * ```ts
 * valueToText('as is');                      // 'as is'
 * valueToText({ depth: 10_994, unit: 'm' }); // '{"depth":10994,"unit":"m"}'
 * valueToText(new Map([['a', 1]]));          // '{"a":1}'
 * valueToText(new Set([1, 2]));              // '[1,2]'
 * valueToText(12345678901234567890n);        // '"12345678901234567890"'
 * valueToText(new TypeError('bad'));         // 'TypeError: bad'
 * ```
 */
export function valueToText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `"${value}"`;
    default:
  }
  if (value === null) return 'null';
  try {
    if (typeof value === 'function') return functionText(value);
    if (typeof value === 'symbol') return value.toString();
    if (value instanceof Error) return errorText(value);
    return write(value, '', []) ?? 'undefined';
  } catch {
    return describeValue(value);
  }
}

/**
 * Writes `value` as JSON text, or returns `undefined` where JSON leaves a property out.
 * `ancestors` holds the objects being written around `value`, which is how cycles are found.
 *
 * @throws whatever a `toJSON`, getter or proxy trap throws; {@link writeChild} turns that into a description.
 */
function write(value: unknown, key: string, ancestors: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'bigint':
      return `"${value}"`;
    case 'function':
      return JSON.stringify(functionText(value));
    case 'symbol':
      return JSON.stringify(value.toString());
    default:
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.includes(object)) return CIRCULAR;
  const toJSON: unknown = (object as { toJSON?: unknown }).toJSON;
  // As in JSON, `toJSON` is called once: what it returns is written, not asked again.
  const shown = typeof toJSON === 'function' ? unbox(toJSON.call(object, key)) : unbox(object);
  if (shown === null || typeof shown !== 'object') return write(shown, key, ancestors);
  if (shown === object) {
    ancestors.push(object);
  } else {
    if (ancestors.includes(shown)) return CIRCULAR;
    ancestors.push(object, shown);
  }
  const text = writeStructure(shown, ancestors);
  ancestors.length -= shown === object ? 1 : 2;
  return text;
}

/** Writes `value`, or its description as a JSON string when writing it throws. */
function writeChild(value: unknown, key: string, ancestors: object[]): string | undefined {
  const depth = ancestors.length;
  try {
    return write(value, key, ancestors);
  } catch {
    ancestors.length = depth;
    return JSON.stringify(describeValue(value));
  }
}

/** Writes an array or the own enumerable properties of an object; `object` is already unboxed. */
function writeStructure(object: object, ancestors: object[]): string {
  if (Array.isArray(object)) {
    let text = '[';
    for (let index = 0; index < object.length; index++) {
      if (index > 0) text += ',';
      text += writeChild(object[index], String(index), ancestors) ?? 'null';
    }
    return `${text}]`;
  }
  let text = '{';
  for (const key of Object.keys(object)) {
    const item = writeChild((object as Record<string, unknown>)[key], key, ancestors);
    if (item === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${item}`;
  }
  return `${text}}`;
}

/**
 * What stands for a value JSON cannot write by its properties: a `Map`, `Set` or `Error` becomes plain
 * data (whose members are written in turn), a boxed primitive its primitive. Anything else is itself.
 */
function unbox(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>).entries()];
    return entries.every(([key]) => typeof key === 'string' || typeof key === 'number')
      ? Object.fromEntries(entries)
      : entries;
  }
  if (value instanceof Set) return [...(value as Set<unknown>)];
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof Number) return Number(value);
  if (value instanceof String) return String(value);
  if (value instanceof Boolean || value instanceof BigInt) return value.valueOf();
  return value;
}

function functionText(value: Function): string {
  const name = value.name;
  return typeof name === 'string' && name !== '' ? `[Function ${name}]` : '[Function]';
}

function errorText(error: Error): string {
  const name = String(error.name);
  const message = String(error.message);
  return message === '' ? name : `${name}: ${message}`;
}

