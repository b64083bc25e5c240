import { describeValue, listNames } from '../util/describe-value.js';
import type {
  FinishReason,
  LanguageModel,
  ModelRequest,
  ModelStreamPart,
  TokenUsage,
} from '../model/language-model.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { raceAbort, sleep } from './abortable.js';
import { ScriptedModelError } from './scripted-model-error.js';

/** How fast a scripted model writes. Set on the model as defaults, and on a response to override them. */
export interface ScriptedTiming {
  /**
   * Characters (code points) per streamed piece: each `text-delta` carries this many characters of the text,
   * each argument `tool-call-delta` this many characters of the arguments. An integer from 1.
   *
   * @default 4
   * @example
   * ```ts
   * chunkSize: 1 // one character per part
   * ```
   */
  readonly chunkSize?: number | undefined;
  /**
   * Milliseconds from the first `next()` on the stream to its first part. `0` sets no timer at all.
   *
   * @default 0
   * @example
   * ```ts
   * timeToFirstTokenMs: 300
   * ```
   */
  readonly timeToFirstTokenMs?: number | undefined;
  /**
   * Milliseconds between two streamed pieces (counted from when the consumer asks for the next part). The
   * `finish` part follows the last piece without a wait. `0` sets no timer at all.
   *
   * @default 0
   * @example
   * ```ts
   * delayPerChunkMs: 20
   * ```
   */
  readonly delayPerChunkMs?: number | undefined;
}

/** A native tool call a scripted response makes. */
export interface ScriptedToolCall {
  /** The tool's name. */
  readonly name: string;
  /** The call's JSON arguments, as written, or an object that is turned into JSON. */
  readonly arguments: string | object;
}

/**
 * A failure a scripted response ends with instead of its `finish` part. `afterChunks` counts the pieces
 * (`text-delta` and `tool-call-delta` parts) streamed before it; it is capped at the number of pieces the
 * response has (so a large number fails in place of the `finish` part). The failure happens when the next
 * part would have arrived, after that part's wait.
 */
export type ScriptedFailure =
  /** The stream throws `error` (a {@link ScriptedModelError} with code `scripted-failure` if not given). */
  | { readonly type: 'throw'; readonly error?: unknown; readonly afterChunks?: number | undefined }
  /** The stream ends without a `finish` part, as a dropped connection does. */
  | { readonly type: 'cut'; readonly afterChunks: number }
  /**
   * The stream never yields again and never ends, and ignores `request.signal` from then on (its `return()`
   * never settles either), as a stuck connection under a client that does not honour aborts. For testing
   * that code reading a model stops waiting on its own (an abort, a timeout).
   */
  | { readonly type: 'hang'; readonly afterChunks: number };

/**
 * One answer of a scripted model: a string (its text), or an object describing the answer.
 *
 * @example
 * ```ts
 * const answer: ScriptedResponse = {
 *   text: 'Thought: I need both.',
 *   toolCalls: [{ name: 'search', arguments: { query: 'Mariana Trench' } }],
 *   usage: { promptTokens: 120 },
 *   delayPerChunkMs: 10,
 * };
 * ```
 */
export type ScriptedResponse =
  | string
  | (ScriptedTiming & {
      /** The text the model writes, streamed as `text-delta` parts; cut before the first stop sequence. */
      readonly text?: string | undefined;
      /** Native tool calls, streamed after the text as `tool-call-delta` parts. */
      readonly toolCalls?: readonly ScriptedToolCall[] | undefined;
      /**
       * The finish reason. `'stop'` when a stop sequence of the request cut the text.
       *
       * @default 'tool-calls' when there are tool calls, else 'stop'
       */
      readonly finishReason?: FinishReason | undefined;
      /**
       * Token usage; each field not given is estimated (see {@link scriptedModel}).
       */
      readonly usage?: Partial<TokenUsage> | undefined;
      /** Ends the stream with an error or a cut instead of the `finish` part. */
      readonly failure?: ScriptedFailure | undefined;
    });

/**
 * Computes the response to a call: `callIndex` counts the calls of the model, from 0.
 *
 * @example
 * ```ts
 * const responder: ScriptedResponder = (request, callIndex) =>
 *   callIndex === 0 ? '1. search("x")\n2. join()' : 'Action: Finish(done)';
 * ```
 */
export type ScriptedResponder = (request: ModelRequest, callIndex: number) => ScriptedResponse | PromiseLike<ScriptedResponse>;

