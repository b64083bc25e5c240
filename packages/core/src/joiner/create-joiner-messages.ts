import type { ChatMessage } from '../model/language-model.js';
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
 * then a user message with the question, each task (its thought, the call, and its observation, error or
 * reason for being skipped), the plan's errors, the planner's last thought and, on the last round allowed
 * (`mustFinish`), that it must finish now.
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
  const { question, tasks, plannerThought, planErrors = [], mustFinish, format, thought = 'optional', instructions } = options;
  return [
    { role: 'system', content: systemPrompt(format, thought, instructions) },
    { role: 'user', content: userPrompt({ question, tasks, plannerThought, planErrors, mustFinish, format, thought }) },
  ];
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
  readonly tasks: readonly ObservedTask[];
  readonly plannerThought: string | undefined;
  readonly planErrors: readonly string[];
  readonly mustFinish: boolean;
  readonly format: 'text' | 'json';
  readonly thought: JoinerThought;
}): string {
  const { question, tasks, plannerThought, planErrors, mustFinish, format, thought } = options;
  const sections = [
    `Question: ${question.trim()}`,
    tasks.length === 0 ? 'No tasks ran: the plan had none.' : `Tasks and their results:\n${renderObservedTasks(tasks)}`,
  ];
  if (planErrors.length > 0) sections.push(`The plan also had these errors:\n${planErrors.map((error) => `- ${error}`).join('\n')}`);
  if (plannerThought !== undefined && plannerThought.trim() !== '') sections.push(`The planner's last thought: ${plannerThought.trim()}`);
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
