import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TaskGraph } from './task-graph.js';
import type { PlanCall } from '../graph/task.js';
import { END_OF_PLAN } from './end-of-plan.js';
import { EventQueue } from './event-queue.js';
import { LineStart, LineStartKind } from './line-start.js';
import type { PlanAnswer, PlanEndReason, PlanEvent } from './plan-event.js';
import { ignoreToolCall } from './ignore-tool-call.js';
import { DEFAULT_MAX_NESTING, type PlanParser, type PlanParserOptions, type ToolCallDelta } from './plan-parser.js';
import type { PlanWarning } from './plan-warning.js';
import { ArgumentSyntaxError, nestingProblem, parseArguments, type ParsedArguments } from './parse-arguments.js';
import { toToolMap } from './tool-map.js';

/** `3. search(` at the start of a line, matched in place (sticky): the fast path for a line that came whole. */
const TASK_START = /[ \t]*(\d+)[ \t]*\.[ \t]*([A-Za-z_][A-Za-z0-9_-]*)([ \t]*)\(/y;
const THOUGHT = /^[ \t]*thought[ \t]*:/i;
const FENCE = /^[ \t]*```/;
const BARE_JOIN = /^[ \t]*join[ \t]*\([ \t]*\)/;
/** Characters after which a quote opens a string; elsewhere (`Schindler's`) it is a plain character. */
const VALUE_START = new Set(['(', '[', '{', ',', ':', '=']);
const CLOSER: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
/** How much of a line inside a call is enough to tell whether it starts a task (and so ends the call). */
const LINE_PROBE = 256;

const enum Mode {
  /** At the start of a line outside any call: is it a task? */
  LineStart,
  /** The rest of a line that is not a task, read whole at its end. */
  Line,
  /** Inside a call's parentheses. */
  Call,
  /** At the start of a line inside a call: does it show that the call was left open? */
  CallLineStart,
  /** After a call's closing parenthesis, on the same line. */
  AfterCall,
}

/**
 * The streaming parser of the text plan format (the paper's):
 *
 * ```text
 * Thought: I need both depths first.
 * 1. search("Mariana Trench")
 * 2. search(query="Puerto Rico Trench")
 * 3. math("difference in depth in meters", context=[$1, $2])
 * 4. join()<END_OF_PLAN>
 * ```
 *
 * Feed it any chunking of the text; it reports each task the moment its closing parenthesis arrives. It
 * scans balanced brackets and quotes, so an argument may span lines; a call that is never closed is
 * reported as a task with a {@link PlanSyntaxError} once the next task line (or the end) shows it, unless
 * only its closing parenthesis is missing (then it is read as closed, with an `unclosed-call` warning).
 *
 * Work is linear in the text whatever the chunking: each push is scanned from where the last one stopped,
 * with the scan's state (mode, bracket stack, quote, how far a line start has been recognised) kept across
 * pushes. Text that must be kept (a call's source, a line read whole) is kept as the pieces in which it came
 * and joined once, when its end has come; nothing is appended to a growing buffer and read again, and nothing
 * is read again from the start of a line or call. No character is read more than a fixed number of times: a
 * line start may be read by the in-place match of a task start and then by the line-start recogniser, and
 * the start of a line inside a call (at most {@link LINE_PROBE} characters) once more when it is known
 * whether it continues the call.
 */
export class TextPlanParser implements PlanParser {
  readonly #tools: ReadonlySet<string>;
  readonly #graph: TaskGraph;
  readonly #maxNesting: number;
  readonly #events = new EventQueue();
  /** Indexes of native tool calls already reported as ignored. */
  readonly #ignoredCalls = new Set<number>();

  #mode: Mode = Mode.LineStart;
  /** 1-based number of the line being read. */
  #line = 1;
  readonly #start = new LineStart();
  /** The current line's text read so far (outside a call, or the start of a line inside one), in pieces. */
  #lineParts: string[] = [];
  #thoughts: string[] = [];
  #ended = false;

  // The call being read.
  #callId = 0;
  #callTool = '';
  #callLine = 1;
  #callThought: string | undefined;
  /**
   * The call's source from its tool name, in the pieces of earlier pushes; the piece in the text being
   * scanned starts at `#keepFrom` when the call started in it. Nothing is kept for a call past `maxTasks`.
   */
  #callParts: string[] = [];
  #keepFrom = -1;
  /** The length of `tool(` at the start of the source. */
  #prefix = 0;
  /** How many characters of arguments have been read. */
  #argsLength = 0;
  /** Whether the call comes past `maxTasks`: it is scanned for its end, then counted, not parsed. */
  #dropping = false;
  #stack: string[] = [];
  #quote = '';
  #quoteLine = 0;
  #escape = false;
  #lastSignificant = '(';
  /** Where, in the arguments, brackets first nested deeper than `maxNesting`. */
  #tooDeepAt: number | undefined;

  constructor(options: PlanParserOptions) {
    const tools = toToolMap(options.tools);
    this.#tools = new Set(tools.keys());
    this.#maxNesting = options.maxNesting ?? DEFAULT_MAX_NESTING;
    this.#graph = new TaskGraph({ tools, existingIds: options.existingIds, maxTasks: options.maxTasks }, (event) => this.#events.push(event));
  }

  push(chunk: string): readonly PlanEvent[] {
    this.#scan(chunk);
    return this.#events.drain();
  }

  pushToolCall(delta: ToolCallDelta): readonly PlanEvent[] {
    return ignoreToolCall(delta, this.#ignoredCalls, this.#events, 'text');
  }

  end(): readonly PlanEvent[] {
    if (this.#mode === Mode.CallLineStart) {
      // The text ended before the line showed anything that would end the call: it continues the call.
      this.#mode = Mode.Call;
      this.#scan(this.#takeLine(''));
    }
    if (this.#mode === Mode.Call) {
      this.#unterminated('the end of the plan');
      this.#mode = Mode.LineStart;
    }
    const rest = this.#takeLine('');
    if (this.#mode === Mode.AfterCall) this.#readAfterCall(rest);
    else this.#readLine(rest);
    if (!this.#ended) {
      this.#warn({ code: 'missing-join', message: 'The plan ended without `join()`', line: this.#line });
      this.#finish('eof');
    }
    return this.#events.drain();
  }

  /** Reads `text` on from where the last push stopped. Every step reads on or changes the mode. */
  #scan(text: string): void {
    let i = 0;
    while (i < text.length) {
      switch (this.#mode) {
        case Mode.LineStart:
          i = this.#scanLineStart(text, i);
          break;
        case Mode.Line:
          i = this.#scanLine(text, i);
          break;
        case Mode.Call:
          i = this.#scanCall(text, i);
          break;
        case Mode.CallLineStart:
          i = this.#scanCallLineStart(text, i);
          break;
        case Mode.AfterCall:
          i = this.#scanAfterCall(text, i);
          break;
      }
    }
  }

  /** At the start of a line outside a call: starts a call if the line begins with `N. tool(`. */
  #scanLineStart(text: string, from: number): number {
    if (this.#ended) {
      this.#mode = Mode.Line;
      return from;
    }
    const start = this.#start;
    if (start.length === 0) {
      // A task line that came whole in this text is matched in place; the recogniser below reads the rest.
      TASK_START.lastIndex = from;
      const match = TASK_START.exec(text);
      if (match !== null && this.#isCall(match[2]!, match[3] !== '')) {
        const argsStart = TASK_START.lastIndex;
        this.#startCall(Number(match[1]), match[2]!, text, argsStart - 1 - match[3]!.length - match[2]!.length, argsStart);
        return argsStart;
      }
    }
    const end = start.read(text, from, Number.POSITIVE_INFINITY);
    if (start.kind === LineStartKind.Undecided) {
      this.#lineParts.push(text.slice(from, end));
      return end;
    }
    this.#mode = Mode.Line;
    if (start.kind === LineStartKind.Task) {
      const whole = this.#lineParts.length === 0;
      const head = this.#takeLine(text.slice(from, end));
      const tool = head.slice(start.toolStart, start.toolEnd);
      if (this.#isCall(tool, start.spaced)) {
        if (whole) this.#startCall(Number(start.id), tool, text, from + start.toolStart, end);
        else this.#startCall(Number(start.id), tool, head, start.toolStart, head.length);
        return end;
      }
      this.#lineParts.push(head);
    } else if (end > from) {
      this.#lineParts.push(text.slice(from, end));
    }
    return end;
  }

  /** `1. Search (the web)` is prose: a space before the parenthesis is accepted only for a known tool. */
  #isCall(tool: string, spaced: boolean): boolean {
    return !spaced || tool === 'join' || this.#tools.has(tool);
  }

  /** The rest of a line that is not a task. */
  #scanLine(text: string, from: number): number {
    const newline = text.indexOf('\n', from);
    if (newline === -1) {
      this.#lineParts.push(text.slice(from));
      return text.length;
    }
    this.#readLine(this.#takeLine(text.slice(from, newline)));
    this.#nextLine(Mode.LineStart);
    return newline + 1;
  }

  /** A whole line that is not a task: a thought, `join()`, `<END_OF_PLAN>`, a fence, a blank line or prose. */
  #readLine(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (this.#ended) {
      if (trimmed !== END_OF_PLAN) {
        this.#warn({ code: 'text-after-join', message: `Ignored text after the end of the plan: ${trimmed}`, line: this.#line });
      }
    } else if (THOUGHT.test(text)) {
      this.#thoughts.push(text.replace(THOUGHT, '').trim());
    } else if (BARE_JOIN.test(text)) {
      this.#finish('join');
    } else if (trimmed.includes(END_OF_PLAN)) {
      const before = trimmed.slice(0, trimmed.indexOf(END_OF_PLAN)).trim();
      if (before !== '') this.#ignored(before);
      this.#finish('end-of-plan');
    } else if (FENCE.test(text)) {
      this.#warn({ code: 'markdown-fence', message: `Ignored a markdown fence: ${trimmed}`, line: this.#line });
    } else {
      this.#ignored(trimmed);
    }
  }

  #ignored(text: string): void {
    this.#warn({ code: 'ignored-text', message: `Ignored a line that is not a task: ${text}`, line: this.#line });
  }

  /** Takes the current line's pieces, then `last`, as one string. */
  #takeLine(last: string): string {
    if (this.#lineParts.length === 0) return last;
    this.#lineParts.push(last);
    const line = this.#lineParts.join('');
    this.#lineParts = [];
    return line;
  }

  /** Moves past a newline. */
  #nextLine(mode: Mode.LineStart | Mode.CallLineStart): void {
    this.#line++;
    this.#start.reset();
    this.#mode = mode;
  }

  /** Starts a call whose tool name starts at `sourceStart` in `text` and its arguments at `argsStart`. */
  #startCall(id: number, tool: string, text: string, sourceStart: number, argsStart: number): void {
    this.#callId = id;
    this.#callTool = tool;
    this.#callLine = this.#line;
    this.#callThought = this.#thoughts.length > 0 ? this.#thoughts.join('\n') : undefined;
    this.#thoughts = [];
    // Past `maxTasks` a call is only scanned for its end: its text is not kept, its arguments not read.
    this.#dropping = tool !== 'join' && this.#graph.full;
    this.#prefix = argsStart - sourceStart;
    this.#callParts = [];
    if (argsStart === text.length) {
      // The call starts at the end of this text (or of a line start read in pieces): keep its prefix now.
      if (!this.#dropping) this.#callParts.push(text.slice(sourceStart));
      this.#keepFrom = -1;
    } else {
      this.#keepFrom = sourceStart;
    }
    this.#argsLength = 0;
    this.#stack = [];
    this.#quote = '';
    this.#escape = false;
    this.#lastSignificant = '(';
    this.#tooDeepAt = undefined;
    this.#mode = Mode.Call;
  }

  /** Scans a call's arguments for its closing parenthesis, tracking brackets and strings. */
  #scanCall(text: string, from: number): number {
    const length = text.length;
    const keepFrom = this.#keepFrom === -1 ? from : this.#keepFrom;
    this.#keepFrom = -1;
    for (let pos = from; pos < length; pos++) {
      const char = text[pos]!;
      if (this.#quote !== '') {
        if (this.#escape) {
          this.#escape = false;
          // A newline escaped inside a string continues the string, not a new line of the plan.
          if (char === '\n') this.#line++;
        } else if (char === '\\') this.#escape = true;
        else if (char === this.#quote) {
          this.#quote = '';
          this.#lastSignificant = char;
        } else if (char === '\n') return this.#callNewline(text, keepFrom, from, pos);
        continue;
      }
      switch (char) {
        case '"':
        case "'":
          if (VALUE_START.has(this.#lastSignificant)) {
            this.#quote = char;
            this.#quoteLine = this.#line;
          } else {
            this.#lastSignificant = char;
          }
          break;
        case '(':
        case '[':
        case '{':
          this.#stack.push(CLOSER[char]!);
          if (this.#stack.length > this.#maxNesting) this.#tooDeepAt ??= this.#argsLength + pos - from;
          this.#lastSignificant = char;
          break;
        case ')':
        case ']':
        case '}':
          if (this.#stack.length === 0 && char === ')') {
            this.#finishCall(this.#takeSource(text, keepFrom, from, pos + 1));
            this.#mode = Mode.AfterCall;
            return pos + 1;
          }
          // A closer that matches nothing is left for the argument parser to report.
          if (this.#stack[this.#stack.length - 1] === char) this.#stack.pop();
          this.#lastSignificant = char;
          break;
        case '\n':
          return this.#callNewline(text, keepFrom, from, pos);
        case ' ':
        case '\t':
        case '\r':
          break;
        default:
          this.#lastSignificant = char;
      }
    }
    this.#keep(text, keepFrom, from, length);
    return length;
  }

  /** Keeps `text[keepFrom, to)` as part of the call's source; the arguments read on from `from`. */
  #keep(text: string, keepFrom: number, from: number, to: number): void {
    if (!this.#dropping && to > keepFrom) this.#callParts.push(text.slice(keepFrom, to));
    this.#argsLength += to - from;
  }

  /** The call's whole source, ending at `text[to - 1]`: one slice when it came in one text. */
  #takeSource(text: string, keepFrom: number, from: number, to: number): string {
    if (this.#dropping) return '';
    if (this.#callParts.length === 0) return text.slice(keepFrom, to);
    this.#keep(text, keepFrom, from, to);
    const source = this.#callParts.join('');
    this.#callParts = [];
    return source;
  }

  /** A newline inside the call: the next line may show that the call was never closed. */
  #callNewline(text: string, keepFrom: number, from: number, newline: number): number {
    this.#keep(text, keepFrom, from, newline + 1);
    this.#nextLine(Mode.CallLineStart);
    return newline + 1;
  }

  /**
   * At a line start inside a call: a new task, a thought, a fence, `join()` or `<END_OF_PLAN>` means the call
   * was left open; anything else continues it. Either way the characters read to decide are read again.
   */
  #scanCallLineStart(text: string, from: number): number {
    const start = this.#start;
    const end = start.read(text, from, LINE_PROBE);
    if (start.kind === LineStartKind.Undecided) {
      this.#lineParts.push(text.slice(from, end));
      return end;
    }
    const head = this.#takeLine(text.slice(from, end));
    if (start.kind === LineStartKind.Other) {
      this.#mode = Mode.Call;
    } else {
      this.#closeOpenCall(start.kind, head);
      this.#start.reset();
      this.#mode = Mode.LineStart;
    }
    this.#scan(head);
    return end;
  }

  /** Ends the call left open before a line of the given kind. */
  #closeOpenCall(kind: LineStartKind, head: string): void {
    // Name what was found by what it is, never by how much of its line has arrived: any chunking of the
    // text must give the same message.
    const found =
      kind === LineStartKind.Task
        ? `a new task \`${head.trim()}\``
        : kind === LineStartKind.Thought
          ? 'a `Thought:` line'
          : kind === LineStartKind.Fence
            ? 'a markdown fence'
            : kind === LineStartKind.Join
              ? '`join()`'
              : `\`${END_OF_PLAN}\``;
    const got = `${found} on line ${this.#line}`;
    if (kind !== LineStartKind.Task || !this.#closeAtLineEnd(got)) this.#unterminated(got);
  }

  /**
   * `1. search("a"` followed by the next task line: only the closing parenthesis is missing (the paper's own
   * ParallelQA example has such lines, and models copy it). When the arguments are balanced, end on a value
   * and parse, the call is read as closed at the end of its line, with a warning. Returns whether it was.
   */
  #closeAtLineEnd(got: string): boolean {
    if (this.#dropping || this.#callTool === 'join' || this.#quote !== '' || this.#stack.length > 0) return false;
    // An empty argument list, or one that ends in a comma, was still being written.
    if (this.#lastSignificant === '(' || this.#lastSignificant === ',') return false;
    const source = this.#callParts.join('').trimEnd();
    const parsed = this.#parseArguments(source.slice(this.#prefix));
    if (parsed instanceof ArgumentSyntaxError) return false;
    this.#callParts = [];
    // The line on which the call's text ends, before the line that showed it open.
    let line = this.#callLine;
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) line++;
    this.#warn({
      code: 'unclosed-call',
      message: `Task ${this.#callId}: expected \`)\` to close the call to \`${this.#callTool}\` at the end of line ${line}, got ${got}; read the call as closed there`,
      taskId: this.#callId,
      line: this.#callLine,
    });
    this.#addParsed(source, parsed);
    return true;
  }

  /** Reads the rest of a task's line after its closing parenthesis. */
  #scanAfterCall(text: string, from: number): number {
    const newline = text.indexOf('\n', from);
    if (newline === -1) {
      this.#lineParts.push(text.slice(from));
      return text.length;
    }
    this.#readAfterCall(this.#takeLine(text.slice(from, newline)));
    this.#nextLine(Mode.LineStart);
    return newline + 1;
  }

  #readAfterCall(text: string): void {
    const rest = text.trim();
    this.#mode = Mode.LineStart;
    if (rest === '' || rest.startsWith('#') || rest.startsWith('//')) return;
    const marker = rest.indexOf(END_OF_PLAN);
    const before = marker === -1 ? rest : rest.slice(0, marker).trim();
    if (before !== '') {
      this.#warn({
        code: this.#ended ? 'text-after-join' : 'trailing-text',
        message: `Ignored text after the call on line ${this.#line}: ${before}`,
        line: this.#line,
      });
    }
    if (marker !== -1 && !this.#ended) this.#finish('end-of-plan');
  }

  /** The call's closing parenthesis has come. */
  #finishCall(source: string): void {
    if (this.#dropping) {
      this.#graph.drop(this.#callId, this.#callLine);
      return;
    }
    const raw = source.slice(this.#prefix, -1);
    if (this.#callTool === 'join') {
      const answer = raw.trim() === '' ? undefined : this.#readAnswer(raw, source);
      this.#thoughts = this.#callThought === undefined ? [] : [this.#callThought];
      this.#finish('join', answer);
      return;
    }
    const parsed = this.#parseArguments(raw);
    if (parsed instanceof ArgumentSyntaxError) {
      const problem = `cannot read the arguments of \`${this.#callTool}\`: ${parsed.message}`;
      this.#graph.add(this.#call(source, [], [], new PlanSyntaxError({ problem, taskId: this.#callId, line: this.#callLine })));
    } else {
      this.#addParsed(source, parsed);
    }
  }

  /**
   * The answer `join` states: its one argument, positional or `answer=`, with its references read. Anything
   * else (arguments that cannot be read, more than one, a bare `$N` that names no task) is ignored with a
   * `join-arguments` warning: the plan then states no answer.
   */
  #readAnswer(raw: string, source: string): PlanAnswer | undefined {
    const parsed = this.#parseArguments(raw);
    let problem: string;
    if (parsed instanceof ArgumentSyntaxError) {
      problem = `they cannot be read: ${parsed.message}`;
    } else {
      const values = [...parsed.positional, ...parsed.named.filter(([name]) => name === 'answer').map(([, value]) => value)];
      const others = parsed.named.filter(([name]) => name !== 'answer').map(([name]) => `\`${name}\``);
      if (values.length === 1 && others.length === 0) {
        const answer = this.#graph.bindAnswer(values[0]!, raw.trim());
        if (!('problem' in answer)) return answer;
        problem = answer.problem;
      } else {
        problem = others.length > 0 ? `\`join\` takes only \`answer\`, got ${others.join(', ')}` : `expected one answer, got ${values.length} arguments`;
      }
    }
    this.#warn({ code: 'join-arguments', message: `Ignored the arguments of ${source}: ${problem}`, line: this.#callLine });
    return undefined;
  }

  #parseArguments(raw: string): ParsedArguments | ArgumentSyntaxError {
    try {
      return parseArguments(raw, { maxNesting: this.#maxNesting });
    } catch (error) {
      if (error instanceof ArgumentSyntaxError) return error;
      throw error;
    }
  }

  #addParsed(source: string, parsed: ParsedArguments): void {
    const id = this.#callId;
    for (const text of parsed.unquoted) {
      this.#warn({
        code: 'unquoted-argument',
        message: `Task ${id}: unquoted \`${text}\` was read as the string ${JSON.stringify(text)}`,
        taskId: id,
        line: this.#callLine,
      });
    }
    this.#graph.add(this.#call(source, parsed.positional, parsed.named, undefined));
  }

  /** Reports the current call as never closed, as a task that fails with a syntax error. */
  #unterminated(got: string): void {
    const source = this.#callParts.join('').trimEnd();
    this.#callParts = [];
    if (this.#callTool === 'join') {
      this.#finish('join');
    } else if (this.#dropping) {
      this.#graph.drop(this.#callId, this.#callLine);
    } else {
      // Past `maxNesting` the brackets to close are too many to list: the depth is the first problem.
      const problem =
        this.#tooDeepAt !== undefined
          ? `cannot read the arguments of \`${this.#callTool}\`: ${nestingProblem(this.#maxNesting, this.#tooDeepAt)}`
          : `the call to \`${this.#callTool}\` on line ${this.#callLine} is not closed: expected ${
              this.#quote !== ''
                ? `the closing \`${this.#quote}\` of the string that opens on line ${this.#quoteLine}`
                : `\`${[...this.#stack].reverse().join('')})\` to close the call`
            }, got ${got}`;
      this.#graph.add(this.#call(source, [], [], new PlanSyntaxError({ problem, taskId: this.#callId, line: this.#callLine })));
    }
    this.#quote = '';
    this.#stack = [];
  }

  #call(
    source: string,
    positional: PlanCall['positional'],
    named: PlanCall['named'],
    syntaxError: PlanSyntaxError | undefined,
  ): PlanCall {
    return {
      id: this.#callId,
      tool: this.#callTool,
      positional,
      named,
      thought: this.#callThought,
      source,
      line: this.#callLine,
      syntaxError,
    };
  }

  #finish(reason: PlanEndReason, answer?: PlanAnswer): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#graph.end();
    const thought = this.#thoughts.length > 0 ? this.#thoughts.join('\n') : undefined;
    this.#thoughts = [];
    this.#events.push({ type: 'end', reason, thought, answer });
  }

  #warn(warning: PlanWarning): void {
    this.#events.push({ type: 'warning', warning });
  }
}