/** The options of {@link scriptedModel}. */
export interface ScriptedModelOptions extends ScriptedTiming {
  /**
   * What the model answers: an array with one response per call, in order (the array is copied, and a call
   * beyond its end fails with a {@link ScriptedModelError} of code `out-of-responses`), or a function that
   * computes each response. The function is called when `stream()` is called; if it throws or rejects, the
   * stream throws that error.
   *
   * @example
   * ```ts
   * responses: ['1. search("Mariana Trench")\n2. join()', 'Action: Finish(11 km)']
   * ```
   */
  readonly responses: readonly ScriptedResponse[] | ScriptedResponder;
  /**
   * The model's id.
   *
   * @default 'scripted'
   */
  readonly modelId?: string | undefined;
}

/** A {@link LanguageModel} that answers from a script, and keeps every request it was given. */
export interface ScriptedModel extends LanguageModel {
  /** Every request made to the model, in the order of the `stream()` calls. */
  readonly requests: ModelRequest[];
}

interface Answer {
  readonly text: string;
  readonly toolCalls: readonly { readonly name: string; readonly arguments: string }[];
  readonly finishReason: FinishReason | undefined;
  readonly usage: Partial<TokenUsage>;
  readonly timing: Required<{ [K in keyof ScriptedTiming]: number }>;
  readonly failure: ScriptedFailure | undefined;
}

const responseKeys = [
  'text', 'toolCalls', 'finishReason', 'usage', 'failure', 'chunkSize', 'timeToFirstTokenMs', 'delayPerChunkMs',
];
const optionKeys = ['responses', 'modelId', 'chunkSize', 'timeToFirstTokenMs', 'delayPerChunkMs'];
const finishReasons: readonly FinishReason[] = ['stop', 'length', 'tool-calls', 'content-filter', 'other'];
const usageKeys = ['promptTokens', 'completionTokens', 'totalTokens'];

/**
 * A {@link LanguageModel} for tests that streams scripted answers, with scripted timing, so code that reads
 * a model stream (a planner, a joiner) can be tested without a network, deterministically.
 *
 * Each answer streams as: its text in `text-delta` parts of `chunkSize` characters; then, per tool call, a
 * first `tool-call-delta` with `index`, `id` (`call_<index>`, the call's position in the answer from 0) and
 * `name`, followed by its arguments in `chunkSize` pieces; then one `finish` part with the finish reason and
 * usage. The first part comes `timeToFirstTokenMs` after the consumer first asks for one, each later piece
 * `delayPerChunkMs` after the consumer asks for it, the `finish` part right after the last piece.
 *
 * - **Stop sequences**: when the text contains a sequence of `request.stop`, it ends before the earliest
 *   one, the tool calls are dropped, and the finish reason is `'stop'`.
 * - **Usage** not given is estimated at 4 characters a token: `promptTokens` is the characters of all
 *   message contents divided by 4, rounded up; `completionTokens` the characters written (text, tool names
 *   and arguments) divided by 4, rounded up; `totalTokens` their sum.
 * - **Abort**: `request.signal` ends the stream by throwing its reason at once (unless it hangs on purpose,
 *   with `failure: { type: 'hang' }`), also in the middle of a
 *   wait (its timer is cleared) or while waiting for an async responder.
 * - **Timing** uses the global `setTimeout`, so `vi.useFakeTimers()` controls it; a zero wait sets no timer.
 *
 * @throws {ScriptedModelError} with code `invalid-options` or `invalid-response` when an option or an
 * array response is malformed (a responder function's answers are checked at each call, failing the
 * stream).
 *
 * @example
 * ```ts
 * import { scriptedModel } from '@llmcompiler/core/test';
 *
 * const model = scriptedModel({
 *   timeToFirstTokenMs: 200,
 *   delayPerChunkMs: 10,
 *   responses: [
 *     '1. search("Mariana Trench")\n2. join()<END_OF_PLAN>',
 *     { text: 'Action: Finish(10,994 m)', usage: { promptTokens: 300 } },
 *   ],
 * });
 * for await (const part of model.stream({ messages, stop: ['<END_OF_PLAN>'] })) console.log(part);
 * expect(model.requests).toHaveLength(1);
 * ```
 */
