import { deepCompareStrict, validate, type OutputUnit, type Schema as CfworkerSchema, type SchemaDraft } from '@cfworker/json-schema';
import { listNames } from '../util/describe-value.js';
import type { SchemaIssue } from '../util/schema-issue.js';
import type { JsonSchemaDefinition } from './json-schema-types.js';
import { parseJsonPointer } from './parse-json-pointer.js';
import { renderJsonSchemaType } from './render-type.js';

/** What {@link describeJsonSchemaErrors} reads besides the errors. */
export interface JsonSchemaErrorContext {
  /** The schema validated against, after `dereference` annotated it (`$ref`s are followed through it). */
  readonly root: CfworkerSchema | boolean;
  /** The schemas by absolute URI, as `dereference` gave them. */
  readonly lookup: Record<string, CfworkerSchema | boolean>;
  /** The draft validated in. */
  readonly draft: SchemaDraft;
  /** The value as given, whose real types the messages name. */
  readonly value: unknown;
  /** The JSON copy of the value that was validated. */
  readonly instance: unknown;
}

// Errors that only say "a subschema failed"; the subschema's own errors follow them.
const wrapperKeywords = new Set([
  'properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties', 'items', 'prefixItems',
  'additionalItems', 'unevaluatedItems', '$ref', '$recursiveRef', 'allOf', 'if', 'dependentSchemas',
]);

// Errors that stand for the failures of their subschemas, which follow them and are left out: why each
// alternative of an `anyOf` failed, or why each item missed `contains`, is noise.
const summaryKeywords = new Set(['anyOf', 'oneOf', 'contains', 'propertyNames']);

/**
 * Turns the errors of `@cfworker/json-schema` (its "basic" output: a flat list where the error of a keyword
 * with subschemas comes first, then the subschemas' errors) into issues a user can act on: each failure
 * once, at its most specific place, as `expected ..., received ...`, with its path (array indexes as
 * numbers). Wrapper errors (`properties`, `items`, `$ref`, `allOf`, ...) are dropped in favour of the errors
 * under them; an `anyOf`/`oneOf` failure is one issue naming the alternatives.
 *
 * @example
 * ```ts
 * // errors of { type: 'object', properties: { rows: { type: 'array', items: { properties: { name: { type: 'string' } } } } } }
 * // against { rows: [{ name: 1 }] }, after the wrappers are dropped:
 * // [{ message: 'expected string, received number', path: ['rows', 0, 'name'] }]
 * ```
 */
export function describeJsonSchemaErrors(errors: readonly OutputUnit[], context: JsonSchemaErrorContext): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  // A failed `minContains` comes after the errors of the items that missed `contains`, not before them.
  const missedContains = errors
    .filter((error) => error.keyword === 'minContains')
    .map((error) => error.keywordLocation.replace(/minContains$/, 'contains/'));
  // `required` and the like give one error per missing property; all are described at the first.
  const described = new Set<string>();
  let index = 0;
  while (index < errors.length) {
    const error = errors[index] as OutputUnit;
    const next = errors[index + 1];
    index += 1;
    if (missedContains.some((prefix) => error.keywordLocation.startsWith(prefix))) continue;
    if (summaryKeywords.has(error.keyword)) {
      issues.push(describeSummary(error, next, context));
      while (index < errors.length && isNestedIn(errors[index] as OutputUnit, error)) index += 1;
    } else if (wrapperKeywords.has(error.keyword) || (error.keyword === 'dependencies' && next !== undefined && isNestedIn(next, error))) {
      // `additionalProperties: false` fails as the wrapper and then a bare `false` at the property.
      const closed = error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties';
      if (closed && next?.keyword === 'false' && ownerOf(error, context)[error.keyword] === false) {
        issues.push(describeUnknownProperty(error, next, context));
        index += 1;
      }
    } else {
      const key = `${error.keyword} ${error.keywordLocation} ${error.instanceLocation}`;
      if (described.has(key)) continue;
      described.add(key);
      issues.push(...describeError(error, context));
    }
  }
  return issues;
}

/**
 * Whether `error` belongs to the subschemas of `owner`'s keyword. A `false` subschema's error carries the
 * instance's location where its keyword's location should be, so it is placed by the instance instead.
 */
