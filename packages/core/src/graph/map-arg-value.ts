import { Reference, Template } from './reference.js';
import { defineOwn } from './resolve-references.js';

/** What {@link mapArgValue} returns for a value that nests deeper than its `maxDepth`. */
export const TOO_DEEP: unique symbol = Symbol('too deep');

/**
 * Down to this depth values are walked by recursion, which allocates nothing; below it, by a loop with its
 * own stack, which no depth overflows. Arguments as plans write them are far shallower.
 */
const RECURSION_DEPTH = 32;

/** An array or object being rebuilt: its items are visited in order, and copied from the first that changes. */
interface Frame {
  readonly source: readonly unknown[] | { readonly [key: string]: unknown };
  /** The object's own keys; `undefined` for an array. */
  readonly keys: readonly string[] | undefined;
  readonly length: number;
  index: number;
  copy: unknown[] | Record<string, unknown> | undefined;
}

/** Arrays and plain data objects are walked into; references, templates and everything else are leaves. */
function isContainer(value: unknown): value is readonly unknown[] | { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !(value instanceof Reference) && !(value instanceof Template);
}

function frameOf(value: readonly unknown[] | { readonly [key: string]: unknown }): Frame {
  if (Array.isArray(value)) return { source: value, keys: undefined, length: value.length, index: 0, copy: undefined };
  const keys = Object.keys(value);
  return { source: value, keys, length: keys.length, index: 0, copy: undefined };
}

function itemOf(frame: Frame): unknown {
  return frame.keys === undefined ? (frame.source as readonly unknown[])[frame.index] : (frame.source as { readonly [key: string]: unknown })[frame.keys[frame.index]!];
}

/** Stores the mapped value of the frame's current item and moves on; copies the container at the first change. */
function put(frame: Frame, mapped: unknown, original: unknown): void {
  if (frame.copy === undefined && mapped !== original) {
    if (frame.keys === undefined) {
      frame.copy = (frame.source as readonly unknown[]).slice(0, frame.index);
    } else {
      const copy: Record<string, unknown> = {};
      const source = frame.source as { readonly [key: string]: unknown };
      for (let i = 0; i < frame.index; i++) defineOwn(copy, frame.keys[i]!, source[frame.keys[i]!]);
      frame.copy = copy;
    }
  }
  if (frame.copy !== undefined) {
    if (frame.keys === undefined) (frame.copy as unknown[]).push(mapped);
    else defineOwn(frame.copy as Record<string, unknown>, frame.keys[frame.index]!, mapped);
  }
  frame.index++;
}

/**
 * Rebuilds a tree of arrays and objects with `leaf` applied to every other value in it (strings, numbers,
 * `null`, {@link Reference}s, {@link Template}s), in order. An array or object none of whose items changed is
 * returned itself, so walking literal arguments copies nothing.
 *
 * No depth overflows the call stack: past a few dozen levels the walk keeps a stack of its own instead of
 * recursing, so a value nested 100,000 levels deep is walked like any other. With `maxDepth`, it stops at the first array or object
 * deeper than that (the value itself, when it is one, is level 1) and returns {@link TOO_DEEP}.
 *
 * Object keys are copied as own data properties, `__proto__` included.
 */
export function mapArgValue(value: unknown, leaf: (value: unknown) => unknown, maxDepth = Number.POSITIVE_INFINITY): unknown {
  return walk(value, leaf, 1, maxDepth);
}

/** Maps `value`, at level `depth` of the whole, by recursion; hands deeper values to {@link walkWithStack}. */
function walk(value: unknown, leaf: (value: unknown) => unknown, depth: number, maxDepth: number): unknown {
  if (!isContainer(value)) return leaf(value);
  if (depth > maxDepth) return TOO_DEEP;
  if (depth > RECURSION_DEPTH) return walkWithStack(value, leaf, maxDepth - depth + 1);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const mapped = walk(item, leaf, depth + 1, maxDepth);
      if (mapped === TOO_DEEP) return TOO_DEEP;
      if (copy === undefined && mapped !== item) copy = value.slice(0, i);
      copy?.push(mapped);
    }
    return copy ?? value;
  }
  const object = value as { readonly [key: string]: unknown };
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const item = object[key];
    const mapped = walk(item, leaf, depth + 1, maxDepth);
    if (mapped === TOO_DEEP) return TOO_DEEP;
    if (copy === undefined && mapped !== item) {
      copy = {};
      for (const earlier in object) {
        if (earlier === key) break;
        if (Object.hasOwn(object, earlier)) defineOwn(copy, earlier, object[earlier]);
      }
    }
    if (copy !== undefined) defineOwn(copy, key, mapped);
  }
  return copy ?? object;
}

/** Maps a container as {@link walk} does, with a stack of its own instead of recursion. */
function walkWithStack(value: readonly unknown[] | { readonly [key: string]: unknown }, leaf: (value: unknown) => unknown, maxDepth: number): unknown {
  const stack: Frame[] = [frameOf(value)];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.index < top.length) {
      const item = itemOf(top);
      if (isContainer(item)) {
        if (stack.length >= maxDepth) return TOO_DEEP;
        stack.push(frameOf(item));
      } else {
        put(top, leaf(item), item);
      }
      continue;
    }
    stack.pop();
    const done = top.copy ?? top.source;
    const parent = stack[stack.length - 1];
    if (parent === undefined) return done;
    put(parent, done, itemOf(parent));
  }
}

/**
 * How many levels of arrays and objects `value` nests (0 for a leaf, 1 for `[1]`), counted without
 * recursion.
 */
export function nestingDepth(value: unknown): number {
  if (!isContainer(value)) return 0;
  let deepest = 1;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [container, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    const items = Array.isArray(container) ? container : Object.values(container as object);
    for (const item of items) if (isContainer(item)) stack.push([item, depth + 1]);
  }
  return deepest;
}
