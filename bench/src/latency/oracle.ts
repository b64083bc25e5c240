import { countTextTokens, messageText, type Answer, type ChatRequest, type Responder, type ToolCallAnswer } from '@llmcompiler/testing';
import { createPromptCache, firstTokenMs } from './prompt-cache.js';
import { joinArgument, statedAnswerForm, type StatedAnswerForm } from './stated-answer.js';
import {
  JOINER_THOUGHT_TOKENS,
  joinerAsksForThought,
  plannerThoughtStyle,
  takesThought,
  thoughtLine,
  thoughtText,
  type PlannerThoughtStyle,
} from './thoughts.js';
import type { ModelProfile, Scenario, ScenarioTask } from './types.js';

/** The requests the oracle tells apart. */
export type RequestKind = 'planner' | 'joiner' | 'tool-calling';

/** What the oracle answered one request with, and how long each part of the answer took to come. */
export interface RequestNote {
  readonly kind: RequestKind;
  readonly promptTokens: number;
  /** Prompt tokens read from the cache (0 without caching). */
  readonly cachedTokens: number;
  /** Milliseconds from the answer's start to its first token: the fixed part and the prompt, cache counted. */
  readonly firstTokenMs: number;
  /** Milliseconds per completion token after the first (tool-call framing spread over the answer). */
  readonly msPerToken: number;
  /** Completion tokens as the server counts them (content, tool names and arguments). */
  readonly completionTokens: number;
  /** Tokens a provider adds around tool calls (see {@link framingTokens}), on top of `completionTokens`. */
  readonly framingTokens: number;
  /** Tokens of thought in the answer. */
  readonly thoughtTokens: number;
  /** The tool calls, each with the completion token at which its arguments are complete. */
  readonly calls: readonly { readonly taskId: number; readonly endToken: number }[];
  /** Planner: for each task (by id - 1), the completion token that completes its line. */
  readonly taskLineEnds: readonly number[];
}

/** Milliseconds from a request's answer start until `tokens` of its completion tokens have come. */
export function noteDelay(note: RequestNote, tokens: number): number {
  return note.firstTokenMs + Math.max(tokens - 1, 0) * note.msPerToken;
}

/** How the oracle answers. */
export interface OracleSettings {
  /** The model (latency profile) of a scenario. */
  readonly modelOf: (scenario: Scenario) => ModelProfile;
  /** Whether the endpoint caches prompt prefixes (see `PROMPT_CACHING`). */
  readonly caching: boolean;
  /** Tokens of thought a function-calling turn writes per tool call. */
  readonly thoughtBudget: number;
}

/** The simulated model of one endpoint: it knows each question's DAG and answers every approach's requests from it. */
export interface Oracle {
  /** The server's responder. */
  readonly responder: Responder;
  /** The scenario a request is about, found by its question; `undefined` for a question the oracle lacks. */
  scenarioOf(request: ChatRequest): Scenario | undefined;
  /** What the oracle answered a request with (the request object the server recorded). */
  noteOf(request: ChatRequest): RequestNote | undefined;
}

const PLANNER_START = 'You plan the work';
const JOINER_START = 'You are the last step';
const CALL_ID = /^call_t(\d+)$/;

function systemText(request: ChatRequest): string {
  const system = request.messages.find((message) => message.role === 'system' || message.role === 'developer');
  return system === undefined ? '' : messageText(system);
}

/** Tells LLMCompiler's planner and joiner requests (by their system prompts) from function-calling turns. */
export function requestKind(request: ChatRequest): RequestKind {
  const text = systemText(request);
  if (text.startsWith(PLANNER_START)) return 'planner';
  if (text.startsWith(JOINER_START)) return 'joiner';
  if (request.tools !== undefined && request.tools !== null && request.tools.length > 0) return 'tool-calling';
  throw new Error(`Expected a planner, joiner or tool-calling request, got one whose system prompt starts ${JSON.stringify(text.slice(0, 40))}`);
}

/** No thoughts: the plan of the paper's format alone. */
export const NO_THOUGHTS: PlannerThoughtStyle = { root: { rate: 0, tokens: 0 }, dependent: { rate: 0, tokens: 0 } };

/** A plan as the planner writes it, and where each task's line ends. */
export interface WrittenPlan {
  /** The plan, ending with `N. join()` or `N. join(<stated answer>)` (without the stop sequence). */
  readonly text: string;
  /** For each task (by id - 1), the completion tokens up to and including its line. */
  readonly taskLineEnds: readonly number[];
  readonly thoughtTokens: number;
  /** Whether the join states the answer. */
  readonly statesAnswer: boolean;
}

/**
 * The plan LLMCompiler's planner writes for a scenario, in the paper's text format, with a `Thought:` line
 * before the tasks its examples would give one (see {@link plannerThoughtStyle} and {@link takesThought}),
 * each as long as the examples' thoughts of that kind. With the stated-answer `form` of its prompt (see
 * {@link statedAnswerForm}) and a question whose answer is a task's value or a template over values
 * (`Scenario.statedAnswer`), the join states it (see {@link joinArgument}); otherwise it is `join()`.
 */