export function scriptedModel(options: ScriptedModelOptions): ScriptedModel {
  if (!isPlainObject(options)) {
    throw new ScriptedModelError('invalid-options', `Expected the options of \`scriptedModel()\` to be an object, got ${describeValue(options)}`);
  }
  const unknownKey = Object.keys(options).find((key) => !optionKeys.includes(key));
  if (unknownKey !== undefined) {
    throw new ScriptedModelError(
      'invalid-options',
      `Expected the options of \`scriptedModel()\` to have only the keys ${listNames(optionKeys)}, got \`${unknownKey}\``,
    );
  }
  const { modelId = 'scripted', responses } = options;
  if (typeof modelId !== 'string') {
    throw new ScriptedModelError('invalid-options', `Expected \`modelId\` of a scripted model to be a string, got ${describeValue(modelId)}`);
  }
  const defaults = readTiming(options, problem('invalid-options', `scripted model \`${modelId}\``, undefined));
  if (typeof responses !== 'function' && !Array.isArray(responses)) {
    throw new ScriptedModelError(
      'invalid-options',
      `Expected \`responses\` of scripted model \`${modelId}\` to be an array of responses or a function, got ${describeValue(responses)}`,
    );
  }
  const script = typeof responses === 'function' ? responses : responses.map((response, index) =>
    readResponse(response, defaults, `\`responses[${index}]\` of scripted model \`${modelId}\``, undefined),
  );

  const requests: ModelRequest[] = [];
  const respond = async (request: ModelRequest, callIndex: number): Promise<Answer> => {
    if (typeof script !== 'function') {
      const response = script[callIndex];
      if (response === undefined) {
        const count = `${script.length} response${script.length === 1 ? '' : 's'}`;
        throw new ScriptedModelError(
          'out-of-responses',
          `Scripted model \`${modelId}\` has ${count} but was called a ${ordinal(callIndex + 1)} time (callIndex ${callIndex}); add a response for it, or pass a function as \`responses\``,
          callIndex,
        );
      }
      return response;
    }
    const answer = await raceAbort(script(request, callIndex), request.signal);
    return readResponse(answer, defaults, `the response of scripted model \`${modelId}\` to call ${callIndex}`, callIndex);
  };

  return {
    modelId,
    requests,
    stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
      // Recorded and numbered when `stream()` is called, not when the stream is first read.
      requests.push(request);
      const response = respond(request, requests.length - 1);
      // The stream may be read later, or never: its rejection is reported by the stream, not as unhandled.
      response.catch(() => {});
      return streamResponse(request, response);
    },
  };
}

/**
 * Where a scripted stream is in its pieces, shared by its generator and the fast path of its iterator: once
 * the response has come (`ready`), a piece without a delay can be sent without running the generator.
 */
interface Pieces {
  ready: boolean;
  /** The next piece to send. */
  index: number;
  /** How many pieces are sent. */
  end: number;
  /** The wait before each piece after the first. */
  delay: number;
  /** Makes piece `index`; called once per piece, in order. */
  piece: (index: number) => ModelStreamPart;
  /** `return()` or `throw()` was called: only the generator answers from then on. */
  closed: boolean;
}

/**
 * The stream of a scripted response: an async generator, whose pieces without a delay are sent by a fast
 * path that makes no generator step (a long plan streams tens of thousands of them). Anything else (the
 * first piece, a delay, an abort, the end, `return()`) goes through the generator, which keeps its order.
 */
function streamResponse(request: ModelRequest, pending: Promise<Answer>): AsyncIterable<ModelStreamPart> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<ModelStreamPart> {
      const state: Pieces = { ready: false, index: 0, end: 0, delay: 0, piece: () => ({ type: 'text-delta', text: '' }), closed: false };
      const generator = generate(request, pending, state);
      /** A step of the generator is under way: later calls wait behind it, in the generator. */
      let busy = false;
      const idle = (): void => {
        busy = false;
      };
      return {
        next() {
          const { signal } = request;
          if (!busy && state.ready && !state.closed && state.index > 0 && state.index < state.end && state.delay <= 0 && signal?.aborted !== true) {
            return Promise.resolve({ value: state.piece(state.index++), done: false });
          }
          busy = true;
          const step = generator.next();
          step.then(idle, idle);
          return step;
        },
        return(value?: unknown) {
          state.closed = true;
          return generator.return(value as undefined);
        },
        throw(error?: unknown) {
          state.closed = true;
          return generator.throw(error);
        },
      };
    },
  };
}

