/**
 * The questions of the selection benchmark, each with its gold plan:
 *
 * - the dataset questions of the latency benchmark (ParallelQA, HotpotQA comparison, Movie Recommendation),
 *   with the DAGs `workloads.ts` gives them over the world's `search` and `math`: questions that name no
 *   tool, as most users' questions do;
 * - 20 task questions over the catalogue's services, written for this benchmark in a user's words (not in
 *   the tools' descriptions' words), each needing 2-4 tools, some of them in a chain.
 */
import { planText } from '../latency/oracle.js';
import { buildWorkloads, type WorkloadSizes } from '../latency/workloads.js';
import type { Scenario } from '../latency/types.js';

/** Where a question comes from. */
export type QuestionSource = 'parallelqa' | 'hotpotqa' | 'movie' | 'tasks';

/** One call of a gold plan: its tool, and the call as a plan line writes it, with `$N` for earlier calls. */
export interface GoldCall {
  readonly tool: string;
  readonly call: string;
}

/** A question and the plan that answers it. */
export interface SelectionQuestion {
  readonly id: string;
  readonly source: QuestionSource;
  readonly question: string;
  /** What the joiner answers (the simulated model knows it). */
  readonly answer: string;
  /** In plan order; `$N` in a call names the N-th call. */
  readonly calls: readonly GoldCall[];
}

/** How many dataset questions of each kind: the full run and the quick one. */
export const FULL_QUESTIONS = { parallelqa: 10, hotpotqa: 10, movie: 10 } as const;
export const QUICK_QUESTIONS = { parallelqa: 3, hotpotqa: 3, movie: 3 } as const;

const call = (line: string): GoldCall => ({ tool: line.slice(0, line.indexOf('(')), call: line });

