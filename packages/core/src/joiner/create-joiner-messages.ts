import type { ChatMessage } from '../model/language-model.js';
import { renderObservedTasks, type ObservedTask } from './observed-task.js';

/** What {@link createJoinerMessages} builds the joiner's prompt from. */
export interface JoinerMessagesOptions {
  /** The user's question. */
  readonly question: string;
  /** The tasks that ran (of every round so far), with their observations already made text. */
  readonly tasks: readonly ObservedTask[];
  /** The planner's last thought (the `Thought:` after its last task), if it wrote one. */
  readonly plannerThought?: string | undefined;
  /**
   * Whether the joiner must answer now: on the last allowed round it is offered only `Finish`, and told to
   * give the best answer the results support.
   */
  readonly mustFinish: boolean;
  /**
   * `'text'`: `Thought: ...` then `Action: Finish(...)` / `Action: Replan(...)`, read by
   * `parseJoinerOutput`. `'json'`: one object, read by `parseJoinerJson`.
   */
  readonly format: 'text' | 'json';
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
 * Builds the joiner's prompt: a system message that explains its job (read the results, then finish with
 * an answer or ask for a new plan) and the answer format, and a user message with the question, each task
 * (its thought, the call, and its observation, error or reason for being skipped) and the planner's last
 * thought. With `mustFinish`, replanning is not offered.
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
  const { question, tasks, plannerThought, mustFinish, format, instructions } = options;
  return [
    { role: 'system', content: systemPrompt(mustFinish, format, instructions) },
    { role: 'user', content: userPrompt(question, tasks, plannerThought, mustFinish, format) },
  ];
}

function systemPrompt(mustFinish: boolean, format: 'text' | 'json', instructions: string | undefined): string {
  const finish = format === 'text' ? 'Finish(<answer>)' : '`"action": "finish"`';
  const replan = format === 'text' ? 'Replan(<feedback>)' : '`"action": "replan"`';
  const sections = [
    'You are the last step of an assistant that answers questions with tools. A planner chose tool calls for ' +
      'the question, and they have run. Read the question and what the calls returned, then decide.',
    mustFinish
      ? `You must answer now with ${finish}: no more tool calls can be made. If the results are not enough, ` +
        'give the best answer they support and say plainly what could not be found.'
      : [
          'You have two choices:',
          `- ${finish}: the results let you answer the question. Prefer this whenever they are enough, even if ` +
            'some tasks failed.',
          `- ${replan}: something the answer needs is missing, or a task failed in a way a different plan ` +
            'could fix. The feedback tells the planner what is missing and what to do differently; the tasks ' +
            'that already ran keep their results and are not run again.',
        ].join('\n'),
    [
      'Rules:',
      '- Use only what the question and the results say. Never invent facts, numbers or sources; if results are ' +
        'incomplete or disagree, say so.',
      '- A task marked `Error:` failed and one marked `Skipped:` never ran; the text after the label says why.',
      '- The answer is what the user reads: complete on its own, in plain words, without task numbers or `$N` ' +
        'references.',
    ].join('\n'),
    format === 'text' ? textFormat(mustFinish) : jsonFormat(mustFinish),
  ];
  if (instructions !== undefined && instructions.trim() !== '') sections.push(`Additional instructions:\n${instructions.trim()}`);
  return sections.join('\n\n');
}

function textFormat(mustFinish: boolean): string {
  const lines = [
    'Reply in exactly this form, and write nothing after the action:',
    'Thought: <your reasoning about the results, briefly>',
    'Action: Finish(<the answer for the user>)',
  ];
  if (!mustFinish) lines.push('or, to ask for a new plan:', 'Thought: <your reasoning>', 'Action: Replan(<what is missing and what the next plan should do>)');
  lines.push('The text between the parentheses may span several lines.');
  return lines.join('\n');
}

function jsonFormat(mustFinish: boolean): string {
  const lines = [
    'Reply with one JSON object and nothing else:',
    '{"thought": "<your reasoning about the results, briefly>", "action": "finish", "answer": "<the answer for the user>"}',
  ];
  if (!mustFinish) {
    lines.push(
      'or, to ask for a new plan:',
      '{"thought": "<your reasoning>", "action": "replan", "feedback": "<what is missing and what the next plan should do>"}',
    );
  }
  return lines.join('\n');
}

function userPrompt(
  question: string,
  tasks: readonly ObservedTask[],
  plannerThought: string | undefined,
  mustFinish: boolean,
  format: 'text' | 'json',
): string {
  const sections = [
    `Question: ${question.trim()}`,
    tasks.length === 0 ? 'No tasks ran: the plan had none.' : `Tasks and their results:\n${renderObservedTasks(tasks)}`,
  ];
  if (plannerThought !== undefined && plannerThought.trim() !== '') sections.push(`The planner's last thought: ${plannerThought.trim()}`);
  const reply = format === 'text' ? 'Now write your Thought and Action.' : 'Now write the JSON object.';
  sections.push(mustFinish ? `This is the last round: you must finish. ${reply}` : reply);
  return sections.join('\n\n');
}
