import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import type { LanguageModel } from '../model/language-model.js';
import { optionChecks, type OptionChecks } from '../options/check-option.js';
import { toToolMap } from '../plan/tool-map.js';
import { toSchema, type Schema } from '../tool/schema.js';
import { toolParameters } from '../tool/tool-parameters.js';
import { DEFAULT_HISTORY, type HistoryOptions } from './bound-history.js';
import type { CompilerOptions, JoinerOptions, PlannerOptions, RunOptions } from './compiler-options.js';
import { readRunInput, type RunInput } from './conversation-message.js';
import type { RunSettings } from './run-context.js';
import type { RunInstrumentation } from '../instrument/run-instrumentation.js';

const COMPILER_KEYS = [
  'model',
  'tools',
  'planner',
  'joiner',
  'maxReplans',
  'maxTasksPerPlan',
  'concurrency',
  'eager',
  'timeoutMs',
  'maxObservationChars',
  'approve',
  'history',
  'selectTools',
  'journal',
] as const satisfies readonly (keyof CompilerOptions)[];
const PLANNER_KEYS = ['model', 'format', 'temperature', 'examples', 'instructions', 'maxTokens', 'answerInPlan'] as const satisfies readonly (keyof PlannerOptions)[];
const JOINER_KEYS = ['model', 'format', 'temperature', 'instructions', 'maxTokens', 'thought', 'strict'] as const satisfies readonly (keyof JoinerOptions)[];
const INSTRUMENTATION_KEYS = ['toolCall', 'modelCall'] as const satisfies readonly (keyof RunInstrumentation)[];
const RUN_KEYS = ['signal', 'approve', 'answer', 'instrumentation'] as const satisfies readonly (keyof RunOptions)[];
const HISTORY_KEYS = ['maxMessages', 'maxChars'] as const satisfies readonly (keyof HistoryOptions)[];

/**
 * Checks every option of `createCompiler` and fills in the defaults.
 *
 * @throws {InvalidOptionError} naming the first option that is wrong, what was expected and what came.
 * @throws {ToolDefinitionError} when an entry of `tools` is not a tool, two tools share a name, one is named
 * `join`, or a tool's input schema is not an object schema or cannot be shown as JSON Schema.
 */
export function checkCompilerOptions(options: CompilerOptions): RunSettings {
  const check = optionChecks();
  check.object('options', options, 'an object of compiler options');
  check.keys('', options as unknown as Record<string, unknown>, COMPILER_KEYS);
  checkModel(check, 'model', options.model);
  if (options.tools === undefined) check.fail('tools', 'a list, an object or a Map of tools', options.tools);
  const tools = toToolMap(options.tools);
  if (tools.has('join')) {
    throw new ToolDefinitionError({ option: 'tools', expected: 'no tool named `join`: the plan grammar reserves it', received: options.tools, got: 'a tool named `join`' });
  }
  // Each input's JSON Schema is built now, which the first planner prompt needs anyway: a schema that is no
  // object schema, or that its library cannot convert, is refused here rather than in the middle of a run.
  for (const tool of tools.values()) toolParameters(tool);

  const planner = options.planner ?? {};
  check.object('planner', planner);
  check.keys('planner', planner as Record<string, unknown>, PLANNER_KEYS);
  if (planner.model !== undefined) checkModel(check, 'planner.model', planner.model);
  const format = check.oneOf('planner.format', planner.format ?? 'text', ['text', 'json', 'tool-calls']);
  if (planner.temperature !== undefined) check.between('planner.temperature', planner.temperature, 0, 2);
  if (planner.examples !== undefined && planner.examples !== false) check.string('planner.examples', planner.examples);
  if (planner.instructions !== undefined) check.string('planner.instructions', planner.instructions);
  if (planner.maxTokens !== undefined) check.integer('planner.maxTokens', planner.maxTokens, 1);
  // A function joiner decides the answer itself: the plan states none unless asked to.
  const answerInPlan = check.boolean('planner.answerInPlan', planner.answerInPlan ?? typeof options.joiner !== 'function');

  const joiner = options.joiner;
  if (joiner !== undefined && typeof joiner !== 'function') {
    check.object('joiner', joiner, 'joiner options (an object) or a function');
    check.keys('joiner', joiner as Record<string, unknown>, JOINER_KEYS);
    if (joiner.model !== undefined) checkModel(check, 'joiner.model', joiner.model);
    check.oneOf('joiner.format', joiner.format ?? 'text', ['text', 'json']);
    if (joiner.temperature !== undefined) check.between('joiner.temperature', joiner.temperature, 0, 2);
    if (joiner.instructions !== undefined) check.string('joiner.instructions', joiner.instructions);
    if (joiner.maxTokens !== undefined) check.integer('joiner.maxTokens', joiner.maxTokens, 1);
    if (joiner.thought !== undefined) check.oneOf('joiner.thought', joiner.thought, ['required', 'optional', 'none']);
    if (joiner.strict !== undefined) check.boolean('joiner.strict', joiner.strict);
  }

  const maxReplans = check.integer('maxReplans', options.maxReplans ?? 2, 0);
  const maxTasksPerPlan = check.integer('maxTasksPerPlan', options.maxTasksPerPlan ?? 100, 1);
  const maxObservationChars = check.integer('maxObservationChars', options.maxObservationChars ?? 2000, 1);
  if (options.concurrency !== undefined) check.limit('concurrency', options.concurrency);
  if (options.eager !== undefined) check.oneOf('eager', options.eager, ['safe', 'all', 'none']);
  if (options.timeoutMs !== undefined) check.positive('timeoutMs', options.timeoutMs, 'a positive number of milliseconds');
  if (options.approve !== undefined) check.func('approve', options.approve);
  const historyOptions = options.history ?? {};
  check.object('history', historyOptions, 'an object, `{ maxMessages?, maxChars? }`');
  check.keys('history', historyOptions as Record<string, unknown>, HISTORY_KEYS);
  const history = {
    maxMessages: check.integer('history.maxMessages', historyOptions.maxMessages ?? DEFAULT_HISTORY.maxMessages, 0),
    maxChars: countOrInfinity(check, 'history.maxChars', historyOptions.maxChars ?? DEFAULT_HISTORY.maxChars),
  };
  if (options.selectTools !== undefined) check.func('selectTools', options.selectTools);
  if (options.journal !== undefined) {
    const journal = check.object('journal', options.journal, 'a run journal, `{ append(runId, entries), read(runId) }`');
    check.func('journal.append', journal.append);
    check.func('journal.read', journal.read);
  }
  return { ...options, tools, toolList: [...tools.values()], maxReplans, maxTasksPerPlan, maxObservationChars, format, answerInPlan, history };
}

