import { describeValue } from '../util/describe-value.js';
import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TaskGraph } from './task-graph.js';
import { EventQueue } from './event-queue.js';
import type { PlanAnswer, PlanEndReason, PlanEvent } from './plan-event.js';
import { DEFAULT_MAX_NESTING, type PlanParser, type PlanParserOptions, type ToolCallDelta } from './plan-parser.js';
import { nestingProblem, readJsonArguments } from './json-task.js';
import { toToolMap } from './tool-map.js';

interface CallState {
  /** The task id: calls are numbered in the order they arrive. */
  readonly id: number;
  /** The provider's `index`, when it is not a non-negative safe integer: the call then fails. */
  readonly badIndex: unknown;
  name: string;
  args: string;
  /** Whether `args` is kept: not for calls past `maxTasks`, which are only counted. */
  readonly keep: boolean;
  thought: string | undefined;
  depth: number;
  /** The deepest `depth` went. */
  deepest: number;
  inString: boolean;
  escape: boolean;
  /** Whether the arguments' outermost value has closed. */
  closed: boolean;
  done: boolean;
  /** Whether text after the arguments closed was reported (once per call). */
  trailing: boolean;
}

/**
 * Reads a plan written as native tool calls: the k-th call is task k (numbering continues after
 * `existingIds`), its arguments are the tool's input, and strings in them may hold references (`"$1"`,
 * `"$2.rows"`). A call named `join` ends the plan. Each task is reported as soon as its arguments' JSON
 * closes, or when the next call begins; text the model writes before a call becomes that task's thought.
 *
 * The provider's `index` only tells the calls apart: tasks are numbered in the order the calls arrive, so
 * the usual indexes 0, 1, 2... are tasks 1, 2, 3 (after `existingIds`), and indexes with gaps (0, 5, 9) still
 * give contiguous ids. An `index` that is not a non-negative safe integer (`-1`, `2.5`, `NaN`) makes its
 * call fail with a {@link PlanSyntaxError}, under the next id, and the plan goes on; a `join` call ends the
 * plan whatever its index.
 */
export class ToolCallPlanParser implements PlanParser {
  readonly #graph: TaskGraph;
  readonly #baseId: number;
  readonly #maxNesting: number;
  /** The calls by the provider's index, in the order they arrived. */
  readonly #calls = new Map<unknown, CallState>();
  /** The call that arrived last: a new call means the ones before it are whole, so only it may be open. */
  #last: CallState | undefined;
  readonly #events = new EventQueue();
  #text = '';
  #ended = false;

