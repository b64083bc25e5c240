import type { ChatMessage } from '../model/language-model.js';
import type { JsonSchema } from '../tool/json-schema-types.js';
import { formatIssues } from '../util/format-issues.js';
import type { SchemaIssue } from '../util/schema-issue.js';
import { renderObservedTasks, type ObservedTask } from './observed-task.js';

/**
 * Whether the joiner is asked for a `Thought:` before its action. The thought is written before the answer,
 * so every token of it delays the answer:
 *
 * - `'required'`: always a thought, then the action (the paper's prompt);
 * - `'optional'`: the action straight away, with a short thought first only when the answer needs reasoning
 *   over the results (combining or comparing values, resolving a conflict) or a new plan is asked for;
 * - `'none'`: the action only.
 *
 * Answers are read the same way whichever is asked: with or without a thought.
 */
export type JoinerThought = 'required' | 'optional' | 'none';

/** What {@link createJoinerMessages} builds the joiner's prompt from. */
export interface JoinerMessagesOptions {
  /** The user's question. */
  readonly question: string;
  /**
   * The earlier turns of the conversation, oldest first, sent as they are between the system message and the
   * question's message, which says that the question is the latest message and the answer is for it.
   *
   * @default [] (no earlier turns)
   */
  readonly history?: readonly ChatMessage[] | undefined;
  /**
   * The JSON Schema the answer must fit, when the run has an answer schema: the question's message asks for
   * the answer as JSON of that shape (in text, as the argument of `Finish(...)`; in JSON, as the value of
   * `answer`).
   *
   * @default undefined (the answer is text for the user)
   */
  readonly answerSchema?: JsonSchema | undefined;
  /** The tasks that ran (of every round so far), with their observations already made text. */
  readonly tasks: readonly ObservedTask[];
  /** The planner's last thought (the `Thought:` after its last task), if it wrote one. */
  readonly plannerThought?: string | undefined;
  /**
   * Errors of the plan that belong to no task (a repeated id, tasks past the limit), shown after the tasks.
   *
   * @default [] (none)
   */
  readonly planErrors?: readonly string[] | undefined;
  /**
   * Whether the joiner must answer now: on the last allowed round the user message tells it that it must
   * finish, and give the best answer the results support. The system message stays the same.
   */
  readonly mustFinish: boolean;
  /**
   * `'text'`: `Action: Finish(...)` / `Action: Replan(...)`, read by `parseJoinerOutput`. `'json'`: one
   * object, read by `parseJoinerJson`.
   */
  readonly format: 'text' | 'json';
  /**
   * Whether a thought is asked for before the action; see {@link JoinerThought}.
   *
   * @default 'optional'
   * @example
   * ```ts
   * thought: 'required' // the paper's `Thought:` line before every action
   * ```
   */
  readonly thought?: JoinerThought | undefined;
  /**
   * Extra rules appended to the system prompt, e.g. the answer's language or length.
   *
   * @default undefined (none)
   * @example
   * ```ts
   * instructions: 'Answer in one sentence, in French.'
   * ```
   */
  readonly instructions?: string | undefined;
}

/**
 * Builds the joiner's prompt, laid out for prefix caching: a system message that depends only on the
 * options (`format`, `thought`, `instructions`), never on the question, the results or the round, with the
 * job (read the results, then finish with an answer or ask for a new plan), the rules and the answer format;
 * then the conversation's earlier turns (`history`), as they are; then a user message with the question, each task (its thought, the call, and its observation, error or
 * reason for being skipped), the plan's errors, the planner's last thought and, on the last round allowed
 * (`mustFinish`), that it must finish now, and the JSON Schema the answer must fit (`answerSchema`).
 *
 * @example
 * ```ts
 * const messages = createJoinerMessages({
 *   question: 'Which trench is deeper?',
 *   tasks: [{ id: 1, tool: 'search', source: 'search("Mariana Trench")', observation: '10,994 m deep' }],
 *   mustFinish: false,
 *   format: 'text',
 * });
 * const decision = parseJoinerOutput(await complete(model, messages));
 * ```
 */
