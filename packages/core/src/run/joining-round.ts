import type { TaskRecord } from '../execute/task-record.js';
import { createAnswerStream } from '../joiner/create-answer-stream.js';
import { createJoinerMessages } from '../joiner/create-joiner-messages.js';
import type { JoinerDecision } from '../joiner/joiner-decision.js';
import { readJoinerAnswer } from '../joiner/read-joiner-answer.js';
import type { LanguageModel, TokenUsage } from '../model/language-model.js';
import { optionChecks } from '../options/check-option.js';
import { raceAbort, readStream } from '../util/abortable.js';
import type { JoinerOptions } from './compiler-options.js';
import { observeRecord } from './observe-record.js';
import type { RunContext } from './run-context.js';
import type { PlannedRound } from './planning-round.js';
import { addUsage } from './token-usage.js';

/** What the joiner decided, and what its model call cost. */
export interface JoinedRound {
  readonly decision: JoinerDecision;
  readonly usage: TokenUsage | undefined;
}

/**
 * Runs the joining half of a round: the joiner reads every task so far (`tasks`, settled) and answers or
 * asks for a new plan. On the last round allowed (`mustFinish`) it is told it must answer. A model joiner's
 * plain-prose answer is the answer, with a `join-warning` event, unless `joiner.strict` is set. A finish's
 * answer is emitted in `answer-delta` events as the model writes it (see `createAnswerStream`); a function
 * joiner's in one.
 */
export async function runJoiningRound(
  context: RunContext,
  { planned, tasks, mustFinish }: { planned: PlannedRound; tasks: readonly TaskRecord[]; mustFinish: boolean },
): Promise<JoinedRound> {
  const { settings, question, signal } = context;
  const joiner = settings.joiner;
  const { round } = planned;
  if (typeof joiner === 'function') {
    // An abort ends the wait at once, even for a joiner that ignores its signal.
    const decided = await raceAbort(joiner({ question, round, tasks, mustFinish, signal }), signal);
    const decision = toDecision(decided);
    if (decision.action.type === 'finish') emitAnswer(context, round, decision.action.answer);
    return { decision, usage: undefined };
  }
  const options: JoinerOptions = joiner ?? {};
  const model: LanguageModel = options.model ?? settings.model;
  const format = options.format ?? 'text';
  const messages = createJoinerMessages({
    question,
    tasks: tasks.map((record) => observeRecord(record, settings.maxObservationChars)),
    ...(planned.thought === undefined ? {} : { plannerThought: planned.thought }),
    // Plan errors that belong to no task (a repeated id, too many tasks) are shown too: nothing is dropped.
    planErrors: planned.errors.map((error) => error.message),
    mustFinish,
    format,
    thought: options.thought ?? 'optional',
    ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
  });
  let text = '';
  let usage: TokenUsage | undefined;
  const answer = createAnswerStream(format);
  context.usage.calls++;
  const stream = model.stream({
    messages,
    temperature: options.temperature ?? 0,
    maxTokens: options.maxTokens,
    signal,
    ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}),
  });
  await readStream(stream, signal, (part) => {
    if (part.type === 'text-delta') {
      text += part.text;
      emitAnswer(context, round, answer.push(part.text));
    } else if (part.type === 'finish') {
      usage = part.usage;
    }
  });
  if (usage !== undefined) context.usage.joiner = addUsage(context.usage.joiner, usage);
  const { decision, warning } = readJoinerAnswer(text, { format, strict: options.strict === true });
  if (warning !== undefined) context.run.emit({ type: 'join-warning', round, warning });
  if (decision.action.type === 'finish') emitAnswer(context, round, answer.finish(decision.action.answer));
  return { decision, usage };
}

/** Emits a piece of the answer, if there is one. */
export function emitAnswer(context: RunContext, round: number, text: string): void {
  if (text !== '') context.run.emitToken('answer-delta', round, text);
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
