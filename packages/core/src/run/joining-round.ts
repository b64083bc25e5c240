import type { TaskRecord } from '../execute/task-record.js';
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
 * plain-prose answer is the answer, with a `join-warning` event, unless `joiner.strict` is set.
 */
export async function runJoiningRound(
  context: RunContext,
  { planned, tasks, mustFinish }: { planned: PlannedRound; tasks: readonly TaskRecord[]; mustFinish: boolean },
): Promise<JoinedRound> {
  const { settings, question, signal } = context;
  const joiner = settings.joiner;
  if (typeof joiner === 'function') {
    // An abort ends the wait at once, even for a joiner that ignores its signal.
    const decided = await raceAbort(joiner({ question, round: planned.round, tasks, mustFinish, signal }), signal);
    return { decision: toDecision(decided), usage: undefined };
  }
  const options: JoinerOptions = joiner ?? {};
  const model: LanguageModel = options.model ?? settings.model;
  const format = options.format ?? 'text';
  // Plan errors that belong to no task (a repeated id, too many tasks) are shown too: nothing is dropped.
  const planErrors =
    planned.errors.length === 0 ? undefined : `The plan also had these errors:\n${planned.errors.map((error) => `- ${error.message}`).join('\n')}`;
  const instructions = [planErrors, options.instructions].filter((part) => part !== undefined).join('\n\n') || undefined;
  const messages = createJoinerMessages({
    question,
    tasks: tasks.map((record) => observeRecord(record, settings.maxObservationChars)),
    ...(planned.thought === undefined ? {} : { plannerThought: planned.thought }),
    mustFinish,
    format,
    ...(instructions === undefined ? {} : { instructions }),
  });
  let text = '';
  let usage: TokenUsage | undefined;
  context.usage.calls++;
  const stream = model.stream({
    messages,
    temperature: options.temperature ?? 0,
    maxTokens: options.maxTokens,
    signal,
    ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}),
  });
  await readStream(stream, signal, (part) => {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'finish') usage = part.usage;
  });
  if (usage !== undefined) context.usage.joiner = addUsage(context.usage.joiner, usage);
  const { decision, warning } = readJoinerAnswer(text, { format, strict: options.strict === true });
  if (warning !== undefined) context.run.emit({ type: 'join-warning', round: planned.round, warning });
  return { decision, usage };
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
