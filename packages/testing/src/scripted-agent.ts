import { classifyRequest, joinerFormat, planFormat, requestText, type AgentRequest } from './classify-request.js';
import { describeValue } from './describe-value.js';
import { writePlan, type ScriptedAnswer, type ScriptedTask } from './write-plan.js';

/** What the joiner's `answer` function is given. */
export interface JoinerRequestInfo {
  /** The joiner's request as it came. */
  readonly request: AgentRequest;
  /** The text of all its messages: the question and every task's observation. */
  readonly prompt: string;
  /** The round being joined, from 1. */
  readonly round: number;
}

/** One round of a scripted agent: the plan, then the joiner's decision (`answer` or `replan`, not both). */
export interface ScriptedRound {
  /** The tasks the planner plans, in order; the final `join` is added. Ids continue after earlier rounds' tasks. */
  readonly plan: readonly ScriptedTask[];
  /**
   * The joiner finishes with this answer (`Action: Finish(answer)`, or JSON). A function computes it from the
   * joiner's request, e.g. to read an observation.
   *
   * @example
   * ```ts
   * answer: ({ prompt }) => `It is ${/Observation: (\d+)/.exec(prompt)?.[1]} m deep.`
   * ```
   */
  readonly answer?: string | ((joiner: JoinerRequestInfo) => string) | undefined;
  /** The joiner asks for a new plan with this feedback (`Action: Replan(feedback)`, or JSON). */
  readonly replan?: string | undefined;
  /**
   * The joiner's thought.
   * @default 'The results answer the question.' (finish) or 'Something the answer needs is missing.' (replan)
   */
  readonly thought?: string | undefined;
}

/** A script: one round (`{ plan, answer }`), or several (`{ rounds: [{ plan, replan }, { plan, answer }] }`). */
export type AgentScript = ScriptedRound | { readonly rounds: readonly ScriptedRound[] };

/**
 * A responder that plays planner and joiner from a script: what to plan in each round and what the joiner
 * decides. It answers each request in the format the request asks for (a text plan, a JSON plan, or native
 * tool calls when the request offers tools; a text or JSON joiner decision), recognising the planner's and
 * the joiner's requests with {@link classifyRequest}.
 *
 * It works as the fake server's `responder` and as a `scriptedModel` responder of `@llmcompiler/core/test`
 * (it takes either kind of request, and its answers fit both). The n-th planner request plans round n; a
 * joiner request decides the round planned last. It keeps that count, so use one agent per run. A request
 * it cannot answer (neither planner nor joiner, a planner request beyond the script's rounds, a joiner
 * request before any plan) throws an error saying so, which the fake server sends as a 500.
 *
 * @throws TypeError when the script is malformed, naming the field.
 * @example
 * ```ts
 * const server = await startFakeOpenAI({
 *   responder: scriptedAgent({
 *     plan: [{ tool: 'search', args: { query: 'x' } }, { tool: 'math', args: { problem: '$1 * 2' } }],
 *     answer: 'done',
 *   }),
 * });
 * const model = scriptedModel({ responses: scriptedAgent({ rounds: [{ plan, replan: 'look again' }, { plan: more, answer: 'done' }] }) });
 * ```
 */
export function scriptedAgent(script: AgentScript): (request: AgentRequest) => ScriptedAnswer {
  const rounds = checkScript(script);
  let planned = 0;
  return (request) => {
    const role = classifyRequest(request);
    if (role === 'planner') {
      const round = rounds[planned];
      if (round === undefined) {
        throw new Error(`scriptedAgent: planner request #${planned + 1}, but the script has ${rounds.length} ${rounds.length === 1 ? 'round' : 'rounds'}`);
      }
      const firstId = 1 + rounds.slice(0, planned).reduce((count, earlier) => count + earlier.plan.length, 0);
      planned++;
      return writePlan(round.plan, planFormat(request), firstId);
    }
    if (role === 'joiner') {
      const round = rounds[planned - 1];
      if (round === undefined) throw new Error('scriptedAgent: a joiner request before any planner request');
      return writeDecision(round, { request, prompt: requestText(request), round: planned }, joinerFormat(request));
    }
    throw new Error(
      'scriptedAgent: a request that is neither the planner’s nor the joiner’s (no <END_OF_PLAN> stop sequence, no `join` tool, ' +
        'no Finish(...) or "action": "finish" asked for in the system message)',
    );
  };
}

function writeDecision(round: ScriptedRound, joiner: JoinerRequestInfo, format: 'text' | 'json'): string {
  const { answer, replan } = round;
  if (replan !== undefined) {
    const thought = round.thought ?? 'Something the answer needs is missing.';
    return format === 'json' ? JSON.stringify({ thought, action: 'replan', feedback: replan }) : `Thought: ${thought}\nAction: Replan(${replan})`;
  }
  const text: unknown = typeof answer === 'function' ? answer(joiner) : answer;
  if (typeof text !== 'string') throw new TypeError(`Expected the \`answer\` function of round ${joiner.round} to return a string, got ${describeValue(text)}`);
  const thought = round.thought ?? 'The results answer the question.';
  return format === 'json' ? JSON.stringify({ thought, action: 'finish', answer: text }) : `Thought: ${thought}\nAction: Finish(${text})`;
}

function checkScript(script: AgentScript): readonly ScriptedRound[] {
  const fail = (field: string, expected: string, value: unknown, got = describeValue(value)): never => {
    throw new TypeError(`Expected \`${field}\` to be ${expected}, got ${got}`);
  };
  if (typeof script !== 'object' || script === null) return fail('script', 'an object', script);
  const many = 'rounds' in script;
  const rounds: unknown = many ? script.rounds : [script];
  if (!Array.isArray(rounds) || rounds.length === 0) return fail('rounds', 'a non-empty array', rounds);
  rounds.forEach((round: unknown, index) => {
    const at = many ? `rounds[${index}]` : 'script';
    if (typeof round !== 'object' || round === null) return fail(at, 'an object', round);
    const { plan, answer, replan, thought } = round as ScriptedRound;
    if (!Array.isArray(plan)) fail(`${at}.plan`, 'an array of tasks', plan);
    plan.forEach((task: unknown, taskIndex) => {
      const taskAt = `${at}.plan[${taskIndex}]`;
      if (typeof task !== 'object' || task === null) return fail(taskAt, 'an object', task);
      const { tool, args, thought: taskThought } = task as ScriptedTask;
      if (typeof tool !== 'string' || tool === '' || tool === 'join') fail(`${taskAt}.tool`, 'a tool name (the final join is added)', tool);
      if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) fail(`${taskAt}.args`, 'an object', args);
      if (taskThought !== undefined && typeof taskThought !== 'string') fail(`${taskAt}.thought`, 'a string', taskThought);
    });
    if ((answer === undefined) === (replan === undefined)) {
      fail(at, 'a round with either `answer` or `replan`', undefined, answer === undefined ? 'neither' : 'both');
    }
    if (answer !== undefined && typeof answer !== 'string' && typeof answer !== 'function') fail(`${at}.answer`, 'a string or a function', answer);
    if (replan !== undefined && typeof replan !== 'string') fail(`${at}.replan`, 'a string', replan);
    if (thought !== undefined && typeof thought !== 'string') fail(`${at}.thought`, 'a string', thought);
  });
  return rounds as readonly ScriptedRound[];
}