function isNestedIn(error: OutputUnit, owner: OutputUnit): boolean {
  if (error.keywordLocation.startsWith(`${owner.keywordLocation}/`)) return true;
  return error.keyword === 'false' && (error.instanceLocation === owner.instanceLocation || error.instanceLocation.startsWith(`${owner.instanceLocation}/`));
}

function describeSummary(error: OutputUnit, next: OutputUnit | undefined, context: JsonSchemaErrorContext): SchemaIssue {
  const { path, received, instance } = locate(error.instanceLocation, context);
  const expected = ownerOf(error, context)[error.keyword];
  const alternatives = Array.isArray(expected) ? (expected as (CfworkerSchema | boolean)[]) : [];
  const union = renderJsonSchemaType({ anyOf: alternatives as JsonSchemaDefinition[] });
  switch (error.keyword) {
    case 'oneOf': {
      const matches = alternatives.filter((alternative) => validate(instance, alternative, context.draft, context.lookup).valid).length;
      if (matches === 0) return { message: `expected ${union}, received ${typeOf(received)}`, path };
      return { message: `expected exactly one of ${union} to match, received a value matching ${matches}`, path };
    }
    case 'contains':
      return { message: `expected at least one item matching ${renderJsonSchemaType(expected as JsonSchemaDefinition)}, received none`, path };
    case 'propertyNames': {
      // The errors under `propertyNames` are at the property whose name failed.
      const at = next === undefined ? { path, key: '' } : locateKey(next.instanceLocation, context);
      return { message: `expected a property name matching ${preview(expected)}, received ${JSON.stringify(at.key)}`, path: at.path };
    }
    default:
      return { message: `expected ${union}, received ${typeOf(received)}`, path };
  }
}

function describeUnknownProperty(error: OutputUnit, property: OutputUnit, context: JsonSchemaErrorContext): SchemaIssue {
  const { properties } = ownerOf(error, context);
  const names = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
  return { message: `unknown property; expected one of: ${listNames(names)}`, path: locate(property.instanceLocation, context).path };
}

/** The issues of an error that has no subschema errors under it. */
function describeError(error: OutputUnit, context: JsonSchemaErrorContext): SchemaIssue[] {
  const { path, received, instance } = locate(error.instanceLocation, context);
  if (error.keyword === 'false') return [{ message: `expected no value, received ${typeOf(received)}`, path }];
  const owner = ownerOf(error, context);
  const expected = owner[error.keyword];
  const issue = (message: string): SchemaIssue[] => [{ message, path }];
  const length = typeof received === 'string' ? [...received].length : Array.isArray(received) ? received.length : 0;
  switch (error.keyword) {
    case 'type':
      return issue(`expected ${[expected].flat().join(' | ')}, received ${typeOf(received)}`);
    case 'const':
      return issue(`expected ${preview(expected)}, received ${preview(received)}`);
    case 'enum':
      return issue(`expected one of ${Array.isArray(expected) ? expected.map(preview).join(', ') : preview(expected)}, received ${preview(received)}`);
    case 'not':
      return issue(`expected a value not matching ${renderJsonSchemaType(expected as JsonSchemaDefinition)}, received ${preview(received)}`);
    case 'required':
      return missingProperties(Array.isArray(expected) ? expected : [], instance, path, '');
    case 'dependentRequired':
    case 'dependencies':
      return Object.entries(isObject(expected) ? expected : {}).flatMap(([key, names]) =>
        Array.isArray(names) && isObject(instance) && Object.hasOwn(instance, key)
          ? missingProperties(names, instance, path, `, since ${JSON.stringify(key)} is present`)
          : [],
      );
    case 'minimum':
      return issue(`expected a number ${owner['exclusiveMinimum'] === true ? '>' : '>='} ${String(expected)}, received ${String(received)}`);
    case 'maximum':
      return issue(`expected a number ${owner['exclusiveMaximum'] === true ? '<' : '<='} ${String(expected)}, received ${String(received)}`);
    case 'exclusiveMinimum':
      return issue(`expected a number > ${String(expected)}, received ${String(received)}`);
    case 'exclusiveMaximum':
      return issue(`expected a number < ${String(expected)}, received ${String(received)}`);
    case 'multipleOf':
      return issue(`expected a multiple of ${String(expected)}, received ${String(received)}`);
    case 'minLength':
      return issue(`expected at least ${String(expected)} characters, received ${length}`);
    case 'maxLength':
      return issue(`expected at most ${String(expected)} characters, received ${length}`);
    case 'pattern':
      return issue(`expected a string matching /${String(expected)}/, received ${preview(received)}`);
    case 'format':
      return issue(`expected a string of format ${String(expected)}, received ${preview(received)}`);
    case 'minItems':
      return issue(`expected at least ${String(expected)} items, received ${length}`);
    case 'maxItems':
      return issue(`expected at most ${String(expected)} items, received ${length}`);
    case 'uniqueItems':
      return issue(`expected unique items, received duplicates at ${duplicates(instance)}`);
    case 'minProperties':
      return issue(`expected at least ${String(expected)} properties, received ${isObject(instance) ? Object.keys(instance).length : 0}`);
    case 'maxProperties':
      return issue(`expected at most ${String(expected)} properties, received ${isObject(instance) ? Object.keys(instance).length : 0}`);
    default:
      // The validator's own words, in the style of the others: `minContains`, `maxContains`, any newer keyword.
      return issue(error.error.charAt(0).toLowerCase() + error.error.slice(1).replace(/\.$/, ''));
  }
}

