/**
 * The simulated model of the selection benchmark. Like the latency benchmark's oracle it writes what our
 * prompts ask for, with the latency of a profile and prompt caching modelled the same way; unlike it, the
 * planner plans only with the tools its prompt shows:
 *
 * - The planner writes the question's gold plan, in the paper's text format, without thoughts, keeping every
 *   call whose tool the prompt lists. A call whose tool is not listed is left out, as a model told to "call
 *   only the tools listed above" and "never make up a tool" does when nothing listed can do the job; its
 *   dependents still run, with the reference to it replaced by the text `unavailable`, and the rest of the
 *   plan is numbered on. So a selection that misses a needed tool shows as a wrong plan (a missing task),
 *   never as a lucky guess.
 *
 *   The oracle does not fall back on a similar tool: which tool a model would take instead depends on the
 *   model, and any rule for it would favour one selector.
 * - The joiner answers the question's answer, with a thought when its prompt asks for one.
 */
import { messageText, type Answer, type ChatRequest, type Responder } from '@llmcompiler/testing';
import { requestKind } from '../latency/oracle.js';
import { createPromptCache, firstTokenMs } from '../latency/prompt-cache.js';
import { JOINER_THOUGHT_TOKENS, joinerAsksForThought, thoughtLine } from '../latency/thoughts.js';
import type { ModelProfile } from '../latency/types.js';
import type { SelectionQuestion } from './questions.js';

/** What the oracle noted about one planner request. */
export interface PlannerNote {
  readonly questionId: string;
  readonly promptTokens: number;
  /** Prompt tokens served from the cache. */
  readonly cachedTokens: number;
  /** Milliseconds to the first token (the prompt read, its cached part at a discount). */
  readonly firstTokenMs: number;
  /** The tools the prompt listed. */
  readonly shown: readonly string[];
  /** Gold calls left out because their tool was not listed. */
  readonly omitted: number;
}

/** The simulated model of one endpoint. */
export interface SelectionOracle {
  readonly responder: Responder;
  /** The planner requests, in the order they came. */
  readonly plannerNotes: readonly PlannerNote[];
}

/**
 * The tools a planner prompt lists: the calls at the start of a line between the prompt's tool list intro and
 * its rules, without `join`.
 */
export function shownTools(systemPrompt: string): string[] {
  const start = systemPrompt.indexOf('Tools you can call');
  if (start === -1) return [];
  const end = systemPrompt.indexOf('\nHow to write the plan', start);
  const section = systemPrompt.slice(start, end === -1 ? undefined : end);
  const names = [...section.matchAll(/^([A-Za-z_][\w-]*)\(/gm)].map((match) => match[1]!);
  return names.filter((name) => name !== 'join');
}

const REFERENCE = /\$\{?(\d+)\}?((?:\.[A-Za-z_]\w*|\[\d+\])*)/g;

/**
 * The plan the planner writes for `question` when shown `shown`: the gold calls whose tool is shown,
 * renumbered from 1, references renumbered too, and those to a left-out call replaced by `unavailable`.
 */
export function writeShownPlan(question: SelectionQuestion, shown: ReadonlySet<string>): { readonly text: string; readonly omitted: number } {
  const newIds = new Map<number, number>();
  const lines: string[] = [];
  question.calls.forEach((gold, index) => {
    if (!shown.has(gold.tool)) return;
    const id = lines.length + 1;
    newIds.set(index + 1, id);
    const call = gold.call.replace(REFERENCE, (_text, target: string, path: string) => {
      const renumbered = newIds.get(Number(target));
      return renumbered === undefined ? 'unavailable' : `$${renumbered}${path}`;
    });
    lines.push(`${id}. ${call}`);
  });
  lines.push(`${lines.length + 1}. join()`);
  return { text: lines.join('\n'), omitted: question.calls.length - (lines.length - 1) };
}

function systemText(request: ChatRequest): string {
  const system = request.messages.find((message) => message.role === 'system');
  return system === undefined ? '' : messageText(system);
}

/** The oracle of `questions` for one endpoint, with `model`'s latency and its own prompt cache. */
export function createSelectionOracle(questions: readonly SelectionQuestion[], { model, caching }: { readonly model: ModelProfile; readonly caching: boolean }): SelectionOracle {
  const byQuestion = new Map(questions.map((question) => [question.question.trim(), question]));
  const cache = createPromptCache({ enabled: caching });
  const plannerNotes: PlannerNote[] = [];

  const questionOf = (request: ChatRequest): SelectionQuestion => {
    const user = request.messages.find((message) => message.role === 'user');
    const text = user === undefined ? '' : messageText(user).trim();
    const asked = text.startsWith('Question: ') ? text.slice('Question: '.length).split('\n\n')[0]!.trim() : text;
    const question = byQuestion.get(asked);
    if (question === undefined) throw new Error(`Expected a question of the selection benchmark, got ${JSON.stringify(asked.slice(0, 80))}`);
    return question;
  };

  const responder: Responder = (request) => {
    const question = questionOf(request);
    const kind = requestKind(request);
    const system = systemText(request);
    const read = cache.read(request);
    const first = firstTokenMs(model, read);
    let content: string;
    if (kind === 'planner') {
      const shown = shownTools(system);
      const plan = writeShownPlan(question, new Set(shown));
      plannerNotes.push({ questionId: question.id, promptTokens: read.promptTokens, cachedTokens: read.cachedTokens, firstTokenMs: first, shown, omitted: plan.omitted });
      content = `${plan.text}<END_OF_PLAN>`;
    } else if (kind === 'joiner') {
      const action = `Action: Finish(${question.answer})`;
      content = joinerAsksForThought(system) ? `${thoughtLine(JOINER_THOUGHT_TOKENS)}\n${action}` : action;
    } else {
      throw new Error(`Expected a planner or joiner request, got a ${kind} request`);
    }
    const answer: Answer = {
      content,
      latency: { timeToFirstTokenMs: first, promptTokensPerSecond: Number.POSITIVE_INFINITY, outputTokensPerSecond: model.outputTokensPerSecond },
    };
    return answer;
  };
  return { responder, plannerNotes };
}
