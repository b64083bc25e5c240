import type { PlannerFormat } from './planner-format.js';

/** One worked example for the planner prompt, written out in every plan format. */
export interface PlanExample {
  /** The made-up tools the example uses, as signature and description lines. */
  readonly tools: readonly string[];
  /** The question of the example. */
  readonly question: string;
  /** The plan answering it, in each format, without its final join (see {@link renderExamplePlan}). */
  readonly plans: Readonly<Record<PlannerFormat, string>>;
  /** The answer the plan states in its join when the plan may state one, with references to task results. */
  readonly answer: string;
}

/**
 * The default few-shot examples: short, general-purpose, and using tools that exist only inside the
 * example, so the planner does not take them for tools it may call. Between them they show parallel
 * independent tasks, positional and keyword arguments, references to whole results, to an item's field
 * (`$1[0].price_usd`), `$$` for a literal dollar and, when the plan may state its answer, an answer over
 * task results in the join.
 *
 * A thought stands only where it helps plan a later step, and only before a task that waits for another
 * anyway: a thought before the first task or the join would only delay the plan.
 */
export const PLAN_EXAMPLES: readonly PlanExample[] = [
  {
    tools: [
      'web_search(query: string) -> string',
      '  Searches the web and returns the best matching snippet.',
      'calculate(task: string, values?: any[]) -> number',
      '  Works out a number from the given values, as the task describes.',
    ],
    question: 'How much taller is the Eiffel Tower than the Statue of Liberty, in meters?',
    plans: {
      text: [
        '1. web_search("Eiffel Tower height in meters")',
        '2. web_search(query="Statue of Liberty height in meters")',
        'Thought: The difference needs both heights.',
        '3. calculate("subtract the second height from the first", values=[$1, $2])',
      ].join('\n'),
      json: [
        '{"tasks": [',
        '  {"id": 1, "tool": "web_search", "args": {"query": "Eiffel Tower height in meters"}},',
        '  {"id": 2, "tool": "web_search", "args": {"query": "Statue of Liberty height in meters"}},',
        '  {"id": 3, "tool": "calculate", "args": {"task": "subtract the second height from the first", "values": ["$1", "$2"]}, "thought": "The difference needs both heights."},',
      ].join('\n'),
      'tool-calls': [
        'Call 1: web_search {"query": "Eiffel Tower height in meters"}',
        'Call 2: web_search {"query": "Statue of Liberty height in meters"}',
        'Text: The difference needs both heights.',
        'Call 3: calculate {"task": "subtract the second height from the first", "values": ["$1", "$2"]}',
      ].join('\n'),
    },
    answer: 'The Eiffel Tower is $3 meters taller than the Statue of Liberty.',
  },
  {
    tools: [
      'find_products(query: string, sort?: "price" | "rating") -> { name: string; price_usd: number }[]',
      "  Searches a shop's catalogue.",
      'convert_currency(amount: number, from: string, to: string) -> number',
      '  Converts an amount of money from one currency to another.',
    ],
    question: 'What is the cheapest USB-C cable under $20, and what does it cost in euros?',
    plans: {
      text: [
        '1. find_products("USB-C cable under $$20", sort="price")',
        'Thought: The results are sorted by price, so the first one is the cheapest.',
        '2. convert_currency($1[0].price_usd, "USD", "EUR")',
      ].join('\n'),
      json: [
        '{"tasks": [',
        '  {"id": 1, "tool": "find_products", "args": {"query": "USB-C cable under $$20", "sort": "price"}},',
        '  {"id": 2, "tool": "convert_currency", "args": {"amount": "$1[0].price_usd", "from": "USD", "to": "EUR"}, "thought": "The results are sorted by price, so the first one is the cheapest."},',
      ].join('\n'),
      'tool-calls': [
        'Call 1: find_products {"query": "USB-C cable under $$20", "sort": "price"}',
        'Text: The results are sorted by price, so the first one is the cheapest.',
        'Call 2: convert_currency {"amount": "$1[0].price_usd", "from": "USD", "to": "EUR"}',
      ].join('\n'),
    },
    answer: 'The cheapest is $1[0].name, at $2 euros.',
  },
];

/**
 * An example's whole plan in a format: its tasks, then the join, stating the example's answer when
 * `answerInPlan`.
 */
export function renderExamplePlan(example: PlanExample, format: PlannerFormat, answerInPlan: boolean): string {
  const next = example.plans[format].split('\n').filter((line) => /^(?:\d+\.|Call \d+:|\s*\{"id")/.test(line)).length + 1;
  const answer = JSON.stringify(example.answer);
  switch (format) {
    case 'json':
      return `${example.plans.json}\n  {"tool": "join"${answerInPlan ? `, "answer": ${answer}` : ''}}\n]}`;
    case 'tool-calls':
      return `${example.plans['tool-calls']}\nCall ${next}: join ${answerInPlan ? `{"answer": ${answer}}` : '{}'}`;
    default:
      return `${example.plans.text}\n${next}. join(${answerInPlan ? answer : ''})<END_OF_PLAN>`;
  }
}

/**
 * Renders the default examples for a plan format, as the examples section of the planner's system prompt;
 * with `answerInPlan`, each plan states its answer in its join.
 */
export function renderPlanExamples(format: PlannerFormat, answerInPlan = false): string {
  const note =
    format === 'tool-calls'
      ? 'Each `Call N:` line stands for one tool call (the tool, then its JSON arguments), and each `Text:` line for text written before the next call.'
      : undefined;
  const examples = PLAN_EXAMPLES.map((example, index) =>
    [
      `Example ${index + 1}`,
      'Tools of this example:',
      ...example.tools,
      `Question: ${example.question}`,
      'Plan:',
      renderExamplePlan(example, format, answerInPlan),
    ].join('\n'),
  );
  const intro = 'Examples. Their tools are made up for the example only: in your plan, call only the tools listed above.';
  return [note === undefined ? intro : `${intro} ${note}`, ...examples].join('\n\n');
}