export function writePlan(scenario: Scenario, style: PlannerThoughtStyle = NO_THOUGHTS, form?: StatedAnswerForm): WrittenPlan {
  const lines: string[] = [];
  const taskLineEnds: number[] = [];
  const seen = { root: 0, dependent: 0 };
  let thoughtTokens = 0;
  for (const task of scenario.tasks) {
    const kind = task.deps.length === 0 ? 'root' : 'dependent';
    seen[kind]++;
    const habit = style[kind];
    if (takesThought(seen[kind], habit.rate)) {
      const line = thoughtLine(habit.tokens);
      if (line !== '') {
        lines.push(line);
        thoughtTokens += countTextTokens(line);
      }
    }
    lines.push(taskLine(task));
    taskLineEnds.push(countTextTokens(lines.join('\n')));
  }
  const stated = joinArgument(scenario.statedAnswer, form);
  lines.push(`${scenario.tasks.length + 1}. join(${stated})`);
  return { text: lines.join('\n'), taskLineEnds, thoughtTokens, statesAnswer: stated !== '' };
}

function taskLine(task: ScenarioTask): string {
  const key = JSON.stringify(task.key);
  if (task.tool === 'search') return `${task.id}. search(${key})`;
  const context = task.deps.map((dep) => `"$${dep}"`).join(', ');
  return `${task.id}. math(${key}, [${context}])`;
}

/** The plan without thoughts (the paper's format). */
export function planText(scenario: Scenario): string {
  return writePlan(scenario).text;
}

/** What the joiner writes: its thought when its prompt asks for one, then the answer (every approach's). */
export function joinerText(scenario: Scenario, withThought: boolean): string {
  const action = `Action: Finish(${scenario.answer})`;
  return withThought ? `${thoughtLine(JOINER_THOUGHT_TOKENS)}\n${action}` : action;
}

/** A tool call of a function-calling approach: the facts of its dependencies written out, as a model would. */
export function toolCallOf(scenario: Scenario, task: ScenarioTask): ToolCallAnswer & { readonly arguments: string } {
  const id = `call_t${task.id}`;
  if (task.tool === 'search') return { id, name: 'search', arguments: JSON.stringify({ query: task.key }) };
  const context = task.deps.map((dep) => scenario.tasks[dep - 1]!.fact);
  return { id, name: 'math', arguments: JSON.stringify({ problem: task.key, context }) };
}

/**
 * Tokens a provider's model writes around its tool calls beyond the name and the arguments, as OpenAI's
 * models render them (an estimate counted with o200k: OpenAI does not publish the count). A lone call is
 * addressed ` to=functions.<name>` and ended by one special token; calls made together go inside
 * `multi_tool_use.parallel({"tool_uses":[...]})`, each as `{"recipient_name":"functions.<name>","parameters":...},`.
 */
export const FRAMING = {
  loneCall: countTextTokens(' to=functions.') + 1,
  parallelTurn: countTextTokens('multi_tool_use.parallel') + countTextTokens('({"tool_uses":[') + countTextTokens(']})'),
  parallelCall: countTextTokens('{"recipient_name":"functions.') + countTextTokens('","parameters":') + countTextTokens('},'),
} as const;

/** The framing tokens of a turn of `calls` tool calls (see {@link FRAMING}). */
export function framingTokens(calls: number): number {
  if (calls === 0) return 0;
  return calls === 1 ? FRAMING.loneCall : FRAMING.parallelTurn + calls * FRAMING.parallelCall;
}

/** What the oracle writes before answering: text, tool calls, and the notes the bounds need. */
interface Reply {
  readonly kind: RequestKind;
  readonly content: string;
  readonly toolCalls: readonly (ToolCallAnswer & { readonly arguments: string })[];
  readonly thoughtTokens: number;
  readonly taskLineEnds?: readonly number[];
  /** Text the server cuts at the request's stop sequence (the plan's `<END_OF_PLAN>`). */
  readonly stopSuffix?: string;
}

/**
 * The oracle of a set of scenarios for one endpoint (its prompt cache is its own). Each answer carries the
 * latency of the scenario's model, with the cached prefix read at a discount and tool-call framing counted.
 *
 * - LLMCompiler's planner (its system prompt starts `You plan the work`) writes {@link writePlan} with the
 *   thought habits of the examples in that prompt and, when that prompt asks for stated answers, the
 *   question's answer template in its join; then `<END_OF_PLAN>` (which the server cuts).
 * - LLMCompiler's joiner (`You are the last step`) writes {@link joinerText}, with a thought when its
 *   prompt asks for one ({@link joinerAsksForThought}).
 * - A request with tools is a function-calling turn. The tasks done are read from its `tool` messages
 *   (ids `call_t<task>`). With `parallel_tool_calls: false` (ReAct) it answers one call, the next task in
 *   plan order; otherwise every task whose inputs are done, at once; either way after `thoughtBudget`
 *   tokens of thought per call. When every task is done it answers the dataset's answer, as the
 *   approaches' prompts ask (the answer only).
 */