async function* generate(request: ModelRequest, pending: Promise<Answer>, state: Pieces): AsyncGenerator<ModelStreamPart, void, undefined> {
  const { signal } = request;
  if (signal?.aborted) throw signal.reason;
  const response = await pending;
  const { text, toolCalls, stopped } = applyStop(response, request.stop);
  const { chunkSize, timeToFirstTokenMs, delayPerChunkMs } = response.timing;

  // The text's pieces are cut as they are sent (a long plan makes tens of thousands); the calls' up front.
  const textPieces = Math.ceil(count(text) / chunkSize);
  const callPieces: ModelStreamPart[] = [];
  toolCalls.forEach((call, index) => {
    callPieces.push({ type: 'tool-call-delta', index, id: `call_${index}`, name: call.name });
    for (const piece of split(call.arguments, chunkSize)) callPieces.push({ type: 'tool-call-delta', index, arguments: piece });
  });
  const pieces = textPieces + callPieces.length;

  const { failure } = response;
  const end = failure === undefined ? pieces : Math.min(failure.afterChunks ?? 0, pieces);
  let cut = 0;
  state.end = end;
  state.delay = delayPerChunkMs;
  state.piece = (index) => {
    if (index >= textPieces) return callPieces[index - textPieces]!;
    const start = cut;
    cut = advance(text, cut, chunkSize);
    return { type: 'text-delta', text: text.slice(start, cut) };
  };
  state.ready = true;
  while (state.index < end) {
    const index = state.index++;
    const wait = index === 0 ? timeToFirstTokenMs : delayPerChunkMs;
    // Without a delay there is nothing to wait for: only the signal is checked, and no promise is made.
    if (wait > 0) await sleep(wait, signal);
    else if (signal?.aborted) throw signal.reason;
    yield state.piece(index);
  }
  // The wait of the part that comes next: a further piece, or the finish part (at once after a piece).
  await sleep(end === 0 ? timeToFirstTokenMs : end < pieces ? delayPerChunkMs : 0, signal);

  if (failure?.type === 'cut') return;
  if (failure?.type === 'hang') await new Promise<never>(() => {});
  if (failure?.type === 'throw') {
    if (failure.error !== undefined) throw failure.error;
    throw new ScriptedModelError('scripted-failure', `Scripted failure after ${end} chunk${end === 1 ? '' : 's'}`, undefined);
  }
  const written = count(text) + toolCalls.reduce((sum, call) => sum + count(call.name) + count(call.arguments), 0);
  const promptTokens = response.usage.promptTokens ?? Math.ceil(request.messages.reduce((sum, message) => sum + count(message.content), 0) / 4);
  const completionTokens = response.usage.completionTokens ?? Math.ceil(written / 4);
  const usage: TokenUsage = { promptTokens, completionTokens, totalTokens: response.usage.totalTokens ?? promptTokens + completionTokens };
  const reason: FinishReason = stopped ? 'stop' : (response.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'));
  yield { type: 'finish', reason, usage };
}

/** The text up to the earliest stop sequence; after a stop sequence the model writes nothing more. */
function applyStop(response: Answer, stop: readonly string[] | undefined): { text: string; toolCalls: Answer['toolCalls']; stopped: boolean } {
  let cut = -1;
  for (const sequence of stop ?? []) {
    if (sequence === '') continue;
    const at = response.text.indexOf(sequence);
    if (at !== -1 && (cut === -1 || at < cut)) cut = at;
  }
  if (cut === -1) return { text: response.text, toolCalls: response.toolCalls, stopped: false };
  return { text: response.text.slice(0, cut), toolCalls: [], stopped: true };
}

/** `text` in pieces of `size` code points (never splitting a surrogate pair). */
function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = advance(text, start, size);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Where the piece of `size` code points that starts at `start` ends. */
function advance(text: string, start: number, size: number): number {
  let end = start;
  for (let points = 0; points < size && end < text.length; points++) end += isPairAt(text, end) ? 2 : 1;
  return end;
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** How many code points `text` has: its length, less one for each surrogate pair. */
function count(text: string): number {
  let length = text.length;
  for (const _ of text.matchAll(SURROGATE_PAIR)) length--;
  return length;
}

/** Whether a surrogate pair (one code point in two UTF-16 units) starts at `index`. */
function isPairAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdbff) return false;
  const next = text.charCodeAt(index + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

type Timing = Answer['timing'];

/** Builds the error for an option of `where`: "Expected `option` of `where` to `expected`, got `got`". */
type Problem = (option: string | undefined, expected: string, got: string) => ScriptedModelError;

function problem(code: 'invalid-options' | 'invalid-response', where: string, callIndex: number | undefined): Problem {
  return (option, expected, got) =>
    new ScriptedModelError(code, `Expected ${option === undefined ? where : `\`${option}\` of ${where}`} to ${expected}, got ${got}`, callIndex);
}

function readTiming(
  source: ScriptedTiming,
  fail: Problem,
  defaults: Timing = { chunkSize: 4, timeToFirstTokenMs: 0, delayPerChunkMs: 0 },
): Timing {
  const { chunkSize = defaults.chunkSize, timeToFirstTokenMs = defaults.timeToFirstTokenMs, delayPerChunkMs = defaults.delayPerChunkMs } = source;
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1)) {
    throw fail('chunkSize', 'be an integer from 1 and up', describeValue(chunkSize));
  }
  for (const [name, value] of [['timeToFirstTokenMs', timeToFirstTokenMs], ['delayPerChunkMs', delayPerChunkMs]] as const) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw fail(name, 'be a non-negative number of milliseconds', describeValue(value));
    }
  }
  return { chunkSize, timeToFirstTokenMs, delayPerChunkMs };
}

/** Checks a scripted response and fills in its defaults; `where` names it in error messages. */
function readResponse(response: unknown, defaults: Timing, where: string, callIndex: number | undefined): Answer {
  const fail = problem('invalid-response', where, callIndex);
  if (typeof response === 'string') {
    return { text: response, toolCalls: [], finishReason: undefined, usage: {}, timing: defaults, failure: undefined };
  }
  if (!isPlainObject(response)) throw fail(undefined, 'be a string or an object', describeValue(response));
  const unknownKey = Object.keys(response).find((key) => !responseKeys.includes(key));
  if (unknownKey !== undefined) throw fail(undefined, `have only the keys ${listNames(responseKeys)}`, `\`${unknownKey}\``);
  const { text = '', toolCalls = [], finishReason, usage = {}, failure } = response;
  if (typeof text !== 'string') throw fail('text', 'be a string', describeValue(text));
  if (!Array.isArray(toolCalls)) throw fail('toolCalls', 'be an array', describeValue(toolCalls));
  const calls = toolCalls.map((call: unknown, index) => {
    if (!isPlainObject(call) || typeof call.name !== 'string' || call.name === '') {
      throw fail(`toolCalls[${index}]`, 'be an object with a non-empty `name`', describeValue(call));
    }
    const args = call.arguments;
    if (typeof args === 'string') return { name: call.name, arguments: args };
    if (typeof args !== 'object' || args === null) {
      throw fail(`toolCalls[${index}].arguments`, 'be a JSON string or an object', describeValue(args));
    }
    return { name: call.name, arguments: JSON.stringify(args) };
  });
  if (finishReason !== undefined && !finishReasons.includes(finishReason as FinishReason)) {
    throw fail('finishReason', `be one of ${listNames(finishReasons)}`, describeValue(finishReason));
  }
  if (!isPlainObject(usage)) throw fail('usage', 'be an object', describeValue(usage));
  for (const [key, value] of Object.entries(usage)) {
    if (!usageKeys.includes(key)) throw fail('usage', `have only the keys ${listNames(usageKeys)}`, `\`${key}\``);
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw fail(`usage.${key}`, 'be a non-negative integer', describeValue(value));
    }
  }
  return {
    text,
    toolCalls: calls,
    finishReason: finishReason as FinishReason | undefined,
    usage: usage as Partial<TokenUsage>,
    timing: readTiming(response, fail, defaults),
    failure: readFailure(failure, fail),
  };
}

function readFailure(failure: unknown, fail: Problem): ScriptedFailure | undefined {
  if (failure === undefined) return undefined;
  const expected = "`{ type: 'throw', error?, afterChunks? }`, `{ type: 'cut', afterChunks }` or `{ type: 'hang', afterChunks }`";
  if (!isPlainObject(failure) || (failure.type !== 'throw' && failure.type !== 'cut' && failure.type !== 'hang')) {
    throw fail('failure', `be ${expected}`, describeValue(failure));
  }
  const { afterChunks } = failure;
  const allowed = failure.type === 'throw' ? ['type', 'error', 'afterChunks'] : ['type', 'afterChunks'];
  const unknownKey = Object.keys(failure).find((key) => !allowed.includes(key));
  if (unknownKey !== undefined) throw fail('failure', `be ${expected}`, `the key \`${unknownKey}\``);
  if ((afterChunks !== undefined || failure.type !== 'throw') && !(Number.isInteger(afterChunks) && (afterChunks as number) >= 0)) {
    throw fail('failure.afterChunks', 'be a non-negative integer', describeValue(afterChunks));
  }
  return failure as ScriptedFailure;
}
