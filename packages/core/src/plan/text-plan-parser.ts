import { PlanSyntaxError } from '../errors/plan-syntax-error.js';
import { TaskGraph } from './task-graph.js';
import type { PlanCall } from '../graph/task.js';
import { END_OF_PLAN } from './end-of-plan.js';
import { EventQueue } from './event-queue.js';
import type { PlanEndReason, PlanEvent } from './plan-event.js';
import { ignoreToolCall } from './ignore-tool-call.js';
import type { PlanParser, PlanParserOptions, ToolCallDelta } from './plan-parser.js';
import type { PlanWarning } from './plan-warning.js';
import { ArgumentSyntaxError, parseArguments } from './parse-arguments.js';
import { toToolMap } from './tool-map.js';

/** `3. search(` at the start of a line. */
const TASK_START = /^[ \t]*(\d+)[ \t]*\.[ \t]*([A-Za-z_][A-Za-z0-9_-]*)([ \t]*)\(/;
/** The same, matched in place in the buffer (sticky), so that reading a task line copies nothing. */
const TASK_START_AT = /[ \t]*(\d+)[ \t]*\.[ \t]*([A-Za-z_][A-Za-z0-9_-]*)([ \t]*)\(/y;
/** A line start that may still become a task start once more text arrives. */
const TASK_START_PREFIX = /^[ \t]*(?:\d+(?:[ \t]*(?:\.(?:[ \t]*(?:[A-Za-z_][A-Za-z0-9_-]*[ \t]*)?)?)?)?)?$/;
const THOUGHT = /^[ \t]*thought[ \t]*:/i;
const THOUGHT_PREFIX = /^[ \t]*(?:t(?:h(?:o(?:u(?:g(?:h(?:t[ \t]*)?)?)?)?)?)?)?$/i;
const FENCE = /^[ \t]*```/;
const BARE_JOIN = /^[ \t]*join[ \t]*\([ \t]*\)/;
/** Characters after which a quote opens a string; elsewhere (`Schindler's`) it is a plain character. */
const VALUE_START = new Set(['(', '[', '{', ',', ':', '=']);
const CLOSER: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
/** How much of a line is enough to tell whether it starts a task. */
const LINE_PROBE = 256;
/**
 * Consumed text is dropped at a line start once it is over half the buffer: streamed text keeps the buffer
 * about a line long (appending to a long string and then reading it makes V8 copy it whole), while text
 * pushed all at once is copied only a logarithmic number of times.
 */
const TRIM_AT = 256;

const enum Mode {
  /** At the start of a line outside any call. */
  Line,
  /** Inside a call's parentheses. */
  Call,
  /** At the start of a line inside a call: deciding whether the call was left unterminated. */
  CallLineStart,
  /** After a call's closing parenthesis, on the same line. */
  AfterCall,
  /** After `join()` or `<END_OF_PLAN>`. */
  Ended,
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
 * reported as a task with a {@link PlanSyntaxError} once the next task line (or the end) shows it.
 * Work is linear in the text: every character is scanned once.
 */
export class TextPlanParser implements PlanParser {
  readonly #tools: ReadonlySet<string>;
  readonly #graph: TaskGraph;
  readonly #events = new EventQueue();
  /** Indexes of native tool calls already reported as ignored. */
  readonly #ignoredCalls = new Set<number>();

  #buffer = '';
  #pos = 0;
  /** 1-based line number at `#pos`. */
  #line = 1;
  #mode: Mode = Mode.Line;
  /** Where to resume looking for the end of the current line. */
  #scanFrom = 0;
  /** The current line is known not to start a task (`'text'`) or to be a thought (`'thought'`). */
  #lineKind: 'text' | 'thought' | undefined;
  #thoughts: string[] = [];

  // The call being read.
  #callId = 0;
  #callTool = '';
  #callStart = 0;
  #argsStart = 0;
  #callLine = 1;
  #callThought: string | undefined;
  #stack: string[] = [];
  #quote = '';
  #quoteLine = 0;
  #escape = false;
  #lastSignificant = '(';
  #ended = false;

  constructor(options: PlanParserOptions) {
    const tools = toToolMap(options.tools);
    this.#tools = new Set(tools.keys());
    this.#graph = new TaskGraph({ tools, existingIds: options.existingIds, maxTasks: options.maxTasks }, (event) => this.#events.push(event));
  }

  push(chunk: string): readonly PlanEvent[] {
    this.#buffer += chunk;
    this.#run(false);
    return this.#events.drain();
  }

  pushToolCall(delta: ToolCallDelta): readonly PlanEvent[] {
    return ignoreToolCall(delta, this.#ignoredCalls, this.#events, 'text');
  }

  end(): readonly PlanEvent[] {
    this.#run(true);
    if (!this.#ended) {
      this.#warn({ code: 'missing-join', message: 'The plan ended without `join()`', line: this.#line });
      this.#finish('eof');
    }
    return this.#events.drain();
  }

  #run(final: boolean): void {
    for (;;) {
      switch (this.#mode) {
        case Mode.Line:
        case Mode.Ended:
          if (!this.#readLine(final)) return;
          break;
        case Mode.Call:
          if (!this.#scanCall(final)) return;
          break;
        case Mode.CallLineStart:
          if (!this.#checkCallLine(final)) return;
          break;
        case Mode.AfterCall:
          if (!this.#readAfterCall(final)) return;
          break;
      }
    }
  }

  /** Reads one line outside a call. Returns false when more text is needed (or all is read). */
  #readLine(final: boolean): boolean {
    const newline = this.#buffer.indexOf('\n', Math.max(this.#pos, this.#scanFrom));
    if (newline === -1 && !final) {
      if (this.#mode === Mode.Line && this.#lineKind === undefined) {
        if (this.#tryStartCall()) return true;
        const partial = this.#buffer.slice(this.#pos, this.#pos + LINE_PROBE);
        if (TASK_START_PREFIX.test(partial) || THOUGHT_PREFIX.test(partial)) return false;
        this.#lineKind = THOUGHT.test(partial) ? 'thought' : 'text';
      }
      this.#scanFrom = this.#buffer.length;
      return false;
    }
    const end = newline === -1 ? this.#buffer.length : newline;
    if (end === this.#pos && newline === -1) return false;
    if (this.#mode === Mode.Line && this.#lineKind !== 'text' && this.#tryStartCall()) return true;
    const text = this.#buffer.slice(this.#pos, end);
    if (this.#mode === Mode.Ended) {
      const trimmed = text.trim();
      if (trimmed !== '' && trimmed !== END_OF_PLAN) {
        this.#warn({ code: 'text-after-join', message: `Ignored text after the end of the plan: ${trimmed}`, line: this.#line });
      }
    } else {
      this.#readOtherLine(text);
    }
    this.#nextLine(newline === -1 ? end : newline + 1);
    return newline !== -1;
  }

  /** A line that is not a task: a thought, `join()`, `<END_OF_PLAN>`, a fence, a blank line or prose. */
  #readOtherLine(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (THOUGHT.test(text)) {
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

  #nextLine(position: number): void {
    if (position > this.#pos && this.#buffer[position - 1] === '\n') this.#line++;
    this.#pos = position;
    this.#scanFrom = position;
    this.#lineKind = undefined;
    if (position >= TRIM_AT && position * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(position);
      this.#pos = 0;
      this.#scanFrom = 0;
    }
  }

  /** Starts reading a call if the current line begins with `N. tool(`. */
  #tryStartCall(): boolean {
    TASK_START_AT.lastIndex = this.#pos;
    const match = TASK_START_AT.exec(this.#buffer);
    if (match === null) return false;
    const [, id, tool, space] = match as unknown as [string, string, string, string];
    // `1. Search (the web)` is prose; a space before the parenthesis is accepted only for a known tool.
    if (space !== '' && !this.#tools.has(tool)) return false;
    const argsStart = TASK_START_AT.lastIndex;
    this.#callId = Number(id);
    this.#callTool = tool;
    this.#callStart = argsStart - 1 - space.length - tool.length;
    this.#argsStart = argsStart;
    this.#callLine = this.#line;
    this.#callThought = this.#thoughts.length > 0 ? this.#thoughts.join('\n') : undefined;
    this.#thoughts = [];
    this.#stack = [];
    this.#quote = '';
    this.#escape = false;
    this.#lastSignificant = '(';
    this.#pos = argsStart;
    this.#mode = Mode.Call;
    return true;
  }

  /** Scans a call's arguments for its closing parenthesis, tracking brackets and strings. */
  #scanCall(final: boolean): boolean {
    const buffer = this.#buffer;
    const length = buffer.length;
    let pos = this.#pos;
    for (; pos < length; pos++) {
      const char = buffer[pos]!;
      if (this.#quote !== '') {
        if (this.#escape) this.#escape = false;
        else if (char === '\\') this.#escape = true;
        else if (char === this.#quote) {
          this.#quote = '';
          this.#lastSignificant = char;
        } else if (char === '\n') break;
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
          this.#lastSignificant = char;
          break;
        case ')':
        case ']':
        case '}':
          if (this.#stack.length === 0 && char === ')') {
            this.#pos = pos;
            this.#finishCall(pos);
            this.#pos = pos + 1;
            this.#scanFrom = pos + 1;
            this.#mode = Mode.AfterCall;
            return true;
          }
          // A closer that matches nothing is left for the argument parser to report.
          if (this.#stack[this.#stack.length - 1] === char) this.#stack.pop();
          this.#lastSignificant = char;
          break;
        case '\n':
        case ' ':
        case '\t':
        case '\r':
          break;
        default:
          this.#lastSignificant = char;
      }
      if (char === '\n') break;
    }
    if (pos < length) {
      // A newline inside the call: the next line may show that the call was never closed.
      this.#pos = pos + 1;
      this.#line++;
      this.#mode = Mode.CallLineStart;
      return true;
    }
    this.#pos = pos;
    if (!final) return false;
    this.#unterminated('the end of the plan');
    this.#mode = this.#ended ? Mode.Ended : Mode.Line;
    return true;
  }

  /** At a line start inside a call: a new task, thought, fence or end marker means the call was left open. */
  #checkCallLine(final: boolean): boolean {
    const newline = this.#buffer.indexOf('\n', this.#pos);
    const complete = newline !== -1 || final;
    const text = this.#buffer.slice(this.#pos, newline === -1 ? Math.min(this.#buffer.length, this.#pos + LINE_PROBE) : Math.min(newline, this.#pos + LINE_PROBE));
    const trimmed = text.trimStart();
    // Name what was found by what it is, never by how much of its line has arrived: any chunking of the
    // text must give the same message.
    const task = TASK_START.exec(text);
    const found =
      task !== null
        ? `a new task \`${task[0].trim()}\``
        : THOUGHT.test(text)
          ? 'a `Thought:` line'
          : FENCE.test(text)
            ? 'a markdown fence'
            : BARE_JOIN.test(text)
              ? '`join()`'
              : trimmed.startsWith(END_OF_PLAN)
                ? `\`${END_OF_PLAN}\``
                : undefined;
    if (found !== undefined) {
      this.#unterminated(`${found} on line ${this.#line}`);
      this.#lineKind = undefined;
      this.#scanFrom = this.#pos;
      this.#mode = this.#ended ? Mode.Ended : Mode.Line;
      return true;
    }
    if (!complete && (TASK_START_PREFIX.test(text) || THOUGHT_PREFIX.test(text) || '```'.startsWith(trimmed) || END_OF_PLAN.startsWith(trimmed) || 'join()'.startsWith(trimmed))) {
      return false;
    }
    this.#mode = Mode.Call;
    return true;
  }

  /** Reads the rest of a task's line after its closing parenthesis. */
  #readAfterCall(final: boolean): boolean {
    const newline = this.#buffer.indexOf('\n', this.#scanFrom);
    if (newline === -1 && !final) {
      this.#scanFrom = this.#buffer.length;
      return false;
    }
    const end = newline === -1 ? this.#buffer.length : newline;
    const rest = this.#buffer.slice(this.#pos, end).trim();
    if (rest !== '' && !rest.startsWith('#') && !rest.startsWith('//')) {
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
    this.#mode = this.#ended ? Mode.Ended : Mode.Line;
    this.#nextLine(newline === -1 ? end : newline + 1);
    return newline !== -1;
  }

  #finishCall(close: number): void {
    const raw = this.#buffer.slice(this.#argsStart, close);
    const source = this.#buffer.slice(this.#callStart, close + 1);
    if (this.#callTool === 'join') {
      if (raw.trim() !== '') {
        this.#warn({ code: 'join-arguments', message: `Ignored the arguments of ${source}`, line: this.#callLine });
      }
      this.#thoughts = this.#callThought === undefined ? [] : [this.#callThought];
      this.#finish('join');
      return;
    }
    const id = this.#callId;
    let call: PlanCall;
    try {
      const parsed = parseArguments(raw);
      for (const text of parsed.unquoted) {
        this.#warn({
          code: 'unquoted-argument',
          message: `Task ${id}: unquoted \`${text}\` was read as the string ${JSON.stringify(text)}`,
          taskId: id,
          line: this.#callLine,
        });
      }
      call = this.#call(source, parsed.positional, parsed.named, undefined);
    } catch (error) {
      if (!(error instanceof ArgumentSyntaxError)) throw error;
      const problem = `cannot read the arguments of \`${this.#callTool}\`: ${error.message}`;
      call = this.#call(source, [], [], new PlanSyntaxError({ problem, taskId: id, line: this.#callLine }));
    }
    this.#graph.add(call);
  }

  /** Reports the current call as never closed, as a task that fails with a syntax error. */
  #unterminated(before: string): void {
    const source = this.#buffer.slice(this.#callStart, this.#pos).trimEnd();
    if (this.#callTool === 'join') {
      this.#finish('join');
      return;
    }
    const expected = this.#quote !== ''
      ? `the closing \`${this.#quote}\` of the string that opens on line ${this.#quoteLine}`
      : `\`${[...this.#stack].reverse().join('')})\` to close the call`;
    const problem = `the call to \`${this.#callTool}\` on line ${this.#callLine} is not closed: expected ${expected}, got ${before}`;
    this.#graph.add(this.#call(source, [], [], new PlanSyntaxError({ problem, taskId: this.#callId, line: this.#callLine })));
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

  #finish(reason: PlanEndReason): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#mode = this.#mode === Mode.Line ? Mode.Ended : this.#mode;
    this.#graph.end();
    const thought = this.#thoughts.length > 0 ? this.#thoughts.join('\n') : undefined;
    this.#thoughts = [];
    this.#events.push({ type: 'end', reason, thought });
  }

  #warn(warning: PlanWarning): void {
    this.#events.push({ type: 'warning', warning });
  }
}
