import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TaskGraph } from './task-graph.js';
import { END_OF_PLAN } from './end-of-plan.js';
import { EventQueue } from './event-queue.js';
import type { ArgValue } from '../graph/reference.js';
import type { PlanAnswer, PlanEndReason, PlanEvent } from './plan-event.js';
import { ignoreToolCall } from './ignore-tool-call.js';
import { DEFAULT_MAX_NESTING, type PlanParser, type PlanParserOptions, type ToolCallDelta } from './plan-parser.js';
import type { PlanWarning } from './plan-warning.js';
import { readJoinTask, readJsonTask, readTaskId } from './json-task.js';
import { toToolMap } from './tool-map.js';

/** Keys of a wrapper object whose array holds the tasks: `{"tasks": [...]}`. */
const WRAPPER_KEYS = new Set(['tasks', 'plan', 'steps', 'calls', 'actions']);

/**
 * The streaming parser of JSON plans. It accepts
 *
 * - an array of tasks: `[{"id": 1, "tool": "search", "args": {"query": "x"}}, ...]`,
 * - an object holding one: `{"tasks": [...]}` (also `plan`, `steps`, `calls`, `actions`),
 * - or one task object after another (one per line).
 *
 * Each task is reported when its closing brace arrives; `{"tool": "join"}` ends the plan. Tasks may come
 * in any order: a string that is exactly a reference (`"$3"`) may name a later task, and the task waits
 * for it; tasks that wait for each other in a cycle are reported with an error. Text outside the JSON
 * (prose, markdown fences) is skipped with a warning. Work is linear: each character is scanned once and
 * each task's text is parsed once. The scan counts how deeply each task nests, so a task deeper than
 * `maxNesting` fails without being parsed; once the plan holds `maxTasks` tasks, further task objects are
 * only checked for a `join` and counted.
 */
export class JsonPlanParser implements PlanParser {
  readonly #graph: TaskGraph;
  readonly #events = new EventQueue();
  /** Indexes of native tool calls already reported as ignored. */
  readonly #ignoredCalls = new Set<number>();
  #buffer = '';
  #pos = 0;
  #line = 1;
  /** Closers of the open brackets, outermost first. */
  #stack: string[] = [];
  /** The quote of the string being read (`"`, or `'` in a leniently quoted plan), or `''` outside strings. */
  #quote = '';
  #escape = false;
  #stringStart = 0;
  /** Depth (stack length) at which task objects stand: 0 for bare objects, 1 in a root array, 2 in a wrapper. */
  #taskDepth = 0;
  #taskStart = -1;
  #taskLine = 1;
  /** The deepest the bracket stack went inside the current task. */
  #taskDeepest = 0;
  readonly #maxNesting: number;
  /** The last string closed at depth 1 of a root object, and whether a `:` followed it. */
  #key: string | undefined;
  #afterKey = false;
  /** Text outside any JSON value, reported once its line ends, and the line it is on. */
  #outside = '';
  #outsideLine = 1;
  #ended = false;
  readonly #nextId = (): number => this.#graph.nextId;

