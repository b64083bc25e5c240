import { listNames } from '../util/describe-value.js';
import { DuplicateTaskIdError } from '../errors/duplicate-task-id-error.js';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error.js';
import { InvalidReferenceError } from '../errors/invalid-reference-error.js';
import type { PlanError } from '../errors/plan-error.js';
import { UnknownToolError } from '../errors/unknown-tool-error.js';
import { TooManyTasksError } from '../errors/too-many-tasks-error.js';
import type { PlanAnswer, PlanEvent } from './plan-event.js';
import type { PlanWarning } from './plan-warning.js';
import type { AnyTool } from '../tool/tool.js';
import { toolParameters } from '../tool/tool-parameters.js';
import type { JsonSchema } from '../tool/json-schema-types.js';
import { defineOwn } from '../graph/resolve-references.js';
import { mapArgValue } from '../graph/map-arg-value.js';
import { Reference, Template, type ArgValue } from '../graph/reference.js';
import type { PlanCall, Task } from '../graph/task.js';

/**
 * How many ids an {@link InvalidReferenceError} lists in `existingIds` (the smallest, ascending; its
 * `existingCount` says how many there are). Listing every id in every error would make a plan of many bad
 * references quadratic.
 */
const LISTED_IDS = 100;
/** How many ids of a cycle its errors list; the message says how many more there are. */
const LISTED_CYCLE = 12;

/** Options of a {@link TaskGraph}. */
export interface TaskGraphOptions {
  /** The tools a task may call, by name. */
  readonly tools: ReadonlyMap<string, AnyTool>;
  /** Ids of tasks from earlier rounds of the run: they may be referenced and may not be reused. */
  readonly existingIds?: Iterable<number> | undefined;
  /**
   * Whether a string that is exactly a reference (`"$4"`) may name a task that has not arrived yet. JSON
   * plans allow it (their tasks may come in any order, and cycles are reported); text plans do not (a
   * reference names an earlier task, as in the paper's grammar).
   * @default false
   */
  readonly forwardReferences?: boolean | undefined;
  /** How many tasks the plan may hold; see {@link PlanParserOptions.maxTasks}. @default Infinity */
  readonly maxTasks?: number | undefined;
}

interface HeldTask {
  readonly call: PlanCall;
  readonly id: number;
  args: { [name: string]: ArgValue };
  /** Ascending, without repeats. */
  dependencies: number[];
  /** Ids this task waits for before it may be emitted; only JSON plans with forward references use it. */
  waitFor: Set<number> | undefined;
  error: PlanError | undefined;
  /** How far the search for cycles has gone through `dependencies`. */
  cursor: number;
}

/** What the graph knows of a tool's parameters, read once per tool. */
interface Parameters {
  /** The input property names in order. */
  readonly names: readonly string[];
  /** Whether the input accepts other keys too. */
  readonly open: boolean;
  /** Optional parameters whose schema does not accept `null`: a `null` for one of them is left out. */
  readonly nullDropped: readonly string[];
}

/**
 * Checks arriving tasks and emits them in an order in which every task comes after the tasks it references.
 *
 * Each call is checked for a known tool, a unique id, arguments that fit the tool's input (positional
 * arguments mapped onto its properties in order) and references to tasks that exist. A call that fails a
 * check still becomes a task, carrying the error; only a repeated id is reported as a plan error instead,
 * because the id is taken. A literal `null` for an optional argument whose schema does not accept null is
 * left out, with a `null-dropped` warning.
 *
 * Work is linear in the plan: arguments are walked without recursion, an error lists at most the first
 * `LISTED_IDS` existing ids (and counts the rest), and cycles are found in one walk at the end.
 */
