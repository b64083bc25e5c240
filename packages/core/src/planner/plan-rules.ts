import { END_OF_PLAN } from '../plan/end-of-plan.js';
import type { PlannerFormat } from './planner-format.js';

const NUMBERING =
  'numbered in order: 1, 2, 3, ... in a first plan; when earlier plans already ran, the numbering goes on after their last task';
const REFERENCE_PATHS =
  '`$2` is the whole result of task 2, `$2.name` a field of it, `$2[0]` the first item of a list, and steps combine (`$2.items[0].price`)';
const PARALLEL =
  'Make the plan as parallel as possible: the tasks run as soon as the results they refer to exist, so a task should refer only to ' +
  'the results it really needs, and tasks that do not need each other must not refer to each other.';
const HONEST =
  'Call only the tools listed above, with the parameters they have. Never make up a tool, a parameter or a result: when you need a ' +
  'value you do not have, plan a task that gets it, and refer to its result.';

/** How to state the answer in the join, for each format: the end of the answer rule. */
const STATED_ANSWER: Readonly<Record<PlannerFormat, string>> = {
  text: 'write it as the one argument of `join`, with references as in task arguments: `N. join($3)` or `N. join("The Eiffel Tower is $3 meters taller.")`.',
  json: 'write it as the `answer` of the join task, with references as in task arguments: `{"tool": "join", "answer": "The Eiffel Tower is $3 meters taller."}`.',
  'tool-calls': 'pass it as the `answer` argument of `join`, with references as in task arguments: `{"answer": "The Eiffel Tower is $3 meters taller."}`.',
};

/** When to state the answer in the join, and when to leave it to the step that reads the results. */
function answerRule(format: PlannerFormat): string {
  const plain = format === 'text' ? '`join()`' : format === 'json' ? '`{"tool": "join"}`' : '`join` without arguments';
  return (
    'When the answer will be exactly the result of a task, or a short sentence around results (a number worked out, a name or a date ' +
    `looked up), state it in the join so that it reaches the user without another step: ${STATED_ANSWER[format]} It is given to ` +
    'the user as written once the tasks it names have succeeded, so write it for the user, and state it only when those results ' +
    `alone answer the question. When answering needs judgement over the results (reading or comparing texts, a yes or no, a summary), end with ${plain}: ` +
    'a later step reads the results and answers.'
  );
}

/**
 * The numbered rules of a plan format for the planner's system prompt: how tasks are written and
 * numbered, how arguments and references (`$N`, `$N.field`, `$N[0]`, `$$`) are written, parallelism, how
 * the plan ends, and to call only the listed tools. With `maxTasks`, a limit on the number of tasks; with
 * `answerInPlan`, when and how the join states the answer.
 */
export function renderPlanRules(format: PlannerFormat, maxTasks: number | undefined, answerInPlan = false): string {
  const rules = format === 'text' ? textRules() : format === 'json' ? jsonRules() : toolCallRules(answerInPlan);
  if (answerInPlan) rules.splice(rules.length - 1, 0, answerRule(format));
  if (maxTasks !== undefined) rules.push(`Use at most ${maxTasks} ${maxTasks === 1 ? 'task' : 'tasks'}, not counting the final join.`);
  const intro =
    format === 'json'
      ? 'How to write the plan. Reply with one JSON object and nothing else:\n' +
        '{"tasks": [{"id": 1, "tool": "<tool>", "args": {"<parameter>": <value>}}, ..., {"tool": "join"}]}'
      : format === 'tool-calls'
        ? 'How to write the plan. Make all of its tool calls in this one reply, using the tools you are given.'
        : 'How to write the plan:';
  return [intro, ...rules.map((rule, index) => `${index + 1}. ${rule}`)].join('\n');
}

function textRules(): string[] {
  return [
    `Write one task per line as \`N. tool(arguments)\`, with the tasks ${NUMBERING}.`,
    'Pass arguments by position, in the order of the tool\'s parameters, or by name as `name=value`; positional arguments come first.',
    'Write values as JSON or Python literals: strings in double or single quotes, numbers, true/false (or True/False), null (or None), lists `[...]` and objects `{"key": value}`.',
    `To use the result of an earlier task, write \`$N\` with that task's number: ${REFERENCE_PATHS}. A reference can be a whole argument or sit inside a string ("the capital of $1"). Refer only to tasks with a smaller number.`,
    'Write `$$` for a dollar sign that is not a reference ("costs $$5").',
    PARALLEL,
    'You may write one line `Thought: ...` just before a task to say briefly why it is there, when that helps plan it; never before the first task or before `join`, where it only delays the plan.',
    `End with the task \`N. join()\` followed by ${END_OF_PLAN}, and write nothing after it.`,
    HONEST,
  ];
}

function jsonRules(): string[] {
  return [
    `Each task has an \`id\` (the tasks are ${NUMBERING}), the \`tool\` it calls, its \`args\` (an object of the tool's parameters by name) and, when it helps plan the task, a \`thought\`: a short reason for it (never on the first task or the join, where it only delays the plan).`,
    'Argument values are JSON.',
    `To use the result of an earlier task, write the string \`"$N"\` with that task's id: ${REFERENCE_PATHS}. Such a string can be a whole argument or sit inside a longer string ("the capital of $1"). Refer only to tasks with a smaller id.`,
    'Write `$$` inside a string for a dollar sign that is not a reference ("costs $$5").',
    PARALLEL,
    'The last task is `{"tool": "join"}`; write nothing after the object.',
    HONEST,
  ];
}

function toolCallRules(answerInPlan: boolean): string[] {
  return [
    `Each tool call is one task, and the order of your calls gives the tasks their numbers: the tasks are ${NUMBERING}.`,
    "Arguments are the JSON object each tool's parameters describe.",
    `To use the result of an earlier task, put the string \`"$N"\` in an argument, with that task's number: ${REFERENCE_PATHS}. Such a string can be a whole argument or sit inside a longer string ("the capital of $1"). Refer only to earlier calls.`,
    'Write `$$` inside a string for a dollar sign that is not a reference ("costs $$5").',
    `${PARALLEL} Make every call of the plan in this one reply: do not wait for results.`,
    'You may write a short thought as text before a call to say why it is there, when that helps plan it; never before the first call or before `join`, where it only delays the plan.',
    answerInPlan ? 'End the plan by calling `join` as your last call.' : 'End the plan by calling `join`, without arguments, as your last call.',
    HONEST,
  ];
}