  constructor(options: PlanParserOptions) {
    this.#graph = new TaskGraph(
      { tools: toToolMap(options.tools), existingIds: options.existingIds, forwardReferences: true, maxTasks: options.maxTasks },
      (event) => this.#events.push(event),
    );
    this.#baseId = this.#graph.nextId;
    this.#maxNesting = options.maxNesting ?? DEFAULT_MAX_NESTING;
  }

  /** Adds assistant text (content, not a tool call): the thought of the next call. */
  push(text: string): readonly PlanEvent[] {
    this.#text += text;
    return this.#events.drain();
  }

  /** Adds a piece of a tool call. */
  pushToolCall(delta: ToolCallDelta): readonly PlanEvent[] {
    let call = this.#calls.get(delta.index);
    if (call === undefined) {
      // Calls stream one after another: a new one means the one before it is whole.
      if (this.#last !== undefined && !this.#last.done) this.#complete(this.#last, false);
      const thought = this.#text.trim();
      this.#text = '';
      const index: unknown = delta.index;
      call = {
        id: this.#baseId + this.#calls.size,
        badIndex: Number.isSafeInteger(index) && (index as number) >= 0 ? undefined : index,
        name: '',
        args: '',
        keep: !this.#graph.full,
        thought: thought === '' ? undefined : thought,
        depth: 0,
        deepest: 0,
        inString: false,
        escape: false,
        closed: false,
        done: false,
        trailing: false,
      };
      this.#calls.set(index, call);
      this.#last = call;
    }
    if (delta.name !== undefined) call.name += delta.name;
    if (delta.arguments !== undefined) {
      // Text after the arguments' JSON closed is not part of them, however the pieces are cut.
      const rest = call.closed || call.done ? delta.arguments : this.#scan(call, delta.arguments);
      if (call.closed && !call.done) this.#complete(call, false);
      if (rest.trim() !== '' && !call.trailing) {
        call.trailing = true;
        this.#events.push({
          type: 'warning',
          warning: { code: 'trailing-text', message: `Ignored text after the arguments of the call to \`${call.name}\` closed`, taskId: call.id },
        });
      }
    }
    return this.#events.drain();
  }

  /** Ends the message. A call whose arguments never closed is cut off and fails. */
  end(): readonly PlanEvent[] {
    if (this.#last !== undefined && !this.#last.done) this.#complete(this.#last, true);
    if (!this.#ended) {
      this.#events.push({ type: 'warning', warning: { code: 'missing-join', message: 'The plan ended without a `join` call' } });
      this.#finish('eof');
    }
    return this.#events.drain();
  }

  /** Reads a piece of a call's arguments; returns what follows the arguments' close, if they closed. */
  #scan(call: CallState, text: string): string {
    let i = 0;
    for (; i < text.length && !call.closed; i++) {
      const char = text[i];
      if (call.inString) {
        if (call.escape) call.escape = false;
        else if (char === '\\') call.escape = true;
        else if (char === '"') call.inString = false;
      } else if (char === '"') {
        call.inString = true;
      } else if (char === '{' || char === '[') {
        call.depth++;
        if (call.depth > call.deepest) call.deepest = call.depth;
      } else if (char === '}' || char === ']') {
        call.depth--;
        if (call.depth === 0) call.closed = true;
      }
    }
    if (call.keep) call.args += i === text.length ? text : text.slice(0, i);
    return i === text.length ? '' : text.slice(i);
  }

  #complete(call: CallState, atEnd: boolean): void {
    call.done = true;
    const text = call.args;
    // Every piece has been read; the text is not needed after this.
    call.args = '';
    if (this.#ended) {
      this.#events.push({ type: 'warning', warning: { code: 'text-after-join', message: `Ignored the call to \`${call.name}\` after \`join\`` } });
      return;
    }
    if (call.name === 'join') {
      if (call.thought !== undefined) this.#text = call.thought;
      this.#finish('join', this.#readAnswer(text));
      return;
    }
    const { id } = call;
    if (!call.keep || this.#graph.full) {
      this.#graph.drop(id, undefined);
      return;
    }
    const source = `${call.name}(${text})`;
    const fail = (problem: string): void =>
      this.#graph.add({
        id, tool: call.name, positional: [], named: [], thought: call.thought, source, line: undefined,
        syntaxError: new PlanSyntaxError({ problem, taskId: id }),
      });
    if (call.badIndex !== undefined) {
      fail(`expected the \`index\` of the call to \`${call.name}\` to be an integer from 0 up, got ${describeValue(call.badIndex)}`);
      return;
    }
    // The arguments' object or array is one level; the lists and objects in it are the arguments' nesting.
    const nesting = Math.max(0, call.deepest - 1);
    if (nesting > this.#maxNesting) {
      fail(`the arguments of the call to \`${call.name}\` nest too deeply: ${nestingProblem(nesting, this.#maxNesting)}`);
      return;
    }
    let args: unknown;
    try {
      args = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      const arguments_ = `the arguments of the call to \`${call.name}\``;
      if (call.closed) fail(`${arguments_} are not valid JSON: ${(error as Error).message}`);
      else if (atEnd) fail(`${arguments_} are cut off: expected their JSON to close, got the end of the message after ${describeValue(text)}`);
      else fail(`${arguments_} never close: ${describeValue(text)}`);
      return;
    }
    if (args === null || typeof args !== 'object') {
      fail(`the arguments of the call to \`${call.name}\` must be a JSON object, got ${describeValue(args)}`);
      return;
    }
    const read = readJsonArguments(args, this.#maxNesting);
    if ('tooDeep' in read) {
      fail(`the arguments of the call to \`${call.name}\` nest too deeply: ${nestingProblem(read.tooDeep, this.#maxNesting)}`);
      return;
    }
    this.#graph.add({ id, tool: call.name, positional: read.positional, named: read.named, thought: call.thought, source, line: undefined, syntaxError: undefined });
  }

  /**
   * The answer a `join` call states in its `answer` argument, references read. Arguments that are not a
   * JSON object, or a bare `$N` naming no task, are ignored with a `join-arguments` warning.
   */
  #readAnswer(text: string): PlanAnswer | undefined {
    if (text.trim() === '') return undefined;
    let args: unknown;
    try {
      args = JSON.parse(text);
    } catch {
      args = undefined;
    }
    let problem: string;
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      problem = `expected a JSON object, got ${describeValue(text)}`;
    } else {
      const answer: unknown = (args as Record<string, unknown>).answer;
      if (answer === undefined || answer === null) return undefined;
      const read = readJsonArguments({ answer }, this.#maxNesting);
      if ('tooDeep' in read) {
        problem = `the answer nests too deeply: ${nestingProblem(read.tooDeep, this.#maxNesting)}`;
      } else {
        const bound = this.#graph.bindAnswer(read.named[0]![1], JSON.stringify(answer));
        if (!('problem' in bound)) return bound;
        problem = bound.problem;
      }
    }
    this.#events.push({ type: 'warning', warning: { code: 'join-arguments', message: `Ignored the arguments of the \`join\` call: ${problem}` } });
    return undefined;
  }

  #finish(reason: PlanEndReason, answer?: PlanAnswer): void {
    this.#ended = true;
    this.#graph.end();
    const thought = this.#text.trim();
    this.#text = '';
    this.#events.push({ type: 'end', reason, thought: thought === '' ? undefined : thought, answer });
  }
}
