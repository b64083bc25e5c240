import { messageText, type Answer, type ChatRequest, type Responder, type ToolCallAnswer } from '@llmcompiler/testing';
import type { ModelProfile, Scenario, ScenarioTask } from './types.js';

/** The simulated model: it knows each question's DAG and answers every approach's requests from it. */
export interface Oracle {
  /** The server's responder. */
  readonly responder: Responder;
  /** The scenario a request is about, found by its question; `undefined` for a question the oracle lacks. */
  scenarioOf(request: ChatRequest): Scenario | undefined;
}

/** The requests the oracle tells apart. */
export type RequestKind = 'planner' | 'joiner' | 'tool-calling';

const PLANNER_START = 'You plan the work';
const JOINER_START = 'You are the last step';
const CALL_ID = /^call_t(\d+)$/;

/** Tells LLMCompiler's planner and joiner requests (by their system prompts) from function-calling turns. */
export function requestKind(request: ChatRequest): RequestKind {
  const system = request.messages.find((message) => message.role === 'system' || message.role === 'developer');
  const text = system === undefined ? '' : messageText(system);
  if (text.startsWith(PLANNER_START)) return 'planner';
  if (text.startsWith(JOINER_START)) return 'joiner';
  if (request.tools !== undefined && request.tools !== null && request.tools.length > 0) return 'tool-calling';
  throw new Error(`Expected a planner, joiner or tool-calling request, got one whose system prompt starts ${JSON.stringify(text.slice(0, 40))}`);
}

/** The plan LLMCompiler's planner writes for a scenario, in the paper's text format. */
export function planText(scenario: Scenario): string {
  const lines = scenario.tasks.map((task) => {
    const key = JSON.stringify(task.key);
    if (task.tool === 'search') return `${task.id}. search(${key})`;
    const context = task.deps.map((dep) => `"$${dep}"`).join(', ');
    return `${task.id}. math(${key}, [${context}])`;
  });
  lines.push(`${scenario.tasks.length + 1}. join()`);
  return lines.join('\n');
}

/** What the joiner writes: the final answer, with no thought (the same final answer as every approach). */
export function joinerText(scenario: Scenario): string {
  return `Action: Finish(${scenario.answer})`;
}

/** The thought a ReAct turn writes before its action: about 30 tokens. */
export function reactThought(scenario: Scenario, next: ScenarioTask, done: number): string {
  return (
    `I have ${done} of the ${scenario.tasks.length} results this question needs. Next I call ${next.tool} ` +
    `for "${next.key}", because the answer depends on it and no result so far gives it.`
  );
}

/** A tool call of a function-calling approach: the facts of its dependencies written out, as a model would. */
export function toolCallOf(scenario: Scenario, task: ScenarioTask): ToolCallAnswer {
  const id = `call_t${task.id}`;
  if (task.tool === 'search') return { id, name: 'search', arguments: { query: task.key } };
  const context = task.deps.map((dep) => scenario.tasks[dep - 1]!.fact);
  return { id, name: 'math', arguments: { problem: task.key, context } };
}

/**
 * The oracle of a set of scenarios. Each answer carries the latency of the scenario's model.
 *
 * - LLMCompiler's planner (its system prompt starts `You plan the work`) gets {@link planText}, then the
 *   stop sequence `<END_OF_PLAN>` (which the server cuts).
 * - LLMCompiler's joiner (`You are the last step`) gets {@link joinerText}.
 * - A request with tools is a function-calling turn. The tasks done are read from its `tool` messages
 *   (ids `call_t<task>`). With `parallel_tool_calls: false` (ReAct) it answers one call, the next task in
 *   plan order, after a {@link reactThought}; otherwise every task whose inputs are done, at once. When
 *   every task is done it answers the dataset's answer.
 */
export function createOracle(scenarios: readonly Scenario[], modelOf: (scenario: Scenario) => ModelProfile): Oracle {
  const byQuestion = new Map(scenarios.map((scenario) => [scenario.question.trim(), scenario]));

  const scenarioOf = (request: ChatRequest): Scenario | undefined => {
    const user = request.messages.find((message) => message.role === 'user');
    if (user === undefined) return undefined;
    const text = messageText(user).trim();
    const question = text.startsWith('Question: ') ? text.slice('Question: '.length).split('\n\n')[0]!.trim() : text;
    return byQuestion.get(question);
  };

  const responder: Responder = (request) => {
    const scenario = scenarioOf(request);
    if (scenario === undefined) throw new Error('Expected a request about a question of the benchmark, got an unknown question');
    const { timeToFirstTokenMs, outputTokensPerSecond, promptTokensPerSecond } = modelOf(scenario);
    const latency = { timeToFirstTokenMs, outputTokensPerSecond, promptTokensPerSecond };
    const answer = (details: Exclude<Answer, string>): Answer => ({ ...details, latency });
    switch (requestKind(request)) {
      case 'planner':
        return answer({ content: `${planText(scenario)}<END_OF_PLAN>` });
      case 'joiner':
        return answer({ content: joinerText(scenario) });
      case 'tool-calling': {
        const done = doneTasks(request);
        const left = scenario.tasks.filter((task) => !done.has(task.id));
        if (left.length === 0) return answer({ content: scenario.answer });
        if (request['parallel_tool_calls'] === false) {
          const next = left[0]!;
          return answer({ content: reactThought(scenario, next, done.size), toolCalls: [toolCallOf(scenario, next)] });
        }
        const ready = left.filter((task) => task.deps.every((dep) => done.has(dep)));
        return answer({ toolCalls: ready.map((task) => toolCallOf(scenario, task)) });
      }
    }
  };

  return { responder, scenarioOf };
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