/** The task questions over the catalogue's services. */
export const TASK_QUESTIONS: readonly SelectionQuestion[] = (
  [
    ['Will I need an umbrella in Lisbon over the next three days, and what are 250 euros in US dollars?', [
      'weather_get_forecast(location="Lisbon", days=3)',
      'currency_convert(amount=250, from="EUR", to="USD")',
    ]],
    ['Find a time next week when Ana, Ben and Chloe can all meet for an hour, and put the meeting in the calendar.', [
      'calendar_find_free_slot(attendees="ana, ben, chloe", duration_minutes=60)',
      'calendar_create_event(title="Sync", start="$1[0].id", duration_minutes=60, attendees="ana, ben, chloe")',
    ]],
    ['Which invoices of Globex are still unpaid? Chase them up on the oldest one.', [
      'billing_list_invoices(customer="Globex", status="open")',
      'billing_send_reminder(invoice_id="$1[0].id")',
    ]],
    ['How long is the drive from our Berlin office to Potsdam, and what is it like outside in Potsdam right now?', [
      'maps_get_directions(origin="Berlin office", destination="Potsdam", mode="car")',
      'weather_get_current(location="Potsdam")',
    ]],
    ['Put support ticket T-1042 into English and tell me whether the customer sounds angry.', [
      'support_get_ticket(ticket_id="T-1042")',
      'translate_text(text="Ticket: $1", target_language="English")',
      'text_sentiment(text="$2")',
    ]],
    ["How is Apple's stock doing today, and how has it moved over the past month?", [
      'stocks_get_quote(ticker="AAPL")',
      'stocks_get_history(ticker="AAPL", start="2026-10-30", end="2026-11-30")',
    ]],
    ['I am going from Paris to Tokyo on 12 December for a week: what can I fly, and where can I stay?', [
      'travel_search_flights(origin="CDG", destination="HND", date="2026-12-12")',
      'travel_search_hotels(city="Tokyo", check_in="2026-12-12", check_out="2026-12-19")',
    ]],
    ['Tell the #releases channel where pull request 418 of the payments repo stands.', [
      'git_get_pull_request(repo="payments", number=418)',
      'chat_send_message(channel="#releases", text="PR 418: $1")',
    ]],
    ['How many vacation days does Priya have left, and who does she report to?', [
      'hr_get_time_off_balance(employee="Priya")',
      'hr_get_employee(name="Priya")',
    ]],
    ['File a bug in MOBILE about the app crashing at login and give it to Omar.', [
      'tracker_create_issue(project="MOBILE", title="App crashes at login")',
      'tracker_assign_issue(issue_key="$1[0].id", assignee="Omar")',
    ]],
    ['What are 30 degrees Celsius in Fahrenheit, and what time is it in Sydney?', [
      'units_convert(value=30, from_unit="C", to_unit="F")',
      'datetime_now(timezone="Australia/Sydney")',
    ]],
    ['Boil the Q3 planning doc on the drive down to a few lines and mail them to lee@example.com.', [
      'files_search(query="Q3 planning")',
      'files_read_document(file_id="$1[0].id")',
      'text_summarize(text="$2")',
      'email_send_message(to="lee@example.com", subject="Q3 planning in short", body="$3")',
    ]],
    ['Is Dune: Part Two on near Shoreditch tonight? Get two seats for the first screening.', [
      'movies_get_showtimes(title="Dune: Part Two", near="Shoreditch")',
      'movies_book_tickets(showtime_id="$1[0].id", seats=2)',
    ]],
    ['What deals do we have open with Initech? Note that I phoned Sam there about the renewal.', [
      'crm_list_deals(company="Initech")',
      'crm_search_contacts(text="Sam Initech")',
      'crm_log_call(contact_id="$2[0].id", notes="Phoned about the renewal of $1")',
    ]],
    ['How many orders did we get yesterday according to the analytics data? Share the number in #sales.', [
      'db_run_query(sql="SELECT count(*) AS orders FROM orders WHERE day = current_date - 1")',
      'chat_send_message(channel="#sales", text="Orders yesterday: $1")',
    ]],
    ["What's the latest on the ECB's rate decision, and where does the euro stand against the dollar?", [
      'news_search_articles(query="ECB interest rate decision")',
      'currency_get_rate(base="EUR", quote="USD")',
    ]],
    ['Where is my order 5531? The headphones in it are faulty, so send them back.', [
      'shop_get_order(order_id="5531")',
      'shop_return_item(order_id="5531", product_id="$1[0].id", reason="faulty")',
    ]],
    ['What does our wiki say about the on-call rotation, and what is the HR rule on overtime?', [
      'wiki_search_pages(query="on-call rotation")',
      'hr_get_policy(topic="overtime")',
    ]],
    ['Response times were 120, 340, 95 and 410 ms: what is their average, in seconds?', [
      'stats_compute_summary(values="120, 340, 95, 410")',
      'units_convert(value=$1[0].value, from_unit="ms", to_unit="s")',
    ]],
    ["What are today's top stories in Germany, and is there any storm warning for Bavaria?", [
      'news_top_headlines(country="de")',
      'weather_get_alerts(region="Bavaria")',
    ]],
  ] as const
).map(([question, lines], index) => ({
  id: `task-${index + 1}`,
  source: 'tasks' as const,
  question,
  answer: `Answer to task question ${index + 1}.`,
  calls: lines.map(call),
}));

/** A dataset scenario as a selection question: its DAG's calls, as the latency oracle writes them. */
function fromScenario(scenario: Scenario): SelectionQuestion {
  const lines = planText(scenario).split('\n').slice(0, -1);
  return {
    id: `${scenario.workload}-${scenario.id}`,
    source: scenario.workload as QuestionSource,
    question: scenario.question,
    answer: scenario.answer,
    calls: lines.map((line) => call(line.slice(line.indexOf('. ') + 2))),
  };
}

/**
 * The dataset questions (the latency benchmark's fixed-seed sample of each) and the task questions, with
 * the dataset questions' scenarios (the world's `search` and `math` answer their calls).
 */
export function buildQuestions(sizes: { readonly parallelqa: number; readonly hotpotqa: number; readonly movie: number }): {
  readonly questions: SelectionQuestion[];
  readonly scenarios: Scenario[];
} {
  const workloadSizes: WorkloadSizes = { ...sizes, wideTasks: 1, deepTasks: 1, randomDags: 0, randomTasks: 1 };
  const scenarios = buildWorkloads(workloadSizes)
    .filter((workload) => workload.name === 'parallelqa' || workload.name === 'hotpotqa' || workload.name === 'movie')
    .flatMap((workload) => workload.scenarios);
  return { questions: [...scenarios.map(fromScenario), ...TASK_QUESTIONS], scenarios };
}

/** The gold plan of a question as text: its calls numbered from 1, then the join. */
export function goldPlan(question: SelectionQuestion): string {
  return [...question.calls.map((gold, index) => `${index + 1}. ${gold.call}`), `${question.calls.length + 1}. join()`].join('\n');
}