/** A run's input and options, checked. */
export interface CheckedRun extends RunInput {
  /** The answer schema, with its JSON Schema built. */
  readonly answer: Schema<unknown> | undefined;
}

/** The answer schemas made so far, by the schema the user gave: its JSON Schema is built once. */
const answerSchemas = new WeakMap<object, Schema<unknown>>();

/**
 * Checks the input (a question or a conversation) and the options of one run.
 *
 * @throws {InvalidOptionError} for an input that is neither a non-empty string nor a conversation ending with
 * the user's question (see `readRunInput`), a wrong run option, or an `answer` that is no schema or cannot be
 * shown as JSON Schema.
 */
export function checkRunOptions(input: unknown, options: RunOptions): CheckedRun {
  const read = readRunInput(input);
  const check = optionChecks();
  check.object('options', options, 'an object of run options');
  check.keys('', options as Record<string, unknown>, RUN_KEYS);
  if (options.signal !== undefined && !isAbortSignal(options.signal)) check.fail('signal', 'an AbortSignal', options.signal);
  if (options.approve !== undefined) check.func('approve', options.approve);
  if (options.instrumentation !== undefined) {
    const instrumentation = check.object('instrumentation', options.instrumentation, 'an object with `toolCall` and/or `modelCall` functions');
    check.keys('instrumentation', instrumentation, INSTRUMENTATION_KEYS);
    if (options.instrumentation.toolCall !== undefined) check.func('instrumentation.toolCall', options.instrumentation.toolCall);
    if (options.instrumentation.modelCall !== undefined) check.func('instrumentation.modelCall', options.instrumentation.modelCall);
  }
  return { ...read, answer: options.answer === undefined ? undefined : answerSchema(options.answer) };
}

/** The run's answer schema, its JSON Schema built now so that one that cannot be shown fails here. */
function answerSchema(answer: unknown): Schema<unknown> {
  // An ArkType schema is a function.
  const key = (typeof answer === 'object' || typeof answer === 'function') && answer !== null ? answer : undefined;
  const known = key === undefined ? undefined : answerSchemas.get(key);
  if (known !== undefined) return known;
  let schema: Schema<unknown>;
  try {
    schema = toSchema(answer);
    schema.jsonSchema();
  } catch (error) {
    if (!ToolDefinitionError.isInstance(error)) throw error;
    throw new InvalidOptionError({
      option: 'answer',
      expected: 'a schema `tool()` accepts (zod, any Standard Schema, a JSON Schema object) that can be shown as JSON Schema',
      received: answer,
      reason: error.message,
      cause: error,
    });
  }
  if (key !== undefined) answerSchemas.set(key, schema);
  return schema;
}

/** An integer from 0 and up, or `Infinity`. */
function countOrInfinity(check: OptionChecks, option: string, value: unknown): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 0)) return value as number;
  return check.fail(option, 'an integer from 0 and up, or Infinity', value);
}

function checkModel(check: OptionChecks, option: string, model: unknown): void {
  if (model === null || typeof model !== 'object' || typeof (model as LanguageModel).stream !== 'function') {
    check.fail(option, 'a LanguageModel (an object with a `stream` method)', model);
  }
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}
