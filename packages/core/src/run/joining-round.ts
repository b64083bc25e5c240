import { AnswerValidationError } from '../errors/answer-validation-error.js';
import type { TaskRecord } from '../execute/task-record.js';
import { createAnswerStream } from '../joiner/create-answer-stream.js';
import { createJoinerMessages, renderAnswerRepair } from '../joiner/create-joiner-messages.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import { joinerJsonSchema } from '../joiner/joiner-json-schema.js';
import { readJoinerAnswer } from '../joiner/read-joiner-answer.js';
import type { ChatMessage, LanguageModel, ModelRequest, TokenUsage } from '../model/language-model.js';
import { optionChecks } from '../options/check-option.js';
import type { Schema } from '../tool/schema.js';
import { raceAbort, readStream } from '../util/abortable.js';
import { formatIssues } from '../util/format-issues.js';
import type { JoinerOptions } from './compiler-options.js';
import { observeRecord } from './observe-record.js';
import type { RunContext } from './run-context.js';
import type { PlannedRound } from './planning-round.js';
import { readStructuredAnswer, type StructuredAnswer } from './read-structured-answer.js';
import { callModel } from './call-model.js';
import { addUsage } from './token-usage.js';

/** What the joiner decided, and what its model calls cost. */
export interface JoinedRound {
  /** With an answer schema, a finish's `answer` is the answer's JSON text. */
  readonly decision: JoinerDecision;
  readonly usage: TokenUsage | undefined;
  /** A finish's answer: the text, or with an answer schema the schema's output. */
  readonly value?: unknown;
}

/**
 * Runs the joining half of a round: the joiner reads every task so far (`tasks`, settled) and the
 * conversation's earlier turns, and answers or asks for a new plan. On the last round allowed (`mustFinish`)
 * it is told it must answer. A model joiner's plain-prose answer is the answer, with a `join-warning` event,
 * unless `joiner.strict` is set. A finish's answer is emitted in `answer-delta` events as the model writes
 * it (see `createAnswerStream`); a function joiner's in one.
 *
 * With an answer schema, the answer is validated (see {@link readStructuredAnswer}) and emitted in one
 * `answer-delta`, its JSON text, once valid. A model joiner's answer that does not fit is reported in a
 * `join-warning` (`invalid-answer`) and the joiner is asked once more, shown the issues; a second answer
 * that does not fit (or a replan instead) fails with an {@link AnswerValidationError}, as does a function
 * joiner's first.
 */
export async function runJoiningRound(
  context: RunContext,
  { planned, tasks, mustFinish }: { planned: PlannedRound; tasks: readonly TaskRecord[]; mustFinish: boolean },
): Promise<JoinedRound> {
  const { settings, question, history, answerSchema, signal } = context;
  const joiner = settings.joiner;
  const { round } = planned;
  if (typeof joiner === 'function') {
    emitJoinStart(context, round, undefined);
    const joinerContext = { question, history, answerSchema: answerSchema?.jsonSchema(), round, tasks, mustFinish, signal };
    // An abort ends the wait at once, even for a joiner that ignores its signal.
    const decided = await raceAbort(joiner(joinerContext), signal);
    const decision = toDecision(decided);
    if (decision.action.type !== 'finish') return { decision, usage: undefined };
    if (answerSchema === undefined) {
      emitAnswer(context, round, decision.action.answer);
      return { decision, usage: undefined, value: decision.action.answer };
    }
    const text = decision.action.answer;
    const read = await validate(context, text, answerSchema);
    if (!read.success) throw new AnswerValidationError({ issues: read.issues, text, attempts: 1 });
    emitAnswer(context, round, read.json);
    return { decision: finishWith(decision, read.json), usage: undefined, value: read.value };
  }
  const options: JoinerOptions = joiner ?? {};
  const format = options.format ?? 'text';
  const messages = createJoinerMessages({
    question,
    history,
    ...(answerSchema === undefined ? {} : { answerSchema: answerSchema.jsonSchema() }),
    tasks: tasks.map((record) => observeRecord(record, settings.maxObservationChars)),
    ...(planned.thought === undefined ? {} : { plannerThought: planned.thought }),
    // Plan errors that belong to no task (a repeated id, too many tasks) are shown too: nothing is dropped.
    planErrors: planned.errors.map((error) => error.message),
    mustFinish,
    format,
    thought: options.thought ?? 'optional',
    ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
  });
  emitJoinStart(context, round, messages);
  if (answerSchema === undefined) {
    const { decision, usage } = await callJoiner(context, options, { messages, round, stream: true });
    return { decision, usage, value: decision.action.type === 'finish' ? decision.action.answer : undefined };
  }
  return joinStructured(context, options, { messages, round, schema: answerSchema });
}

/**
 * A model joiner's round with an answer schema: the answer is validated, and an answer that does not fit is
 * asked for once more, the joiner shown its reply and the issues.
 */
