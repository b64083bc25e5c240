import { END_OF_PLAN } from './end-of-plan.js';

/** What a line of a text plan starts with, as far as the text parser needs to know. */
export const enum LineStartKind {
  /** Not known yet: every character so far fits more than one kind. */
  Undecided,
  /** `3. search(`: a task. */
  Task,
  /** `Thought:`, in any case. */
  Thought,
  /** `join()`, without a number. */
  Join,
  /** A markdown fence. */
  Fence,
  /** `<END_OF_PLAN>`. */
  EndOfPlan,
  /** Anything else. */
  Other,
}

const enum State {
  Lead,
  Id,
  IdSpace,
  Dot,
  Tool,
  ToolSpace,
  Word,
  WordSpace,
  JoinOpen,
  JoinClose,
  Fence,
}

const THOUGHT = 'thought';
const JOIN = 'join';

/**
 * Recognises the start of a line one character at a time, in any chunking: `[ \t]*`, then `3. search(`
 * (`\d+ . name (` with spaces or tabs between the parts), `Thought:`, `join()`, a fence or `<END_OF_PLAN>`.
 * Each character is read once; the parser keeps the characters read, since it reads them again as part of
 * a call or a line once the kind is known.
 */
export class LineStart {
  kind: LineStartKind = LineStartKind.Undecided;
  /** Characters read so far. */
  length = 0;
  /** For a task: the id as written. */
  id = '';
  /** For a task: where its tool name starts and ends in the characters read. */
  toolStart = 0;
  toolEnd = 0;
  /** For a task: whether spaces stand between the tool name and `(`. */
  spaced = false;

  #state = State.Lead;
  /** The keyword being matched (`thought`, `join`, `<END_OF_PLAN>`) and how much of it has matched. */
  #word = '';
  #matched = 0;

  /** Starts on a new line. */
  reset(): void {
    this.kind = LineStartKind.Undecided;
    this.length = 0;
    this.id = '';
    this.spaced = false;
    this.#state = State.Lead;
  }

  /**
   * Reads `text` from `from` until the kind is decided, `text` ends, or `limit` characters of the line have
   * been read without a decision (the line is then `Other`). Returns where reading stopped: after the last
   * character of a recognised start, or at the character that ruled every kind out (which is not read).
   */
  read(text: string, from: number, limit: number): number {
    let i = from;
    for (; i < text.length && this.kind === LineStartKind.Undecided; i++) {
      if (this.length >= limit) {
        this.kind = LineStartKind.Other;
        return i;
      }
      const kind = this.#step(text[i]!);
      if (kind === LineStartKind.Other) {
        this.kind = kind;
        return i;
      }
      this.length++;
      this.kind = kind;
    }
    return i;
  }

  /** Takes one character; returns the kind it decides, or `Undecided`. */
  #step(char: string): LineStartKind {
    const space = char === ' ' || char === '\t';
    switch (this.#state) {
      case State.Lead:
        if (space) return LineStartKind.Undecided;
        if (char >= '0' && char <= '9') {
          this.id = char;
          this.#state = State.Id;
          return LineStartKind.Undecided;
        }
        if (char === 't' || char === 'T') return this.#startWord(THOUGHT);
        if (char === 'j') return this.#startWord(JOIN);
        if (char === '<') return this.#startWord(END_OF_PLAN);
        if (char === '`') {
          this.#matched = 1;
          this.#state = State.Fence;
          return LineStartKind.Undecided;
        }
        return LineStartKind.Other;
      case State.Id:
        if (char >= '0' && char <= '9') {
          this.id += char;
          return LineStartKind.Undecided;
        }
        return this.#afterId(char, space);
      case State.IdSpace:
        return this.#afterId(char, space);
      case State.Dot:
        if (space) return LineStartKind.Undecided;
        if (isNameStart(char)) {
          this.toolStart = this.length;
          this.#state = State.Tool;
          return LineStartKind.Undecided;
        }
        return LineStartKind.Other;
      case State.Tool:
        if (isNameStart(char) || (char >= '0' && char <= '9') || char === '-') return LineStartKind.Undecided;
        this.toolEnd = this.length;
        this.#state = State.ToolSpace;
        return this.#afterTool(char, space);
      case State.ToolSpace:
        return this.#afterTool(char, space);
      case State.Word: {
        const expected = this.#word[this.#matched]!;
        if (char !== expected && !(this.#word === THOUGHT && char.toLowerCase() === expected)) return LineStartKind.Other;
        this.#matched++;
        if (this.#matched < this.#word.length) return LineStartKind.Undecided;
        if (this.#word === END_OF_PLAN) return LineStartKind.EndOfPlan;
        this.#state = this.#word === THOUGHT ? State.WordSpace : State.JoinOpen;
        return LineStartKind.Undecided;
      }
      case State.WordSpace:
        if (space) return LineStartKind.Undecided;
        return char === ':' ? LineStartKind.Thought : LineStartKind.Other;
      case State.JoinOpen:
        if (space) return LineStartKind.Undecided;
        if (char !== '(') return LineStartKind.Other;
        this.#state = State.JoinClose;
        return LineStartKind.Undecided;
      case State.JoinClose:
        if (space) return LineStartKind.Undecided;
        return char === ')' ? LineStartKind.Join : LineStartKind.Other;
      case State.Fence:
        if (char !== '`') return LineStartKind.Other;
        this.#matched++;
        return this.#matched === 3 ? LineStartKind.Fence : LineStartKind.Undecided;
    }
  }

  #startWord(word: string): LineStartKind {
    this.#word = word;
    this.#matched = 1;
    this.#state = State.Word;
    return LineStartKind.Undecided;
  }

  #afterId(char: string, space: boolean): LineStartKind {
    if (space) {
      this.#state = State.IdSpace;
      return LineStartKind.Undecided;
    }
    if (char !== '.') return LineStartKind.Other;
    this.#state = State.Dot;
    return LineStartKind.Undecided;
  }

  #afterTool(char: string, space: boolean): LineStartKind {
    if (space) {
      this.spaced = true;
      return LineStartKind.Undecided;
    }
    return char === '(' ? LineStartKind.Task : LineStartKind.Other;
  }
}

function isNameStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}
