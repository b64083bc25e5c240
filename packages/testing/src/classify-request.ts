/**
 * What {@link classifyRequest} reads of a chat request. Both an OpenAI wire request (the server's
 * `ChatRequest`: `stop`, `tools[].function.name`, `response_format`) and a `ModelRequest` of
 * `@llmcompiler/core` (`stop`, `tools[].name`, `responseFormat`, as `scriptedModel` responders receive it)
 * fit it.
 */
export interface AgentRequest {
  readonly messages: readonly { readonly role: string; readonly content?: unknown }[];
  readonly stop?: string | readonly string[] | null | undefined;
  readonly tools?: readonly { readonly name?: string; readonly function?: { readonly name: string } }[] | null | undefined;
  /** The wire format's response format: `{ type: 'json_object' }` or `{ type: 'json_schema', ... }` asks for JSON. */
  readonly response_format?: unknown;
  /** `@llmcompiler/core`'s response format: `{ type: 'json' }` asks for JSON. */
  readonly responseFormat?: unknown;
}

/** Whose request it is: the planner's (write a plan), the joiner's (answer or replan), or neither. */
export type RequestRole = 'planner' | 'joiner' | 'other';

/** How a planner request wants its plan written (`@llmcompiler/core`'s `PlannerFormat`). */
export type PlanFormat = 'text' | 'json' | 'tool-calls';

/** The stop sequence of text plans (`END_OF_PLAN` of `@llmcompiler/core`). */
export const END_OF_PLAN = '<END_OF_PLAN>';

/**
 * The explicit role markers a system message may carry, `[llmcompiler:planner]` or `[llmcompiler:joiner]`.
 * When present they decide; without them the structure of the request does.
 */
const ROLE_MARKER = /\[llmcompiler:(planner|joiner)\]/;
/** The decision grammar the joiner is asked for, as its parsers read it (text, then JSON). */
const JOINER_TEXT_ACTION = /\bFinish\(/;
const JOINER_JSON_ACTION = '"action": "finish"';
/** The task that ends a JSON plan, as the JSON planner is asked to write it. */
const JSON_PLAN_END = '{"tool": "join"}';

/**
 * Tells the planner's and the joiner's requests of an llmcompiler run apart from each other and from any
 * other request, by what the run's protocol needs rather than by the wording of its prompts:
 *
 * 1. a role marker in the system message (`[llmcompiler:planner]`, `[llmcompiler:joiner]`), when present;
 * 2. the planner: the stop sequence `<END_OF_PLAN>` (text plans), or a tool named `join` (plans written as
 *    native tool calls);
 * 3. the joiner: a system message that asks for its decision grammar, `Finish(...)` (text) or
 *    `"action": "finish"` (JSON);
 * 4. the planner of JSON plans: a system message that asks for the plan's last task `{"tool": "join"}`
 *    (with or without a JSON response format, which the joiner's JSON requests carry too); the planner
 *    of text plans sent without stop sequences (the Responses API has none): a system message that asks
 *    for `<END_OF_PLAN>`;
 * 5. anything else is `'other'`.
 *
 * Takes an OpenAI wire request (a responder's `request`) or a `ModelRequest` of `@llmcompiler/core` (a
 * `scriptedModel` responder's).
 *
 * @example
 * ```ts
 * const server = await startFakeOpenAI({
 *   responder: (request) => (classifyRequest(request) === 'planner' ? '1. search("x")\n2. join()' : 'Action: Finish(done)'),
 * });
 * ```
 */
export function classifyRequest(request: AgentRequest): RequestRole {
  const system = systemText(request);
  const marker = ROLE_MARKER.exec(system)?.[1];
  if (marker === 'planner' || marker === 'joiner') return marker;
  if (stopSequences(request).includes(END_OF_PLAN) || toolNames(request).includes('join')) return 'planner';
  if (JOINER_TEXT_ACTION.test(system) || system.includes(JOINER_JSON_ACTION)) return 'joiner';
  if (system.includes(JSON_PLAN_END) || system.includes(END_OF_PLAN)) return 'planner';
  return 'other';
}

/**
 * The format a planner request asks its plan in: `'tool-calls'` when it offers a `join` tool, `'json'` when
 * it asks for a JSON response (or, without a response format, for the JSON plan's `{"tool": "join"}`),
 * else `'text'`.
 */
export function planFormat(request: AgentRequest): PlanFormat {
  if (toolNames(request).includes('join')) return 'tool-calls';
  if (wantsJson(request)) return 'json';
  if (stopSequences(request).includes(END_OF_PLAN)) return 'text';
  return systemText(request).includes(JSON_PLAN_END) ? 'json' : 'text';
}

/** The format a joiner request asks its decision in: JSON when it asks for a JSON response or JSON actions. */
export function joinerFormat(request: AgentRequest): 'text' | 'json' {
  if (wantsJson(request)) return 'json';
  const system = systemText(request);
  return system.includes(JOINER_JSON_ACTION) && !JOINER_TEXT_ACTION.test(system) ? 'json' : 'text';
}

/** The text of every message, joined: for reading observations out of a joiner's prompt. */
export function requestText(request: AgentRequest): string {
  return request.messages.map((message) => contentText(message.content)).join('\n');
}

function systemText(request: AgentRequest): string {
  return request.messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => contentText(message.content))
    .join('\n');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: unknown) => (typeof (part as { text?: unknown })?.text === 'string' ? (part as { text: string }).text : '')).join('');
}

function stopSequences(request: AgentRequest): readonly string[] {
  const { stop } = request;
  if (stop === undefined || stop === null) return [];
  return typeof stop === 'string' ? [stop] : stop;
}

function toolNames(request: AgentRequest): string[] {
  return (request.tools ?? []).map((tool) => tool.function?.name ?? tool.name ?? '');
}

function wantsJson(request: AgentRequest): boolean {
  const wire = (request.response_format as { type?: unknown } | null | undefined)?.type;
  const core = (request.responseFormat as { type?: unknown } | null | undefined)?.type;
  return wire === 'json_object' || wire === 'json_schema' || core === 'json';
}