export class TaskGraph {
  readonly #tools: ReadonlyMap<string, AnyTool>;
  readonly #forward: boolean;
  readonly #emit: (event: PlanEvent) => void;
  /** Ids of earlier rounds. */
  readonly #existing: Set<number>;
  /** Every task of this plan by id: the task once emitted, its held state before. */
  readonly #tasks = new Map<number, HeldTask | Task>();
  /** Ids that have been emitted (or come from earlier rounds). */
  readonly #emitted: Set<number>;
  /** Held tasks by the id they wait for. */
  readonly #waiters = new Map<number, HeldTask[]>();
  #maxId: number;
  readonly #maxTasks: number;
  /** Tasks added (kept), and those past `maxTasks`, counted only. */
  #added = 0;
  #dropped: { count: number; taskId: number | undefined; line: number | undefined } | undefined;
  readonly #parameters = new Map<AnyTool, Parameters>();
  /** The smallest known ids (of earlier rounds and of this plan), ascending, at most `LISTED_IDS + 1`. */
  readonly #smallestIds: number[] = [];
  /** How many ids are known. */
  #knownCount = 0;
  /** The first `LISTED_IDS` of `#smallestIds`, frozen and shared by the errors that list them. */
  #listedIds: readonly number[] | undefined;
  /** The task whose arguments {@link #bind} is reading. */
  #binding: HeldTask | undefined;
  /** Reads the references in one value of the arguments of `#binding`; one function for every task. */
  readonly #bind = (value: unknown): unknown => {
    if (value instanceof Reference) return this.#bindReference(value, this.#binding!);
    if (value instanceof Template) return this.#bindTemplate(value, this.#binding!);
    return value;
  };

  constructor(options: TaskGraphOptions, emit: (event: PlanEvent) => void) {
    this.#tools = options.tools;
    this.#forward = options.forwardReferences ?? false;
    this.#emit = emit;
    this.#existing = new Set(options.existingIds ?? []);
    this.#emitted = new Set(this.#existing);
    let maxId = 0;
    for (const id of this.#existing) {
      if (id > maxId) maxId = id;
      this.#know(id);
    }
    this.#maxId = maxId;
    this.#maxTasks = options.maxTasks ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Whether the plan holds as many tasks as `maxTasks` allows. Parsers then {@link drop} each further task
   * instead of parsing its arguments.
   */
  get full(): boolean {
    return this.#added >= this.#maxTasks;
  }

  /** Counts a task past `maxTasks`: it is not parsed, kept or emitted; `end()` reports them all at once. */
  drop(taskId: number | undefined, line: number | undefined): void {
    if (this.#dropped === undefined) this.#dropped = { count: 1, taskId, line };
    else this.#dropped.count++;
  }

  /** The id the next task is expected to have. */
  get nextId(): number {
    return this.#maxId + 1;
  }

  /** Checks a call, then emits it as a task now or, if it waits for tasks not emitted yet, once they are. */
  add(call: PlanCall): void {
    if (this.full) return this.drop(call.id, call.line);
    // A repeated id counts too: a plan of repeats is no cheaper to report than one of tasks.
    this.#added++;
    let id = call.id;
    if (id === undefined) {
      id = this.nextId;
      this.#warn({ code: 'id-assigned', message: `A task without an id was given id ${id}: ${call.source}`, taskId: id, line: call.line });
    } else if (this.#tasks.has(id) || this.#existing.has(id)) {
      const earlier = this.#tasks.get(id);
      this.#emit({
        type: 'error',
        error: new DuplicateTaskIdError({
          id,
          source: call.source,
          earlierSource: earlier === undefined || this.#existing.has(id) ? undefined : sourceOf(earlier),
          expectedId: this.nextId,
          line: call.line,
        }),
      });
      return;
    } else if (id !== this.nextId) {
      this.#warn({ code: 'id-gap', message: `Expected task ${this.nextId} next, got task ${id}`, taskId: id, line: call.line });
    }
    this.#maxId = Math.max(this.#maxId, id);

    const held: HeldTask = { call, id, args: {}, dependencies: [], waitFor: undefined, error: call.syntaxError, cursor: 0 };
    this.#tasks.set(id, held);
    this.#know(id);
    const dependencies = held.dependencies;
    // Arguments are walked without recursion, so no nesting overflows the stack.
    this.#binding = held;
    const positional = mapArgValue(call.positional, this.#bind) as readonly ArgValue[];
    let named = call.named;
    for (let i = 0; i < named.length; i++) {
      const [name, value] = named[i]!;
      const bound = mapArgValue(value, this.#bind) as ArgValue;
      if (bound === value) continue;
      if (named === call.named) named = [...named];
      (named as (readonly [string, ArgValue])[])[i] = [name, bound];
    }
    held.args = this.#mapArguments(held, positional, named);
    if (held.error === undefined && !this.#tools.has(call.tool)) {
      held.error = new UnknownToolError({ tool: call.tool, availableTools: [...this.#tools.keys()], taskId: id, line: call.line });
    }
    if (dependencies.length > 1) sortUnique(dependencies);
    for (const dependency of dependencies) {
      if (this.#emitted.has(dependency)) continue;
      (held.waitFor ??= new Set()).add(dependency);
      const waiting = this.#waiters.get(dependency);
      if (waiting === undefined) this.#waiters.set(dependency, [held]);
      else waiting.push(held);
    }
    if (held.waitFor === undefined) this.#release(held);
  }

  /**
   * Reads the answer a plan's `join` states: references to tasks of the plan (or of earlier rounds) are kept
   * and listed as its dependencies; a reference inside a string, or a quoted one (`"$5"`), that names no task
   * is text, as in task arguments. Returns a problem instead when a bare reference (`join($9)`) names no task.
   */
  bindAnswer(value: ArgValue, source: string): PlanAnswer | { readonly problem: string } {
    const dependencies: number[] = [];
    let problem: string | undefined;
    const bound = mapArgValue(value, (item) => {
      if (item instanceof Reference) {
        if (this.#isKnown(item.id)) {
          dependencies.push(item.id);
          return item;
        }
        if (!item.quoted) problem ??= `\`${item.source}\` names no task of the plan`;
        return item.source;
      }
      if (!(item instanceof Template)) return item;
      const parts: (string | Reference)[] = [];
      for (const part of item.parts) {
        if (typeof part !== 'string' && this.#isKnown(part.id)) {
          dependencies.push(part.id);
          parts.push(part);
        } else {
          const text = typeof part === 'string' ? part : part.source;
          if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += text;
          else parts.push(text);
        }
      }
      return parts.some((part) => typeof part !== 'string') ? new Template(parts) : parts.join('');
    }) as ArgValue;
    if (problem !== undefined) return { problem };
    if (dependencies.length > 1) sortUnique(dependencies);
    return { value: bound, dependencies, source };
  }

  /**
   * Ends the plan. Held tasks whose references name tasks that never came keep those strings as text;
   * tasks that wait for each other in a cycle are emitted with an {@link InvalidReferenceError}.
   */
  end(): void {
    if (this.#dropped !== undefined) {
      const { count, taskId, line } = this.#dropped;
      this.#dropped = undefined;
      this.#emit({ type: 'error', error: new TooManyTasksError({ maxTasksPerPlan: this.#maxTasks, dropped: count, taskId, line }) });
    }
    // References to tasks that never came become text: each waiting task is rewritten once, for all of them.
    const missing = new Map<HeldTask, Set<number>>();
    for (const [id, waiting] of this.#waiters) {
      if (this.#tasks.has(id)) continue;
      this.#waiters.delete(id);
      for (const held of waiting) {
        const ids = missing.get(held);
        if (ids === undefined) missing.set(held, new Set([id]));
        else ids.add(id);
      }
    }
    for (const [held, ids] of missing) {
      held.args = this.#literalize(held.args, ids, held) as { [name: string]: ArgValue };
      held.dependencies = held.dependencies.filter((dependency) => !ids.has(dependency));
      for (const id of ids) held.waitFor?.delete(id);
      if (held.waitFor?.size === 0) this.#release(held);
    }
    this.#releaseCycles();
  }

  /**
   * Emits the tasks still held, which wait for each other: each cycle's tasks with an
   * {@link InvalidReferenceError}, then the tasks that waited for them. A depth-first walk along each task's
   * first unemitted dependency, which pushes every task once and reads every dependency once: linear.
   */
  #releaseCycles(): void {
    let existing: { readonly ids: readonly number[]; readonly count: number } | undefined;
    const path: HeldTask[] = [];
    /** Position on `path` by task id. */
    const onPath = new Map<number, number>();
    for (const start of this.#tasks.values()) {
      if (this.#emitted.has(start.id)) continue;
      path.push(start as HeldTask);
      onPath.set(start.id, 0);
      while (path.length > 0) {
        const top = path[path.length - 1]!;
        if (this.#emitted.has(top.id)) {
          path.pop();
          onPath.delete(top.id);
          continue;
        }
        let next: HeldTask | undefined;
        while (top.cursor < top.dependencies.length) {
          const dependency = top.dependencies[top.cursor]!;
          if (!this.#emitted.has(dependency)) {
            next = this.#tasks.get(dependency) as HeldTask;
            break;
          }
          top.cursor++;
        }
        if (next === undefined) {
          // Everything it waits for is out; the release of the last of them has emitted it already.
          this.#release(top);
          continue;
        }
        const at = onPath.get(next.id);
        if (at === undefined) {
          onPath.set(next.id, path.length);
          path.push(next);
          continue;
        }
        existing ??= { ids: this.#listed(), count: this.#knownCount };
        this.#failCycle(path.slice(at), existing);
      }
    }
  }

  /** Fails the tasks of a cycle, each with the cycle as seen from it, and emits them. */
  #failCycle(cycle: readonly HeldTask[], existing: { readonly ids: readonly number[]; readonly count: number }): void {
    const length = cycle.length;
    const shown = Math.min(length, LISTED_CYCLE);
    for (let at = 0; at < length; at++) {
      const member = cycle[at]!;
      const next = cycle[(at + 1) % length]!.id;
      const around: number[] = [];
      for (let k = 0; k < shown; k++) around.push(cycle[(at + k) % length]!.id);
      member.error ??= new InvalidReferenceError({
        taskId: member.id,
        reference: `$${next}`,
        referencedId: next,
        reason: 'cycle',
        existingIds: existing.ids,
        existingCount: existing.count,
        cycle: around,
        cycleLength: length,
        line: member.call.line,
      });
    }
    for (const member of cycle) if (!this.#emitted.has(member.id)) this.#release(member);
  }

  #release(first: HeldTask): void {
    // The stack of waiters to release is made only when one is: most tasks wait for nothing.
    let stack: HeldTask[] | undefined;
    for (let held: HeldTask | undefined = first; held !== undefined; held = stack?.pop()) {
      if (this.#emitted.has(held.id)) continue;
      this.#emitted.add(held.id);
      const task: Task = {
        id: held.id,
        tool: held.call.tool,
        args: held.args,
        dependencies: held.dependencies,
        thought: held.call.thought,
        source: held.call.source,
        line: held.call.line,
        error: held.error,
      };
      this.#tasks.set(held.id, task);
      this.#emit({ type: 'task', task });
      const waiting = this.#waiters.get(held.id);
      if (waiting === undefined) continue;
      this.#waiters.delete(held.id);
      for (let i = waiting.length - 1; i >= 0; i--) {
        const waiter = waiting[i]!;
        waiter.waitFor?.delete(held.id);
        if (waiter.waitFor?.size === 0) (stack ??= []).push(waiter);
      }
    }
  }

  /** Keeps the references of a string that name a known task other than this one; the rest become text. */
  #bindTemplate(template: Template, held: HeldTask): ArgValue {
    const parts: (string | Reference)[] = [];
    let hasReference = false;
    for (const part of template.parts) {
      if (typeof part !== 'string' && part.id !== held.id && this.#isKnown(part.id)) {
        held.dependencies.push(part.id);
        hasReference = true;
        parts.push(part);
      } else {
        const text = typeof part === 'string' ? part : part.source;
        if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += text;
        else parts.push(text);
      }
    }
    return hasReference ? new Template(parts) : parts.join('');
  }

  /**
   * Decides whether a reference that is a whole argument counts. One naming a known task other than this one
   * is a dependency. A string (`"$4"`) naming a later task waits for it in a JSON plan, and fails in a text
   * plan, as a bare `$4` does; one naming an earlier id that no task has stays text (`"$5"` may be money).
   * A reference to the task itself always fails.
   */
  #bindReference(reference: Reference, held: HeldTask): ArgValue {
    const { id } = held;
    if (reference.id !== id && this.#isKnown(reference.id)) {
      held.dependencies.push(reference.id);
      return reference;
    }
    if (reference.quoted && reference.id !== id) {
      if (this.#forward) {
        // A JSON task may name a task that comes later; end() turns it into text if none ever does.
        held.dependencies.push(reference.id);
        return reference;
      }
      if (reference.id < id) {
        this.#warn({
          code: 'literal-reference',
          message: `Task ${id}: the string "${reference.source}" names no task before it, so it stays text`,
          taskId: id,
          line: held.call.line,
        });
        return reference.source;
      }
    }
    held.error ??= new InvalidReferenceError({
      taskId: id,
      reference: reference.source,
      referencedId: reference.id,
      reason: reference.id === id ? 'self' : reference.id > id ? 'forward' : 'unknown',
      ...this.#existingIdsBut(id),
      line: held.call.line,
    });
    return reference;
  }

  /** The known ids other than `id`, as an {@link InvalidReferenceError} lists them. */
  #existingIdsBut(id: number): { existingIds: readonly number[]; existingCount: number } {
    const existingCount = this.#knownCount - (this.#isKnown(id) ? 1 : 0);
    const listed = this.#listed();
    // Usually `id` is not among the smallest ids, and the errors share one list.
    if (!listed.includes(id)) return { existingIds: listed, existingCount };
    return { existingIds: this.#smallestIds.filter((known) => known !== id).slice(0, LISTED_IDS), existingCount };
  }

  #listed(): readonly number[] {
    return (this.#listedIds ??= Object.freeze(this.#smallestIds.slice(0, LISTED_IDS)));
  }

  /** Counts a new id, and keeps it among the smallest if it is one. */
  #know(id: number): void {
    this.#knownCount++;
    const ids = this.#smallestIds;
    if (ids.length > LISTED_IDS && id >= ids[ids.length - 1]!) return;
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ids[middle]! < id) low = middle + 1;
      else high = middle;
    }
    ids.splice(low, 0, id);
    if (ids.length > LISTED_IDS + 1) ids.pop();
    this.#listedIds = undefined;
  }

  #isKnown(id: number): boolean {
    return this.#tasks.has(id) || this.#existing.has(id);
  }

  /** Replaces references to `ids` (tasks that never came) by their text. */
  #literalize(value: ArgValue, ids: ReadonlySet<number>, held: HeldTask): ArgValue {
    return mapArgValue(value, (item) => {
      if (!(item instanceof Reference) || !ids.has(item.id)) return item;
      this.#warn({
        code: 'literal-reference',
        message: `Task ${held.id}: the string "${item.source}" names no task in the plan, so it stays text`,
        taskId: held.id,
        line: held.call.line,
      });
      return item.source;
    }) as ArgValue;
  }

  #mapArguments(
    held: HeldTask,
    positional: readonly ArgValue[],
    named: readonly (readonly [string, ArgValue])[],
  ): { [name: string]: ArgValue } {
    const args: Record<string, unknown> = {};
    const tool = this.#tools.get(held.call.tool);
    if (tool === undefined) {
      // The task fails as an unknown tool; keep what was written, positional arguments by index.
      positional.forEach((value, index) => defineOwn(args, String(index), value));
      for (const [name, value] of named) defineOwn(args, name, value);
      return args as { [name: string]: ArgValue };
    }
    let parameters: readonly string[];
    let open: boolean;
    let nullDropped: readonly string[];
    try {
      ({ names: parameters, open, nullDropped } = this.#parametersOf(tool));
    } catch (error) {
      failArguments(held, `the arguments of \`${tool.name}\` cannot be mapped: ${(error as Error).message}`);
      return args as { [name: string]: ArgValue };
    }
    const spread = spreadObjectArgument(positional, named, parameters, tool);
    if (spread !== undefined) {
      positional = [];
      named = spread;
    }
    if (positional.length > parameters.length) {
      failArguments(
        held,
        `\`${tool.name}\` takes ${parameters.length} argument${parameters.length === 1 ? '' : 's'} (${parameters.join(', ')}), got ${positional.length} positional: ${held.call.source}`,
      );
    }
    positional.forEach((value, index) => {
      const name = parameters[index];
      if (name !== undefined) defineOwn(args, name, value);
    });
    for (const [name, value] of named) {
      if (Object.hasOwn(args, name)) {
        failArguments(held, `argument \`${name}\` of \`${tool.name}\` is given twice: ${held.call.source}`);
      } else if (!open && !parameters.includes(name)) {
        failArguments(held, `\`${tool.name}\` has no argument \`${name}\`; expected one of: ${listNames(parameters)}`);
      }
      defineOwn(args, name, value);
    }
    // `None` for an optional argument usually means "not given"; passed on, it would fail the tool's input.
    for (const name of nullDropped) {
      if (!Object.hasOwn(args, name) || args[name] !== null) continue;
      delete args[name];
      this.#warn({
        code: 'null-dropped',
        message: `Task ${held.id}: argument \`${name}\` of \`${tool.name}\` is optional and its schema does not accept null, so \`null\` was left out, as if not given`,
        taskId: held.id,
        line: held.call.line,
      });
    }
    return args as { [name: string]: ArgValue };
  }

  /** What the graph needs of a tool's parameters; read once per tool. */
  #parametersOf(tool: AnyTool): Parameters {
    let known = this.#parameters.get(tool);
    if (known === undefined) {
      const additional = (tool.inputSchema.jsonSchema() as { additionalProperties?: unknown }).additionalProperties;
      const parameters = toolParameters(tool);
      known = {
        names: parameters.map((parameter) => parameter.name),
        open: additional === true || (typeof additional === 'object' && additional !== null),
        nullDropped: parameters.filter((parameter) => !parameter.required && !acceptsNull(parameter.schema)).map((parameter) => parameter.name),
      };
      this.#parameters.set(tool, known);
    }
    return known;
  }

  #warn(warning: PlanWarning): void {
    this.#emit({ type: 'warning', warning });
  }
}