export function createOracle(scenarios: readonly Scenario[], settings: OracleSettings): Oracle {
  const byQuestion = new Map(scenarios.map((scenario) => [scenario.question.trim(), scenario]));
  const notes = new WeakMap<ChatRequest, RequestNote>();
  const cache = createPromptCache({ enabled: settings.caching });
  const styles = new Map<string, { readonly thoughts: PlannerThoughtStyle; readonly form: StatedAnswerForm | undefined }>();
  const joinerThoughts = new Map<string, boolean>();

  const scenarioOf = (request: ChatRequest): Scenario | undefined => {
    const user = request.messages.find((message) => message.role === 'user');
    if (user === undefined) return undefined;
    const text = messageText(user).trim();
    const question = text.startsWith('Question: ') ? text.slice('Question: '.length).split('\n\n')[0]!.trim() : text;
    return byQuestion.get(question);
  };

  const reply = (request: ChatRequest, scenario: Scenario): Reply => {
    const kind = requestKind(request);
    if (kind === 'planner') {
      const system = systemText(request);
      let style = styles.get(system);
      if (style === undefined) styles.set(system, (style = { thoughts: plannerThoughtStyle(system), form: statedAnswerForm(system) }));
      const plan = writePlan(scenario, style.thoughts, style.form);
      return { kind, content: plan.text, toolCalls: [], thoughtTokens: plan.thoughtTokens, taskLineEnds: plan.taskLineEnds, stopSuffix: '<END_OF_PLAN>' };
    }
    if (kind === 'joiner') {
      const system = systemText(request);
      let withThought = joinerThoughts.get(system);
      if (withThought === undefined) joinerThoughts.set(system, (withThought = joinerAsksForThought(system)));
      return { kind, content: joinerText(scenario, withThought), toolCalls: [], thoughtTokens: withThought ? JOINER_THOUGHT_TOKENS : 0 };
    }
    const done = doneTasks(request);
    const left = scenario.tasks.filter((task) => !done.has(task.id));
    if (left.length === 0) return { kind, content: scenario.answer, toolCalls: [], thoughtTokens: 0 };
    const calls = request['parallel_tool_calls'] === false ? [left[0]!] : left.filter((task) => task.deps.every((dep) => done.has(dep)));
    const content = thoughtText(settings.thoughtBudget * calls.length);
    return { kind, content, toolCalls: calls.map((task) => toolCallOf(scenario, task)), thoughtTokens: countTextTokens(content) };
  };

  const responder: Responder = (request) => {
    const scenario = scenarioOf(request);
    if (scenario === undefined) throw new Error('Expected a request about a question of the benchmark, got an unknown question');
    const model = settings.modelOf(scenario);
    const answer = reply(request, scenario);
    const read = cache.read(request);
    const contentTokens = countTextTokens(answer.content);
    const calls: { taskId: number; endToken: number }[] = [];
    let completionTokens = contentTokens;
    for (const call of answer.toolCalls) {
      completionTokens += countTextTokens(call.name) + countTextTokens(call.arguments);
      calls.push({ taskId: Number(CALL_ID.exec(call.id ?? '')?.[1]), endToken: completionTokens });
    }
    const framing = framingTokens(answer.toolCalls.length);
    // Framing is written but not sent: the answer's tokens come slower by its share, so the turn ends as late as with it.
    const outputTokensPerSecond = completionTokens === 0 ? model.outputTokensPerSecond : (model.outputTokensPerSecond * completionTokens) / (completionTokens + framing);
    const first = firstTokenMs(model, read);
    notes.set(request, {
      kind: answer.kind,
      promptTokens: read.promptTokens,
      cachedTokens: read.cachedTokens,
      firstTokenMs: first,
      msPerToken: 1000 / outputTokensPerSecond,
      completionTokens,
      framingTokens: framing,
      thoughtTokens: answer.thoughtTokens,
      calls,
      taskLineEnds: answer.taskLineEnds ?? [],
    });
    const result: Answer = {
      content: `${answer.content}${answer.stopSuffix ?? ''}`,
      ...(answer.toolCalls.length > 0 ? { toolCalls: answer.toolCalls } : {}),
      latency: { timeToFirstTokenMs: first, promptTokensPerSecond: Number.POSITIVE_INFINITY, outputTokensPerSecond },
    };
    return result;
  };

  return { responder, scenarioOf, noteOf: (request) => notes.get(request) };
}

/** The tasks whose results are in the conversation. */
function doneTasks(request: ChatRequest): Set<number> {
  const done = new Set<number>();
  for (const message of request.messages) {
    if (message.role !== 'tool') continue;
    const id = (message as { tool_call_id?: unknown }).tool_call_id;
    const match = typeof id === 'string' ? CALL_ID.exec(id) : null;
    if (match === null) throw new Error(`Expected tool results with ids like call_t3, got ${JSON.stringify(id)}`);
    done.add(Number(match[1]));
  }
  return done;
}
