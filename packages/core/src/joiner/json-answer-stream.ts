import type { AnswerStream } from './answer-stream.js';

const enum State {
  /** Before the first `{`: prose or a fence. */
  Before,
  /** In the root object, where a key (or its end) comes. */
  Key,
  /** In a key's string. */
  KeyString,
  /** After a key, where its `:` comes. */
  Colon,
  /** After a `:`, where the value starts. */
  Value,
  /** In a string value of the root object. */
  ValueString,
  /** In a nested object or array, skipped. */
  Nested,
  /** In a number, `true`, `false` or `null`. */
  Scalar,
  /** After a value, where `,` or the end of the object comes. */
  AfterValue,
  /** The root object has ended, or its text is not JSON this reader follows: nothing more streams. */
  Stopped,
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEX = /^[0-9a-fA-F]{4}$/;

/**
 * Streams the answer of a JSON joiner: the `answer` string of the root object, its escapes decoded, as it is
 * written. It streams only when the root object's `action` came first and is `"finish"` (any letter case,
 * blank space around it), as the prompt asks (`{"action": "finish", "answer": "..."}`, an optional
 * `"thought"` first): an `answer` before the action, one that is not a string, or an action written another
 * way (`{"type": "finish"}`, `"Finish(42)"`) is only known once the text has ended, and {@link finish} gives
 * it whole. The root object is the first `{` of the text, as `parseJoinerJson` reads it.
 *
 * {@link readStreamedJsonAnswer} reads the same answer from a whole text; `parseJoinerJson` takes it over
 * a repeated key, so that what streamed is always the answer.
 */
export class JsonAnswerStream implements AnswerStream {
  #state = State.Before;
  /** The key whose value is being read. */
  #key = '';
  #keyText = '';
  /** The first `action` string of the root object, once read. */
  #action: string | undefined;
  #actionText = '';
  /** Whether the value being read is the streamed `answer`. */
  #streaming = false;
  /** The streamed answer's text decoded so far. */
  #answer = '';
  /** The whole answer, once its string has closed. */
  #complete: string | undefined;
  #streamed = '';
  // String reading.
  #escape = false;
  /** Hex digits of a `\u` escape read so far, or `undefined` outside one. */
  #unicode: string | undefined;
  /** The first half of a surrogate pair, held until its second half. */
  #high = '';
  // Skipping a nested value.
  #depth = 0;
  #nestedString = false;
  #nestedEscape = false;

  /** The answer once its string has closed in a root object whose first `action` is `finish`. */
  get complete(): string | undefined {
    return this.#complete;
  }

  push(text: string): string {
    let out = '';
    for (let i = 0; i < text.length && this.#state !== State.Stopped; i++) {
      const piece = this.#step(text[i]!);
      if (piece !== '') out += piece;
    }
    this.#streamed += out;
    return out;
  }

  finish(answer: string): string {
    // What has streamed is always the start of the answer: `parseJoinerJson` takes the streamed answer.
    const rest = answer.slice(this.#streamed.length);
    this.#streamed = answer;
    this.#state = State.Stopped;
    return rest;
  }

  /** Reads one character; returns what it adds to the answer. */
  #step(char: string): string {
    switch (this.#state) {
      case State.Before:
        if (char === '{') this.#state = State.Key;
        return '';
      case State.Key:
        if (char === '"') {
          this.#keyText = '';
          this.#state = State.KeyString;
        } else if (char === '}') {
          this.#state = State.Stopped;
        } else if (char !== ',' && !isBlank(char)) {
          this.#state = State.Stopped;
        }
        return '';
      case State.KeyString: {
        const read = this.#string(char);
        if (read === undefined) {
          this.#key = this.#keyText;
          this.#state = State.Colon;
        } else {
          this.#keyText += read;
        }
        return '';
      }
      case State.Colon:
        if (char === ':') this.#state = State.Value;
        else if (!isBlank(char)) this.#state = State.Stopped;
        return '';
      case State.Value:
        return this.#value(char);
      case State.ValueString:
        return this.#valueString(char);
      case State.Nested:
        this.#nested(char);
        return '';
      case State.Scalar:
        if (char === ',') this.#state = State.Key;
        else if (char === '}') this.#state = State.Stopped;
        else if (isBlank(char)) this.#state = State.AfterValue;
        return '';
      case State.AfterValue:
        if (char === ',') this.#state = State.Key;
        else if (char === '}') this.#state = State.Stopped;
        else if (!isBlank(char)) this.#state = State.Stopped;
        return '';
      default:
        return '';
    }
  }

  #value(char: string): string {
    if (isBlank(char)) return '';
    if (char === '"') {
      this.#state = State.ValueString;
      this.#actionText = '';
      this.#streaming =
        this.#key === 'answer' && this.#complete === undefined && this.#action !== undefined && this.#action.trim().toLowerCase() === 'finish';
    } else if (char === '{' || char === '[') {
      this.#state = State.Nested;
      this.#depth = 1;
    } else {
      this.#state = State.Scalar;
    }
    return '';
  }

  #valueString(char: string): string {
    const read = this.#string(char);
    if (read === undefined) {
      this.#state = State.AfterValue;
      if (this.#key === 'action' && this.#action === undefined) this.#action = this.#actionText;
      if (!this.#streaming) return '';
      this.#streaming = false;
      const rest = this.#high;
      this.#high = '';
      this.#complete = this.#answer;
      return rest;
    }
    if (this.#key === 'action' && this.#action === undefined) this.#actionText += read;
    if (!this.#streaming || read === '') return '';
    this.#answer += read;
    // Half of a surrogate pair waits for its other half, so that no piece splits a character.
    const piece = this.#high + read;
    const last = piece.charCodeAt(piece.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#high = piece.slice(-1);
      return piece.slice(0, -1);
    }
    this.#high = '';
    return piece;
  }

  /**
   * Reads one character of a JSON string: returns what it decodes to (`''` inside an escape), or
   * `undefined` at the closing quote. Text that is no JSON string (a raw control character, an unknown
   * escape) stops the stream: `JSON.parse` refuses it, so no answer comes of it.
   */
  #string(char: string): string | undefined {
    if (this.#unicode !== undefined) {
      this.#unicode += char;
      if (this.#unicode.length < 4) return '';
      const hex = this.#unicode;
      this.#unicode = undefined;
      if (!HEX.test(hex)) return this.#stop();
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    if (this.#escape) {
      this.#escape = false;
      if (char === 'u') {
        this.#unicode = '';
        return '';
      }
      return ESCAPES[char] ?? this.#stop();
    }
    if (char === '\\') {
      this.#escape = true;
      return '';
    }
    if (char === '"') return undefined;
    if (char < ' ') return this.#stop();
    return char;
  }

  #stop(): string {
    this.#state = State.Stopped;
    this.#streaming = false;
    return '';
  }

  #nested(char: string): void {
    if (this.#nestedString) {
      if (this.#nestedEscape) this.#nestedEscape = false;
      else if (char === '\\') this.#nestedEscape = true;
      else if (char === '"') this.#nestedString = false;
    } else if (char === '"') {
      this.#nestedString = true;
    } else if (char === '{' || char === '[') {
      this.#depth++;
    } else if ((char === '}' || char === ']') && --this.#depth === 0) {
      this.#state = State.AfterValue;
    }
  }
}

/**
 * The answer a {@link JsonAnswerStream} streams from `text`: the `answer` string of the root object when its
 * first `action` came before it and is `finish`, once that string has closed; otherwise `undefined`.
 */
export function readStreamedJsonAnswer(text: string): string | undefined {
  const stream = new JsonAnswerStream();
  stream.push(text);
  return stream.complete;
}

/** JSON's blank space. */
function isBlank(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\r' || char === '\t';
}