/** Fails a task whose arguments do not fit its tool, unless it failed already. */
function failArguments(held: HeldTask, problem: string): void {
  held.error ??= new InvalidArgumentsError({ problem, taskId: held.id, line: held.call.line });
}

/** Sorts ids ascending and removes repeats, in place. */
function sortUnique(ids: number[]): void {
  ids.sort((a, b) => a - b);
  let kept = 1;
  for (let i = 1; i < ids.length; i++) if (ids[i] !== ids[kept - 1]) ids[kept++] = ids[i]!;
  ids.length = kept;
}

/**
 * Whether a JSON Schema may accept `null`. It is `false` only where the schema plainly refuses it: a `type`
 * without `'null'` (and no OpenAPI `nullable: true`), a `const` or `enum` without it, `anyOf` or `oneOf`
 * with no branch that may accept it, or an `allOf` branch that refuses it. Anything it cannot tell (no
 * `type`, a `$ref`) is taken to accept `null`.
 */
function acceptsNull(schema: JsonSchema | boolean): boolean {
  if (typeof schema !== 'object' || schema === null) return true;
  if (schema.nullable === true) return true;
  const { type } = schema;
  if (typeof type === 'string' && type !== 'null') return false;
  if (Array.isArray(type) && !type.includes('null')) return false;
  if (Object.hasOwn(schema, 'const') && schema.const !== null) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) return false;
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(acceptsNull)) return false;
  if (Array.isArray(schema.oneOf) && !schema.oneOf.some(acceptsNull)) return false;
  if (Array.isArray(schema.allOf) && !schema.allOf.every(acceptsNull)) return false;
  return true;
}

function sourceOf(task: HeldTask | Task): string {
  return 'call' in task ? task.call.source : task.source;
}

/**
 * `format_report({"title": "T", "rows": $3})`: a call whose only argument is an object of the tool's own
 * parameter names passes that object as the input, when the first parameter is not itself an object.
 */
function spreadObjectArgument(
  positional: readonly ArgValue[],
  named: readonly (readonly [string, ArgValue])[],
  parameters: readonly string[],
  tool: AnyTool,
): (readonly [string, ArgValue])[] | undefined {
  const only = positional[0];
  if (positional.length !== 1 || named.length > 0 || only === null || typeof only !== 'object') return undefined;
  if (only instanceof Reference || only instanceof Template || Array.isArray(only)) return undefined;
  const entries = Object.entries(only as { readonly [key: string]: ArgValue });
  if (entries.length === 0 || !entries.every(([key]) => parameters.includes(key))) return undefined;
  const first = toolParameters(tool)[0]?.schema as { type?: unknown } | undefined;
  const firstType = first?.type;
  if (firstType === 'object' || (Array.isArray(firstType) && firstType.includes('object'))) return undefined;
  return entries;
}
