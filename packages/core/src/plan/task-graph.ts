import { listNames } from '../util/describe-value.js';
import { DuplicateTaskIdError } from '../errors/duplicate-task-id-error.js';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error.js';
import { InvalidReferenceError } from '../errors/invalid-reference-error.js';
import type { PlanError } from '../errors/plan-error.js';
import { UnknownToolError } from '../errors/unknown-tool-error.js';
import { TooManyTasksError } from '../errors/too-many-tasks-error.js';
import type { PlanEvent } from './plan-event.js';
import type { PlanWarning } from './plan-warning.js';
import type { AnyTool } from '../tool/tool.js';
import { toolParameters } from '../tool/tool-parameters.js';
import { defineOwn } from '../graph/resolve-references.js';
import { Reference, Template, type ArgValue } from '../graph/reference.js';
import type { PlanCall, Task } from '../graph/task.js';

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
  readonly dependencies: number[];
  /** Ids this task waits for before it may be emitted; only JSON plans with forward references use it. */
  waitFor: Set<number> | undefined;
  error: PlanError | undefined;
}

/**
 * Checks arriving tasks and emits them in an order in which every task comes after the tasks it references.
 *
 * Each call is checked for a known tool, a unique id, arguments that fit the tool's input (positional
 * arguments mapped onto its properties in order) and references to tasks that exist. A call that fails a
 * check still becomes a task, carrying the error; only a repeated id is reported as a plan error instead,
 * because the id is taken.
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
  readonly #parameters = new Map<AnyTool, { readonly parameters: readonly string[]; readonly open: boolean }>();

  constructor(options: TaskGraphOptions, emit: (event: PlanEvent) => void) {
    this.#tools = options.tools;
    this.#forward = options.forwardReferences ?? false;
    this.#emit = emit;
    this.#existing = new Set(options.existingIds ?? []);
    this.#emitted = new Set(this.#existing);
    let maxId = 0;
    for (const id of this.#existing) if (id > maxId) maxId = id;
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

    const held: HeldTask = { call, id, args: {}, dependencies: [], waitFor: undefined, error: call.syntaxError };
    this.#tasks.set(id, held);
    const dependencies = held.dependencies;
    const positional = this.#bindAll(call.positional, held, dependencies);
    let named = call.named;
    for (let i = 0; i < named.length; i++) {
      const [name, value] = named[i]!;
      const bound = this.#bind(value, held, dependencies);
      if (bound === value) continue;
      if (named === call.named) named = [...named];
      (named as (readonly [string, ArgValue])[])[i] = [name, bound];
    }
    held.args = this.#mapArguments(held, positional, named);
    if (held.error === undefined && !this.#tools.has(call.tool)) {
      held.error = new UnknownToolError({ tool: call.tool, availableTools: [...this.#tools.keys()], taskId: id, line: call.line });
    }
    if (dependencies.length > 1) dependencies.sort((a, b) => a - b);
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
   * Ends the plan. Held tasks whose references name tasks that never came keep those strings as text;
   * tasks that wait for each other in a cycle are emitted with an {@link InvalidReferenceError}.
   */
  end(): void {
    if (this.#dropped !== undefined) {
      const { count, taskId, line } = this.#dropped;
      this.#dropped = undefined;
      this.#emit({ type: 'error', error: new TooManyTasksError({ maxTasksPerPlan: this.#maxTasks, dropped: count, taskId, line }) });
    }
    for (const [id, waiting] of [...this.#waiters]) {
      if (this.#tasks.has(id)) continue;
      this.#waiters.delete(id);
      for (const held of waiting) {
        held.args = this.#literalize(held.args, id, held) as { [name: string]: ArgValue };
        const index = held.dependencies.indexOf(id);
        if (index !== -1) held.dependencies.splice(index, 1);
        held.waitFor?.delete(id);
        if (held.waitFor?.size === 0) this.#release(held);
      }
    }
    for (const held of this.#tasks.values()) {
      if (this.#emitted.has(held.id)) continue;
      const cycle = this.#findCycle(held as HeldTask);
      for (const member of cycle) {
        if (this.#emitted.has(member.id)) continue;
        const at = cycle.indexOf(member);
        const next = cycle[(at + 1) % cycle.length]!.id;
        member.error ??= new InvalidReferenceError({
          taskId: member.id,
          reference: `$${next}`,
          referencedId: next,
          reason: 'cycle',
          existingIds: [...this.#tasks.keys()],
          cycle: [...cycle.slice(at), ...cycle.slice(0, at)].map((task) => task.id),
          line: member.call.line,
        });
      }
      for (const member of cycle) if (!this.#emitted.has(member.id)) this.#release(member);
    }
  }

  #release(first: HeldTask): void {
    const stack = [first];
    while (stack.length > 0) {
      const held = stack.pop()!;
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
        if (waiter.waitFor?.size === 0) stack.push(waiter);
      }
    }
  }

  /** Follows unemitted dependencies from `start` until a task repeats; returns the cycle's tasks. */
  #findCycle(start: HeldTask): HeldTask[] {
    const path: HeldTask[] = [];
    const seen = new Map<number, number>();
    let current: HeldTask | undefined = start;
    while (current !== undefined && !seen.has(current.id)) {
      seen.set(current.id, path.length);
      path.push(current);
      const next: number | undefined = current.waitFor === undefined ? undefined : [...current.waitFor][0];
      const task = next === undefined || this.#emitted.has(next) ? undefined : this.#tasks.get(next);
      current = task as HeldTask | undefined;
    }
    return current === undefined ? path : path.slice(seen.get(current.id));
  }

  /** Binds a list of values; returns the list itself when no value changed. */
  #bindAll(values: readonly ArgValue[], held: HeldTask, dependencies: number[]): readonly ArgValue[] {
    let bound: ArgValue[] | undefined;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const result = this.#bind(value, held, dependencies);
      if (result !== value && bound === undefined) bound = values.slice(0, i);
      bound?.push(result);
    }
    return bound ?? values;
  }

  /**
   * Decides which references count: those naming a known task become dependencies, the rest become text
   * or errors. Returns `value` itself when nothing in it changed, so literal arguments are not copied.
   */
  #bind(value: ArgValue, held: HeldTask, dependencies: number[]): ArgValue {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Reference) return this.#bindReference(value, held, dependencies);
    if (value instanceof Template) {
      const parts: (string | Reference)[] = [];
      let hasReference = false;
      for (const part of value.parts) {
        if (typeof part !== 'string' && this.#isKnown(part.id)) {
          addDependency(dependencies, part.id);
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
    if (Array.isArray(value)) return this.#bindAll(value as readonly ArgValue[], held, dependencies);
    let bound: Record<string, unknown> | undefined;
    const object = value as { readonly [key: string]: ArgValue };
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const item = object[key]!;
      const result = this.#bind(item, held, dependencies);
      if (result !== item) {
        if (bound === undefined) {
          bound = {};
          for (const earlier in object) {
            if (earlier === key) break;
            if (Object.hasOwn(object, earlier)) defineOwn(bound, earlier, object[earlier]);
          }
        }
      }
      if (bound !== undefined) defineOwn(bound, key, result);
    }
    return (bound ?? object) as { [key: string]: ArgValue };
  }

  #bindReference(reference: Reference, held: HeldTask, dependencies: number[]): ArgValue {
    const { id } = held;
    if (reference.id !== id && this.#isKnown(reference.id)) {
      addDependency(dependencies, reference.id);
      return reference;
    }
    if (reference.quoted && !(this.#forward && reference.id === id)) {
      if (this.#forward) {
        // A JSON task may name a task that comes later; end() turns it into text if none ever does.
        addDependency(dependencies, reference.id);
        return reference;
      }
      this.#warn({
        code: 'literal-reference',
        message: `Task ${id}: the string "${reference.source}" names no task before it, so it stays text`,
        taskId: id,
        line: held.call.line,
      });
      return reference.source;
    }
    const existing = [...new Set([...this.#existing, ...this.#tasks.keys()])].filter((known) => known !== id).sort((a, b) => a - b);
    const reason = reference.id === id ? 'self' : reference.id > id ? 'forward' : 'unknown';
    held.error ??= new InvalidReferenceError({
      taskId: id,
      reference: reference.source,
      referencedId: reference.id,
      reason,
      existingIds: existing,
      line: held.call.line,
    });
    return reference;
  }

  #isKnown(id: number): boolean {
    return this.#tasks.has(id) || this.#existing.has(id);
  }

  /** Replaces references to `id` (which never came) by their text. */
  #literalize(value: ArgValue, id: number, held: HeldTask): ArgValue {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Reference) {
      if (value.id !== id) return value;
      this.#warn({
        code: 'literal-reference',
        message: `Task ${held.id}: the string "${value.source}" names no task in the plan, so it stays text`,
        taskId: held.id,
        line: held.call.line,
      });
      return value.source;
    }
    if (value instanceof Template) return value;
    if (Array.isArray(value)) return value.map((item: ArgValue) => this.#literalize(item, id, held));
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as { readonly [key: string]: ArgValue })) {
      defineOwn(result, key, this.#literalize(item, id, held));
    }
    return result as { [key: string]: ArgValue };
  }

  #mapArguments(
    held: HeldTask,
    positional: readonly ArgValue[],
    named: readonly (readonly [string, ArgValue])[],
  ): { [name: string]: ArgValue } {
    const args: Record<string, unknown> = {};
    const tool = this.#tools.get(held.call.tool);
    const fail = (message: string): void => {
      held.error ??= new InvalidArgumentsError({ problem: message, taskId: held.id, line: held.call.line });
    };
    if (tool === undefined) {
      // The task fails as an unknown tool; keep what was written, positional arguments by index.
      positional.forEach((value, index) => defineOwn(args, String(index), value));
      for (const [name, value] of named) defineOwn(args, name, value);
      return args as { [name: string]: ArgValue };
    }
    let parameters: readonly string[];
    let open: boolean;
    try {
      ({ parameters, open } = this.#parametersOf(tool));
    } catch (error) {
      fail(`the arguments of \`${tool.name}\` cannot be mapped: ${(error as Error).message}`);
      return args as { [name: string]: ArgValue };
    }
    const spread = spreadObjectArgument(positional, named, parameters, tool);
    if (spread !== undefined) {
      positional = [];
      named = spread;
    }
    if (positional.length > parameters.length) {
      fail(
        `\`${tool.name}\` takes ${parameters.length} argument${parameters.length === 1 ? '' : 's'} (${parameters.join(', ')}), got ${positional.length} positional: ${held.call.source}`,
      );
    }
    positional.forEach((value, index) => {
      const name = parameters[index];
      if (name !== undefined) defineOwn(args, name, value);
    });
    for (const [name, value] of named) {
      if (Object.hasOwn(args, name)) {
        fail(`argument \`${name}\` of \`${tool.name}\` is given twice: ${held.call.source}`);
      } else if (!open && !parameters.includes(name)) {
        fail(`\`${tool.name}\` has no argument \`${name}\`; expected one of: ${listNames(parameters)}`);
      }
      defineOwn(args, name, value);
    }
    return args as { [name: string]: ArgValue };
  }

  /** The tool's input property names in order, and whether it accepts other keys too; cached per tool. */
  #parametersOf(tool: AnyTool): { readonly parameters: readonly string[]; readonly open: boolean } {
    let known = this.#parameters.get(tool);
    if (known === undefined) {
      const additional = (tool.inputSchema.jsonSchema() as { additionalProperties?: unknown }).additionalProperties;
      known = {
        parameters: toolParameters(tool).map((parameter) => parameter.name),
        open: additional === true || (typeof additional === 'object' && additional !== null),
      };
      this.#parameters.set(tool, known);
    }
    return known;
  }

  #warn(warning: PlanWarning): void {
    this.#emit({ type: 'warning', warning });
  }
}

function addDependency(dependencies: number[], id: number): void {
  if (!dependencies.includes(id)) dependencies.push(id);
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