export function createJoinerMessages(options: JoinerMessagesOptions): ChatMessage[] {
  const { question, history = [], answerSchema, tasks, plannerThought, planErrors = [], mustFinish, format, thought = 'optional', instructions } = options;
  return [
    { role: 'system', content: systemPrompt(format, thought, instructions) },
    ...history.map(({ role, content }) => ({ role, content })),
    {
      role: 'user',
      content: userPrompt({ question, conversation: history.length > 0, answerSchema, tasks, plannerThought, planErrors, mustFinish, format, thought }),
    },
  ];
}

/**
 * The message that asks the joiner, once, for an answer that fits the answer schema, after one that did not:
 * sent after the joiner's own reply (as an assistant message), it lists the issues and asks for the decision
 * again, a finish this time.
 *
 * @example
 * ```ts
 * const repair = renderAnswerRepair({ issues: [{ path: ['depthMeters'], message: 'expected number, received string' }], format: 'text' });
 * const messages = [...joinerMessages, { role: 'assistant', content: firstReply }, { role: 'user', content: repair }];
 * ```
 */
export function renderAnswerRepair({ issues, format }: { readonly issues: readonly SchemaIssue[]; readonly format: 'text' | 'json' }): string {
  const finish =
    format === 'text'
      ? '`Action: Finish(<the JSON answer>)`, the JSON alone inside the parentheses'
      : '`{"action": "finish", "answer": <the JSON answer>}`, the answer a JSON value, not a string holding JSON';
  return [
    `Your answer does not fit the JSON Schema of the answer: ${formatIssues(issues)}.`,
    `Write your reply again, and finish this time: ${finish}, fitting the schema. No more tool calls can be made.`,
  ].join(' ');
}

function systemPrompt(format: 'text' | 'json', thought: JoinerThought, instructions: string | undefined): string {
  const finish = format === 'text' ? 'Finish(<answer>)' : '`"action": "finish"`';
  const replan = format === 'text' ? 'Replan(<feedback>)' : '`"action": "replan"`';
  const sections = [
    'You are the last step of an assistant that answers questions with tools. A planner chose tool calls for ' +
      'the question, and they have run. Read the question and what the calls returned, then decide.',
    [
      'You have two choices:',
      `- ${finish}: the results let you answer the question. Prefer this whenever they are enough, even if ` +
        'some tasks failed.',
      `- ${replan}: something the answer needs is missing, or a task failed in a way a different plan ` +
        'could fix. The feedback tells the planner what is missing and what to do differently; the tasks ' +
        'that already ran keep their results and are not run again.',
      'When the message says it is the last round, you must finish: no more tool calls can be made. If the ' +
        'results are not enough, give the best answer they support and say plainly what could not be found.',
    ].join('\n'),
    [
      'Rules:',
      '- Use only what the question and the results say. Never invent facts, numbers or sources; if results are ' +
        'incomplete or disagree, say so.',
      '- A task marked `Error:` failed and one marked `Skipped:` never ran; the text after the label says why.',
      '- The answer is what the user reads: complete on its own, in plain words, without task numbers or `$N` ' +
        'references.',
    ].join('\n'),
    format === 'text' ? textFormat(thought) : jsonFormat(thought),
  ];
  if (instructions !== undefined && instructions.trim() !== '') sections.push(`Additional instructions:\n${instructions.trim()}`);
  return sections.join('\n\n');
}

/** When a thought is worth its tokens: it is written before the answer, which the user waits for. */
const WHEN_TO_THINK =
  'The user waits while you write: when the results state the answer, go straight to the action. Only when ' +
  'the answer needs reasoning over the results (combining or comparing values, resolving a conflict), or when ' +
  'you ask for a new plan,';

