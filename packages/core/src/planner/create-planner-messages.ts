import type { ChatMessage } from '../model/language-model.js';
import { optionChecks } from '../options/check-option.js';
import { renderToolDescription } from '../tool/render-signature.js';
import type { AnyTool } from '../tool/tool.js';
import { renderPlanExamples } from './plan-examples.js';
import type { PlanRound } from './plan-round.js';
import { renderPlanRules } from './plan-rules.js';
import type { PlannerFormat } from './planner-format.js';
import { renderPlanRounds } from './render-replan.js';

export type { PlanRound } from './plan-round.js';

/** What {@link createPlannerMessages} builds the planner's prompt from. */
export interface PlannerMessagesOptions {
  /** The user's question. */
  readonly question: string;
  /**
   * The earlier turns of the conversation, oldest first, sent as they are (user and assistant messages)
   * between the system message and the question. The assistant's messages are the answers the user was
   * given, not plans: the question's message says so, and that the plan is for the question alone.
   *
   * @default [] (no earlier turns)
   * @example
   * ```ts
   * history: [{ role: 'user', content: 'How deep is the Mariana Trench?' }, { role: 'assistant', content: '10,994 m.' }]
   * ```
   */
  readonly history?: readonly ChatMessage[] | undefined;
  /** The tools the plan may call, shown as signatures with their descriptions. */
  readonly tools: readonly AnyTool[];
  /** How the plan is to be written; see {@link PlannerFormat}. */
  readonly format: PlannerFormat;
  /**
   * The rounds that already ran, on a replan: their tasks and observations and the joiner's feedback are
   * shown, and the new plan is told to continue the numbering after them.
   *
   * @default [] (a first plan)
   */
  readonly rounds?: readonly PlanRound[] | undefined;
  /**
   * The few-shot examples: `undefined` for the built-in ones (two short general-purpose plans), a string
   * to use instead (written in the same plan format), or `false` for none.
   *
   * @default undefined (the built-in examples)
   * @example
   * ```ts
   * examples: 'Question: What is 2 + 2?\nPlan:\n1. calculator("2 + 2")\n2. join()<END_OF_PLAN>'
   * ```
   */
  readonly examples?: string | false | undefined;
  /**
   * Extra rules appended to the system prompt.
   *
   * @default undefined (none)
   * @example
   * ```ts
   * instructions: 'Prefer the cache_lookup tool before web_search.'
   * ```
   */
  readonly instructions?: string | undefined;
  /**
   * The most tasks a plan may have (not counting the final join), stated as a rule: an integer from 1, or
   * `Infinity` for no limit.
   *
   * @default undefined (no limit is stated)
   */
  readonly maxTasks?: number | undefined;
  /**
   * Whether the plan may state the answer in its join (`N. join("The difference is $3 m")`), for the run to
   * finish without the joiner: the join is shown with its `answer`, a rule says when to state one (only when
   * the answer is a task's result or a short sentence around results) and the examples state theirs.
   *
   * @default false
   */
  readonly answerInPlan?: boolean | undefined;
}

const FORMATS: readonly PlannerFormat[] = ['text', 'json', 'tool-calls'];

/** Heads the question's message after earlier turns: they are context, and the plan is for the question. */
const HISTORY_NOTE =
  'The messages above are the conversation so far: the assistant\'s messages are the answers the user was ' +
  'given, not plans. Use them to understand the question (what "it" or "the other one" refers to, what was ' +
  'already said), and write a plan, in the format above, for this question:';

/**
 * Builds the planner's prompt: a system message with its job, the tools (each as its signature and
 * description), the rules of the plan format (numbering, arguments, `$N` references, parallelism, how the
 * plan ends) and few-shot examples; then the conversation's earlier turns (`history`), as they are; and a
 * user message with the question and, on a replan, the earlier rounds with their observations, the joiner's
 * feedback and the id the new plan starts at.
 *
 * The system message depends only on the tools and options, not on the question, the conversation or the
 * round, so providers that cache prompt prefixes can reuse it; the turns of a conversation come after it in
 * the order they happened, so a turn's prompt repeats the previous turn's up to its question.
 *
 * For `'text'`, pass {@link END_OF_PLAN} as a stop sequence; for `'tool-calls'`, pass
 * `plannerToolDefinitions(tools)` as the model's tools.
 *
 * @throws {InvalidOptionError} when `format` or `maxTasks` is out of range.
 * @throws {ToolDefinitionError} when a tool's input schema is not an object schema.
 *
 * @example
 * ```ts
 * const messages = createPlannerMessages({ question: 'Which trench is deeper?', tools: [search, math], format: 'text' });
 * const stream = model.stream({ messages, stop: [END_OF_PLAN] });
 * ```
 */
export function createPlannerMessages(options: PlannerMessagesOptions): ChatMessage[] {
  const { question, history = [], tools, format, rounds = [], examples, instructions, maxTasks, answerInPlan = false } = options;
  const check = optionChecks();
  check.oneOf('format', format, FORMATS);
  if (maxTasks !== undefined) check.limit('maxTasks', maxTasks);
  const system = [
    'You plan the work of an assistant that answers questions with tools. Given a question, write a plan: the ' +
      'tool calls that gather what is needed to answer it. You do not answer the question and you do not run ' +
      'the tools. The calls run as soon as the results they need exist, many at the same time, and a later ' +
      'step reads their results and writes the answer.',
    renderTools(tools, format, answerInPlan),
    renderPlanRules(format, maxTasks === Infinity ? undefined : maxTasks, answerInPlan),
  ];
  const exampleText = examples === undefined ? renderPlanExamples(format, answerInPlan) : examples === false ? '' : examples.trim();
  if (exampleText !== '') system.push(exampleText);
  if (instructions !== undefined && instructions.trim() !== '') system.push(`Additional instructions:\n${instructions.trim()}`);

  const user = [`Question: ${question.trim()}`];
  if (history.length > 0) user.unshift(HISTORY_NOTE);
  if (rounds.length > 0) user.push(renderPlanRounds(rounds, format));
  return [
    { role: 'system', content: system.join('\n\n') },
    ...history.map(({ role, content }) => ({ role, content })),
    { role: 'user', content: user.join('\n\n') },
  ];
}

function renderTools(tools: readonly AnyTool[], format: PlannerFormat, answerInPlan: boolean): string {
  const stated = ' Its `answer` is the answer for the user, when the results will state it (see the rules).';
  const join = answerInPlan
    ? format === 'tool-calls'
      ? `join(answer?: string)\nEnds the plan: call it last.${stated}`
      : format === 'json'
        ? `join\nEnds the plan: always the last task, \`{"tool": "join"}\` or \`{"tool": "join", "answer": "..."}\`, without \`id\` or \`args\`.${stated}`
        : `join(answer?: string)\nEnds the plan: always the last task.${stated}`
    : format === 'tool-calls'
      ? 'join()\nEnds the plan: call it last, without arguments.'
      : format === 'json'
        ? 'join\nEnds the plan: always the last task, `{"tool": "join"}`, without `id` or `args`.'
        : 'join()\nEnds the plan: always the last task, without arguments.';
  const intro =
    tools.length === 0
      ? 'There are no tools to call: the plan holds only the final join.'
      : 'Tools you can call (`?` marks an optional parameter, `-> type` is what the tool returns):';
  return [intro, ...tools.map(renderToolDescription), join].join('\n\n');
}
