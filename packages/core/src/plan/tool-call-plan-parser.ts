import { describeValue } from '../util/describe-value.js';
import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TaskGraph } from './task-graph.js';
import type { ArgValue } from '../graph/reference.js';
import type { PlanCall } from '../graph/task.js';
import { EventQueue } from './event-queue.js';
import type { PlanEndReason, PlanEvent } from './plan-event.js';
import type { PlanParser, PlanParserOptions, ToolCallDelta } from './plan-parser.js';
import { toArgValue } from './json-task.js';
import { toToolMap } from './tool-map.js';

interface CallState {
  readonly index: number;
  name: string;
  args: string;
  thought: string | undefined;
  depth: number;
  inString: boolean;
  escape: boolean;
  /** Whether the arguments' outermost value has closed. */
  closed: boolean;
  done: boolean;
}

/**
 * Reads a plan written as native tool calls: the k-th call is task k (numbering continues after
 * `existingIds`), its arguments are the tool's input, and strings in them may hold references (`"$1"`,
 * `"$2.rows"`). A call named `join` ends the plan. Each task is reported as soon as its arguments' JSON
 * closes, or when the next call begins; text the model writes before a call becomes that task's thought.
 */
export class ToolCallPlanParser implements PlanParser {
  readonly #graph: TaskGraph;
  readonly #baseId: number;
  readonly #calls: CallState[] = [];
  readonly #events = new EventQueue();
  #text = '';
  #ended = false;

  constructor(options: PlanParserOptions) {
    this.#graph = new TaskGraph(
      { tools: toToolMap(options.tools), existingIds: options.existingIds, forwardReferences: true, maxTasks: options.maxTasks },
      (event) => this.#events.push(event),
    );
    this.#baseId = this.#graph.nextId;
  }

  /** Adds assistant text (content, not a tool call): the thought of the next call. */
  push(text: string): readonly PlanEvent[] {
    this.#text += text;
    return this.#events.drain();
  }

  /** Adds a piece of a tool call. */
  pushToolCall(delta: ToolCallDelta): readonly PlanEvent[] {
    let call = this.#calls[delta.index];
    if (call === undefined) {
      // Calls stream one after another: a new one means the ones before it are whole.
      for (const earlier of this.#calls) if (earlier !== undefined && !earlier.done) this.#complete(earlier, false);
      const thought = this.#text.trim();
      this.#text = '';
      call = { index: delta.index, name: '', args: '', thought: thought === '' ? undefined : thought, depth: 0, inString: false, escape: false, closed: false, done: false };
      this.#calls[delta.index] = call;
    }
    if (delta.name !== undefined) call.name += delta.name;
    if (delta.arguments !== undefined && !call.done) {
      this.#scan(call, delta.arguments);
      if (call.closed) this.#complete(call, false);
    }
    return this.#events.drain();
  }

  /** Ends the message. Calls whose arguments never closed are cut off and fail. */
  end(): readonly PlanEvent[] {
    for (const call of this.#calls) if (call !== undefined && !call.done) this.#complete(call, true);
    if (!this.#ended) {
      this.#events.push({ type: 'warning', warning: { code: 'missing-join', message: 'The plan ended without a `join` call' } });
      this.#finish('eof');
    }
    return this.#events.drain();
  }

  #scan(call: CallState, text: string): void {
    call.args += text;
    for (let i = 0; i < text.length && !call.closed; i++) {
      const char = text[i];
      if (call.inString) {
        if (call.escape) call.escape = false;
        else if (char === '\\') call.escape = true;
        else if (char === '"') call.inString = false;
      } else if (char === '"') {
        call.inString = true;
      } else if (char === '{' || char === '[') {
        call.depth++;
      } else if (char === '}' || char === ']') {
        call.depth--;
        if (call.depth === 0) call.closed = true;
      }
    }
  }

  #complete(call: CallState, atEnd: boolean): void {
    call.done = true;
    if (this.#ended) {
      this.#events.push({ type: 'warning', warning: { code: 'text-after-join', message: `Ignored the call to \`${call.name}\` after \`join\`` } });
      return;
    }
    if (call.name === 'join') {
      if (call.thought !== undefined) this.#text = call.thought;
      this.#finish('join');
      return;
    }
    const id = this.#baseId + call.index;
    const source = `${call.name}(${call.args})`;
    const fail = (problem: string): void =>
      this.#graph.add({
        id, tool: call.name, positional: [], named: [], thought: call.thought, source, line: undefined,
        syntaxError: new PlanSyntaxError({ problem: `the arguments of the call to \`${call.name}\` ${problem}`, taskId: id }),
      });
    let args: unknown;
    try {
      args = call.args.trim() === '' ? {} : JSON.parse(call.args);
    } catch (error) {
      if (call.closed) fail(`are not valid JSON: ${(error as Error).message}`);
      else if (atEnd) fail(`are cut off: expected their JSON to close, got the end of the message after ${describeValue(call.args)}`);
      else fail(`never close: ${describeValue(call.args)}`);
      return;
    }
    let positional: ArgValue[] = [];
    let named: PlanCall['named'] = [];
    if (Array.isArray(args)) positional = args.map(toArgValue);
    else if (args !== null && typeof args === 'object') named = Object.entries(args).map(([name, value]) => [name, toArgValue(value)] as const);
    else {
      fail(`must be a JSON object, got ${describeValue(args)}`);
      return;
    }
    this.#graph.add({ id, tool: call.name, positional, named, thought: call.thought, source, line: undefined, syntaxError: undefined });
  }

  #finish(reason: PlanEndReason): void {
    this.#ended = true;
    this.#graph.end();
    const thought = this.#text.trim();
    this.#text = '';
    this.#events.push({ type: 'end', reason, thought: thought === '' ? undefined : thought });
  }
}