async function joinStructured(
  context: RunContext,
  options: JoinerOptions,
  { messages, round, schema }: { messages: readonly ChatMessage[]; round: number; schema: Schema<unknown> },
): Promise<JoinedRound> {
  const format = options.format ?? 'text';
  const first = await callJoiner(context, options, { messages, round, stream: false });
  if (first.decision.action.type !== 'finish') return first;
  let read = await validate(context, first.decision.action.answer, schema);
  if (read.success) {
    emitAnswer(context, round, read.json);
    return { decision: finishWith(first.decision, read.json), usage: first.usage, value: read.value };
  }
  const { issues } = read;
  context.run.emit({
    type: 'join-warning',
    round,
    warning: { code: 'invalid-answer', message: `The answer does not fit the answer schema: ${formatIssues(issues)}; the joiner is asked once more`, issues },
  });
  const repair: ChatMessage[] = [...messages, { role: 'assistant', content: first.text }, { role: 'user', content: renderAnswerRepair({ issues, format }) }];
  const second = await callJoiner(context, options, { messages: repair, round, stream: false });
  const usage = first.usage === undefined ? second.usage : second.usage === undefined ? first.usage : addUsage(first.usage, second.usage);
  const { action } = second.decision;
  if (action.type !== 'finish') {
    throw new AnswerValidationError({ issues: [{ path: [], message: 'expected a finish with an answer, got a replan' }], text: second.text, attempts: 2 });
  }
  read = await validate(context, action.answer, schema);
  if (!read.success) throw new AnswerValidationError({ issues: read.issues, text: action.answer, attempts: 2 });
  emitAnswer(context, round, read.json);
  return { decision: finishWith(second.decision, read.json), usage, value: read.value };
}

/**
 * One call of the model joiner: streams its reply, emitting the answer's pieces as they come when `stream`
 * is set, and reads the decision (a plain-prose answer with a `join-warning`, unless `joiner.strict`).
 */
async function callJoiner(
  context: RunContext,
  options: JoinerOptions,
  { messages, round, stream: streaming }: { messages: readonly ChatMessage[]; round: number; stream: boolean },
): Promise<{ decision: JoinerDecision; usage: TokenUsage | undefined; text: string }> {
  const { settings, signal, answerSchema } = context;
  const model: LanguageModel = options.model ?? settings.model;
  const format = options.format ?? 'text';
  let text = '';
  let usage: TokenUsage | undefined;
  const answer = streaming ? createAnswerStream(format) : undefined;
  context.usage.calls++;
  const responseFormat =
    format !== 'json'
      ? undefined
      : answerSchema === undefined
        ? { type: 'json' as const }
        : { type: 'json' as const, schema: joinerJsonSchema(answerSchema.jsonSchema()), name: 'joiner_decision' };
  const request: ModelRequest = {
    messages,
    temperature: options.temperature ?? 0,
    maxTokens: options.maxTokens,
    signal,
    ...(responseFormat === undefined ? {} : { responseFormat }),
  };
  await callModel(context, { role: 'joiner', round, model: model.modelId, request }, () =>
    readStream(model.stream(request), signal, (part) => {
      if (part.type === 'text-delta') {
        text += part.text;
        if (answer !== undefined) emitAnswer(context, round, answer.push(part.text));
      } else if (part.type === 'finish') {
        usage = part.usage;
      }
    }),
  );
  if (usage !== undefined) context.usage.joiner = addUsage(context.usage.joiner, usage);
  const { decision, warning } = readJoinerAnswer(text, { format, strict: options.strict === true });
  if (warning !== undefined) context.run.emit({ type: 'join-warning', round, warning });
  if (answer !== undefined && decision.action.type === 'finish') emitAnswer(context, round, answer.finish(decision.action.answer));
  return { decision, usage, text };
}

/** Reads a structured answer; an abort ends the wait at once, even for a schema that never answers. */
function validate(context: RunContext, text: string, schema: Schema<unknown>): Promise<StructuredAnswer> {
  return raceAbort(readStructuredAnswer(text, schema), context.signal);
}

/**
 * Emits `join-start`: the joiner is called now, with `messages` when it is a model (`undefined` for a function
 * joiner, or when the plan stated the answer and no model is called).
 */
export function emitJoinStart(context: RunContext, round: number, messages: readonly ChatMessage[] | undefined): void {
  const { joiner, model } = context.settings;
  context.run.emit({ type: 'join-start', round, model: typeof joiner === 'function' ? undefined : (joiner?.model ?? model).modelId, messages });
}

/** Emits a piece of the answer, if there is one. */
export function emitAnswer(context: RunContext, round: number, text: string): void {
  if (text !== '') context.run.emitToken('answer-delta', round, text);
}

/** The decision with its finish's answer replaced by the answer's JSON text. */
function finishWith(decision: JoinerDecision, json: string): JoinerDecision {
  return { thought: decision.thought, action: { type: 'finish', answer: json } };
}

/**
 * What a function joiner returned, as a decision: a string is the answer; anything else must be a
 * `JoinerDecision`.
 *
 * @throws {InvalidOptionError} naming `joiner` and what came, for anything else.
 */
function toDecision(decided: unknown): JoinerDecision {
  if (typeof decided === 'string') return { thought: undefined, action: { type: 'finish', answer: decided } };
  const action = (decided as Partial<JoinerDecision> | null)?.action;
  const valid =
    action !== null &&
    typeof action === 'object' &&
    ((action.type === 'finish' && typeof action.answer === 'string') || (action.type === 'replan' && typeof action.feedback === 'string'));
  if (!valid) {
    optionChecks().fail('joiner', "a function that returns the answer (a string) or a JoinerDecision (`{ action: { type: 'finish', answer } }` or `{ action: { type: 'replan', feedback } }`)", decided);
  }
  return decided as JoinerDecision;
}