function missingProperties(names: readonly unknown[], instance: unknown, path: readonly (string | number)[], reason: string): SchemaIssue[] {
  return names
    .filter((name): name is string => typeof name === 'string' && !(isObject(instance) && Object.hasOwn(instance, name)))
    .map((name) => ({ message: `required property is missing${reason}`, path: [...path, name] }));
}

/** `indexes 0 and 2`: the first two items that are equal. */
function duplicates(items: unknown): string {
  const list = Array.isArray(items) ? items : [];
  for (let second = 1; second < list.length; second++) {
    const first = list.findIndex((item, index) => index < second && deepCompareStrict(item, list[second]));
    if (first !== -1) return `indexes ${first} and ${second}`;
  }
  return 'unknown indexes';
}

/** The path, the value as given and its JSON copy at an instance location such as `#/rows/0/name`. */
function locate(location: string, context: JsonSchemaErrorContext): { path: (string | number)[]; received: unknown; instance: unknown } {
  const path: (string | number)[] = [];
  let received = context.value;
  let instance = context.instance;
  for (const token of parseJsonPointer(location)) {
    // Only the value tells an array index from an object key that looks like one.
    path.push(Array.isArray(instance) ? Number(token) : token);
    received = child(received, token);
    instance = child(instance, token);
  }
  return { path, received, instance };
}

/** The path of a property and its name, from its instance location. */
function locateKey(location: string, context: JsonSchemaErrorContext): { path: (string | number)[]; key: string } {
  const { path } = locate(location, context);
  return { path, key: String(path.at(-1) ?? '') };
}

/**
 * The schema object whose keyword failed: the keyword location without its last token, walked from the root
 * and through every `$ref` on the way (the location runs on into the referenced schema).
 */
function ownerOf(error: OutputUnit, context: JsonSchemaErrorContext): Record<string, unknown> {
  let current: unknown = context.root;
  for (const token of parseJsonPointer(error.keywordLocation).slice(0, -1)) {
    if (typeof current !== 'object' || current === null) return {};
    const schema = current as CfworkerSchema;
    if (token === '$ref' && typeof schema.$ref === 'string') current = context.lookup[schema.__absolute_ref__ ?? schema.$ref];
    else if (token === '$recursiveRef' && typeof schema.$recursiveRef === 'string') {
      current = context.lookup[schema.__absolute_recursive_ref__ ?? schema.$recursiveRef];
    } else current = child(current, token);
  }
  return isObject(current) ? current : {};
}

function child(value: unknown, token: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[token] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type of `value`, in the words of the `type` keyword; what it really is when JSON cannot hold it. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/** A short JSON rendering of a value for a message. */
function preview(value: unknown): string {
  let text: string | undefined;
  try {
    text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  } catch {
    // a bigint or a circular reference
  }
  text ??= typeof value === 'function' || typeof value === 'object' ? typeOf(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
