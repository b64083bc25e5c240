/**
 * What the simulated model thinks aloud, read from the prompts it is given: LLMCompiler's planner writes
 * the thoughts its examples show, its joiner the thought its reply format asks for; ReAct and function
 * calling write a swept budget of thought per tool call.
 */
import { countTextTokens } from '@llmcompiler/testing';

/** How often, and how long, the planner's examples put a thought before one kind of task. */
export interface ThoughtHabit {
  /** Thoughts per task of this kind in the examples, 0 to 1. */
  readonly rate: number;
  /** Mean tokens of those thought lines (`Thought: ...`), 0 when there are none. */
  readonly tokens: number;
}

/**
 * The planner's thought habits, learnt from the examples in its system prompt: before a task that needs no
 * earlier result (`root`), and before one that refers to earlier results (`dependent`).
 */
export interface PlannerThoughtStyle {
  readonly root: ThoughtHabit;
  readonly dependent: ThoughtHabit;
}

const TASK_LINE = /^\s*(\d+)\.\s*([A-Za-z_][\w.-]*)\s*\((.*)\)\s*(?:<END_OF_PLAN>)?\s*$/;
const THOUGHT_LINE = /^\s*Thought:\s*(.*)$/;
/** A reference to an earlier task (`$1`, `${2}`), not a literal dollar (`$$`). */
const REFERENCE = /(?<!\$)\$\{?\d+/;

/**
 * Reads the planner's thought habits from the plans of its few-shot examples (each after a `Plan:` line, up
 * to the next blank line): for each kind of task, the share preceded by a `Thought:` line and the mean
 * tokens of those lines. `join()` is not a task. A prompt without examples, or whose examples write no
 * thoughts, gives rate 0: the planner then writes none.
 *
 * @example
 * ```ts
 * plannerThoughtStyle('...Plan:\nThought: Both at once.\n1. search("a")\n2. search("b")\n3. join()<END_OF_PLAN>');
 * // { root: { rate: 0.5, tokens: 6 }, dependent: { rate: 0, tokens: 0 } }
 * ```
 */
export function plannerThoughtStyle(systemPrompt: string): PlannerThoughtStyle {
  const counts = { root: { tasks: 0, thoughts: 0, tokens: 0 }, dependent: { tasks: 0, thoughts: 0, tokens: 0 } };
  const lines = systemPrompt.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]!.trim() !== 'Plan:') continue;
    let pending: string | undefined;
    for (let at = index + 1; at < lines.length && lines[at]!.trim() !== ''; at++) {
      const line = lines[at]!;
      const thought = THOUGHT_LINE.exec(line);
      if (thought !== null) {
        pending = line.trim();
        continue;
      }
      const task = TASK_LINE.exec(line);
      if (task === null || task[2] === 'join') {
        pending = undefined;
        continue;
      }
      const kind = REFERENCE.test(task[3]!) ? counts.dependent : counts.root;
      kind.tasks++;
      if (pending !== undefined) {
        kind.thoughts++;
        kind.tokens += countTextTokens(pending);
      }
      pending = undefined;
    }
  }
  const habit = ({ tasks, thoughts, tokens }: { tasks: number; thoughts: number; tokens: number }): ThoughtHabit => ({
    rate: tasks === 0 ? 0 : thoughts / tasks,
    tokens: thoughts === 0 ? 0 : Math.round(tokens / thoughts),
  });
  return { root: habit(counts.root), dependent: habit(counts.dependent) };
}

/**
 * Whether the `k`-th task (from 1) of a kind gets a thought at `rate`: the first does whenever the rate is
 * above 0, then one in every `1 / rate`, as the examples have them.
 *
 * @example
 * ```ts
 * [1, 2, 3, 4].map((k) => takesThought(k, 1 / 3)); // [true, false, false, true]
 * ```
 */
export function takesThought(k: number, rate: number): boolean {
  return rate > 0 && Math.ceil(k * rate - 1e-9) > Math.ceil((k - 1) * rate - 1e-9);
}

/** Tokens of the joiner's thought line when its prompt asks for one: the review's "about 21 tokens". */
export const JOINER_THOUGHT_TOKENS = 21;

/**
 * Whether the joiner's prompt asks for a thought: its reply format shows a `Thought:` line just before
 * `Action: Finish(` (text) or a `"thought"` field (JSON), and does not call the thought optional.
 */
export function joinerAsksForThought(systemPrompt: string): boolean {
  if (/thought[^\n.]*\b(optional|if you like|if you want|may be left out|you may)\b/i.test(systemPrompt)) return false;
  if (/^Thought:[^\n]*\nAction: Finish\(/m.test(systemPrompt)) return true;
  return /"thought"\s*:/.test(systemPrompt) && /"action"\s*:\s*"finish"/.test(systemPrompt);
}

/** Words of one o200k token each (with their leading space): a thought is made of them. */
const WORDS = (
  'need the result of this step before the answer can be given so it runs now while the others wait for what ' +
  'they use and then the last step reads every result to compare them and decide which one fits the question best'
).split(' ');

/**
 * Text of exactly `tokens` o200k tokens (0 gives `''`), starting with `start` when it fits: a stand-in for
 * a thought of that length, with no characters a plan or a joiner parser treats specially.
 *
 * @example
 * ```ts
 * countTextTokens(thoughtText(20, 'I')); // 20
 * ```
 */
export function thoughtText(tokens: number, start = 'I'): string {
  if (tokens <= 0) return '';
  let text = start;
  let word = 0;
  while (countTextTokens(text) < tokens) text += ` ${WORDS[word++ % WORDS.length]}`;
  while (countTextTokens(text) > tokens && text.includes(' ')) text = text.slice(0, text.lastIndexOf(' '));
  return text;
}

/** A `Thought: ...` line of exactly `tokens` tokens (the label included), `''` for fewer than its first words'. */
export function thoughtLine(tokens: number): string {
  const start = 'Thought: We';
  return tokens < countTextTokens(start) ? '' : thoughtText(tokens, start);
}