  constructor(options: PlanParserOptions) {
    this.#graph = new TaskGraph(
      { tools: toToolMap(options.tools), existingIds: options.existingIds, forwardReferences: true, maxTasks: options.maxTasks },
      (event) => this.#events.push(event),
    );
    this.#maxNesting = options.maxNesting ?? DEFAULT_MAX_NESTING;
  }

  push(chunk: string): readonly PlanEvent[] {
    this.#buffer += chunk;
    this.#scan();
    return this.#events.drain();
  }

  pushToolCall(delta: ToolCallDelta): readonly PlanEvent[] {
    return ignoreToolCall(delta, this.#ignoredCalls, this.#events, 'json');
  }

  end(): readonly PlanEvent[] {
    this.#scan();
    if (this.#stack.length > 0 && this.#taskStart !== -1 && !this.#ended) {
      const text = this.#buffer.slice(this.#taskStart);
      this.#addTask(text, `is cut off: expected \`${[...this.#stack.slice(this.#taskDepth)].reverse().join('')}\` to close it, got the end of the plan`);
    }
    this.#flushOutside();
    if (!this.#ended) {
      this.#warn({ code: 'missing-join', message: 'The plan ended without a `join` task', line: this.#line });
      this.#finish('eof', undefined, undefined);
    }
    return this.#events.drain();
  }

  #scan(): void {
    const buffer = this.#buffer;
    for (let pos = this.#pos; pos < buffer.length; pos++) {
      const char = buffer[pos]!;
      if (char === '\n') this.#line++;
      if (this.#quote !== '') {
        if (this.#escape) this.#escape = false;
        else if (char === '\\') this.#escape = true;
        else if (char === this.#quote) {
          this.#quote = '';
          if (this.#stack.length === 1 && this.#stack[0] === '}' && this.#taskDepth !== 1) {
            this.#key = buffer.slice(this.#stringStart + 1, pos);
            this.#afterKey = false;
          }
        }
        continue;
      }
      if (this.#stack.length === 0) {
        if (char !== '[' && char !== '{') {
          if (char === '\n') {
            this.#flushOutside();
          } else {
            if (this.#outside === '') this.#outsideLine = this.#line;
            this.#outside += char;
          }
          continue;
        }
        this.#flushOutside();
        this.#taskDepth = char === '[' ? 1 : 0;
        this.#key = undefined;
      }
      switch (char) {
        case '"':
        case "'":
          this.#quote = char;
          this.#stringStart = pos;
          break;
        case ':':
          if (this.#key !== undefined && this.#stack.length === 1) this.#afterKey = true;
          break;
        case '[':
        case '{':
          if (char === '[' && this.#stack.length === 1 && this.#taskDepth === 0 && this.#afterKey && WRAPPER_KEYS.has(this.#key ?? '')) {
            // `{"tasks": [` : the root object is a wrapper, its array holds the tasks.
            this.#taskDepth = 2;
            this.#taskStart = -1;
          }
          if (this.#stack.length === this.#taskDepth && this.#taskStart === -1) {
            this.#taskStart = pos;
            this.#taskLine = this.#line;
            this.#taskDeepest = 0;
          }
          this.#stack.push(char === '[' ? ']' : '}');
          if (this.#stack.length > this.#taskDeepest) this.#taskDeepest = this.#stack.length;
          break;
        case ']':
        case '}':
          if (this.#stack[this.#stack.length - 1] === char) this.#stack.pop();
          if (this.#stack.length === this.#taskDepth && this.#taskStart !== -1) {
            const text = buffer.slice(this.#taskStart, pos + 1);
            this.#taskStart = -1;
            if (char === '}') this.#addTask(text, undefined);
            else this.#warn({ code: 'ignored-text', message: `Ignored a value that is not a task object: ${text.slice(0, 200)}`, line: this.#taskLine });
          }
          break;
        default:
          if (this.#stack.length === 1 && this.#afterKey && char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') {
            this.#afterKey = false;
          }
      }
    }
    // Keep only the unfinished task's text: every finished task has been read.
    const keep = this.#taskStart !== -1 ? this.#taskStart : this.#quote !== '' ? this.#stringStart : buffer.length;
    this.#buffer = buffer.slice(keep);
    if (this.#taskStart !== -1) this.#taskStart -= keep;
    this.#stringStart -= keep;
    this.#pos = this.#buffer.length;
  }

  #addTask(text: string, cutOff: string | undefined): void {
    if (this.#ended) {
      this.#warn({ code: 'text-after-join', message: `Ignored a task after the \`join\` task: ${text.slice(0, 200)}`, line: this.#taskLine });
      return;
    }
    // The task object and its `args` are two levels; the arguments' own lists and objects are under them.
    const nesting = Math.max(0, this.#taskDeepest - this.#taskDepth - 2);
    if (this.#graph.full) {
      const join = cutOff === undefined && nesting <= this.#maxNesting ? readJoinTask(text) : undefined;
      if (join !== undefined) this.#finish('join', join.thought, undefined);
      else this.#graph.drop(readTaskId(text) ?? this.#graph.nextId, this.#taskLine);
      return;
    }
    const read = readJsonTask(text, { line: this.#taskLine, fallbackId: this.#nextId, maxNesting: this.#maxNesting, nesting });
    if (cutOff !== undefined) {
      // A task cut off by the end of the stream never runs, even where its text happens to parse.
      if (read.kind === 'join') return;
      const id = read.call.id ?? this.#graph.nextId;
      const error = new PlanSyntaxError({ problem: `the JSON task ${cutOff}`, taskId: id, line: this.#taskLine });
      this.#graph.add({ ...read.call, id, positional: [], named: [], source: text.trim(), syntaxError: error });
    } else if (read.kind === 'join') {
      this.#finish('join', read.thought, this.#readAnswer(read.answer, text));
    } else {
      this.#graph.add(read.call);
    }
  }

  #flushOutside(): void {
    const text = this.#outside.trim();
    this.#outside = '';
    if (text === '' || text === END_OF_PLAN || text === ',') return;
    if (text.startsWith('```')) {
      this.#warn({ code: 'markdown-fence', message: `Ignored a markdown fence: ${text}`, line: this.#outsideLine });
    } else {
      this.#warn({ code: this.#ended ? 'text-after-join' : 'ignored-text', message: `Ignored text outside the JSON plan: ${text.slice(0, 200)}`, line: this.#outsideLine });
    }
  }

  /** The answer a join states, references read; a bare `$N` naming no task is ignored, with a warning. */
  #readAnswer(value: ArgValue | undefined, text: string): PlanAnswer | undefined {
    if (value === undefined) return undefined;
    const answer = this.#graph.bindAnswer(value, JSON.stringify(value));
    if (!('problem' in answer)) return answer;
    this.#warn({ code: 'join-arguments', message: `Ignored the answer of the \`join\` task: ${answer.problem}: ${text.slice(0, 200)}`, line: this.#taskLine });
    return undefined;
  }

  #finish(reason: PlanEndReason, thought: string | undefined, answer: PlanAnswer | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#graph.end();
    this.#events.push({ type: 'end', reason, thought, answer });
  }

  #warn(warning: PlanWarning): void {
    this.#events.push({ type: 'warning', warning });
  }
}
