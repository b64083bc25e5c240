import { computeTokenDelay, countTextTokens } from '@llmcompiler/testing';
import { planText } from './oracle.js';
import type { GanttRun, ModelProfile, Scenario, Span } from './types.js';

/** The tokens of LLMCompiler's two calls on a question, as the server counted them. */
export interface CallTokens {
  readonly plannerPromptTokens: number;
  readonly joinerPromptTokens: number;
  readonly joinerCompletionTokens: number;
}

/**
 * The ideal bound of a question: the makespan if every task started the moment its plan line had streamed
 * and its inputs were done, with no cost for parsing, scheduling or HTTP, plus the joiner call. The model's
 * times come from the same latency model as the server's; the tokens of the prompts are the ones LLMCompiler
 * actually sent.
 */
export function idealRun(scenario: Scenario, model: ModelProfile, tokens: CallTokens): GanttRun {
  const plan = planText(scenario);
  const lines = plan.split('\n');
  const at = (promptTokens: number, count: number) => computeTokenDelay(model, { promptTokens, tokens: count });
  const spans: Span[] = [];
  const ends: number[] = [];
  for (const task of scenario.tasks) {
    // A task is parsed when the token holding its closing parenthesis arrives.
    const lineReady = at(tokens.plannerPromptTokens, countTextTokens(lines.slice(0, task.id).join('\n')));
    const start = Math.max(lineReady, ...task.deps.map((dep) => ends[dep - 1]!));
    const end = start + task.latencyMs;
    ends.push(end);
    spans.push({ kind: 'tool', label: `${task.tool}(${JSON.stringify(task.key)})`, startMs: start, endMs: end });
  }
  const planEnd = at(tokens.plannerPromptTokens, countTextTokens(plan));
  spans.unshift({ kind: 'llm', label: 'planner', startMs: 0, endMs: planEnd });
  const joinStart = Math.max(planEnd, ...ends);
  const joinEnd = joinStart + at(tokens.joinerPromptTokens, tokens.joinerCompletionTokens);
  spans.push({ kind: 'llm', label: 'joiner', startMs: joinStart, endMs: joinEnd });
  return { approach: 'ideal', totalMs: joinEnd, spans };
}