function textFormat(thought: JoinerThought): string {
  const finish = 'Action: Finish(<the answer for the user>)';
  const replan = 'Action: Replan(<what is missing and what the next plan should do>)';
  const lines =
    thought === 'required'
      ? [
          'Reply in exactly this form, and write nothing after the action:',
          'Thought: <your reasoning about the results, briefly>',
          finish,
          'or, to ask for a new plan:',
          'Thought: <your reasoning>',
          replan,
        ]
      : [
          thought === 'none'
            ? 'Reply with the action alone, and write nothing before or after it:'
            : 'Reply with the action, and write nothing after it:',
          finish,
          'or, to ask for a new plan:',
          replan,
        ];
  if (thought === 'optional') lines.push(`${WHEN_TO_THINK} first write one short line \`Thought: <your reasoning>\` before the action.`);
  lines.push('The text between the parentheses may span several lines.');
  return lines.join('\n');
}

function jsonFormat(thought: JoinerThought): string {
  const head = thought === 'required' ? '{"thought": "<your reasoning about the results, briefly>", ' : '{';
  const replanHead = thought === 'required' ? '{"thought": "<your reasoning>", ' : '{';
  const lines = [
    'Reply with one JSON object and nothing else, its keys in this order:',
    `${head}"action": "finish", "answer": "<the answer for the user>"}`,
    'or, to ask for a new plan:',
    `${replanHead}"action": "replan", "feedback": "<what is missing and what the next plan should do>"}`,
  ];
  if (thought === 'optional') lines.push(`${WHEN_TO_THINK} first write a short \`"thought": "<your reasoning>"\` as the first key.`);
  return lines.join('\n');
}

function userPrompt(options: {
  readonly question: string;
  readonly conversation: boolean;
  readonly answerSchema: JsonSchema | undefined;
  readonly tasks: readonly ObservedTask[];
  readonly plannerThought: string | undefined;
  readonly planErrors: readonly string[];
  readonly mustFinish: boolean;
  readonly format: 'text' | 'json';
  readonly thought: JoinerThought;
}): string {
  const { question, conversation, answerSchema, tasks, plannerThought, planErrors, mustFinish, format, thought } = options;
  const sections = [
    ...(conversation
      ? ['The messages above are the conversation so far. Answer the latest question, below, for the user, using the conversation to understand it:']
      : []),
    `Question: ${question.trim()}`,
    tasks.length === 0 ? 'No tasks ran: the plan had none.' : `Tasks and their results:\n${renderObservedTasks(tasks)}`,
  ];
  if (planErrors.length > 0) sections.push(`The plan also had these errors:\n${planErrors.map((error) => `- ${error}`).join('\n')}`);
  if (plannerThought !== undefined && plannerThought.trim() !== '') sections.push(`The planner's last thought: ${plannerThought.trim()}`);
  if (answerSchema !== undefined) sections.push(renderAnswerShape(answerSchema, format));
  const reply =
    format === 'json'
      ? 'Now write the JSON object.'
      : thought === 'required'
        ? 'Now write your Thought and Action.'
        : 'Now write your Action.';
  const finish = format === 'text' ? '`Action: Finish(...)`' : '`"action": "finish"`';
  sections.push(
    mustFinish
      ? `This is the last round: you must finish. Answer with ${finish}: no more tool calls can be made. ${reply}`
      : reply,
  );
  return sections.join('\n\n');
}

/** Asks for the answer as JSON of the schema's shape, in the joiner's format. */
function renderAnswerShape(schema: JsonSchema, format: 'text' | 'json'): string {
  const where =
    format === 'text'
      ? 'The answer is data for a program: write it as JSON inside `Action: Finish(...)`, the JSON alone (no prose, no fences)'
      : 'The answer is data for a program: `answer` is a JSON value (not a string holding JSON, unless the schema asks for a string)';
  return `${where}, fitting this JSON Schema:\n${JSON.stringify(schema)}`;
}
