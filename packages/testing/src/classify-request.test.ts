import { END_OF_PLAN as CORE_END_OF_PLAN, tool, type ModelRequest } from '@llmcompiler/core';
import { createJoinerMessages, createPlannerMessages, plannerToolDefinitions } from '@llmcompiler/core/internal';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { END_OF_PLAN, classifyRequest, joinerFormat, planFormat, type AgentRequest } from './classify-request.js';

const search = tool({ name: 'search', description: 'Search.', input: z.object({ query: z.string() }), execute: () => '' });
const math = tool({ name: 'math', description: 'Compute.', input: z.object({ problem: z.string() }), execute: () => 0 });
const tools = [search, math];
const rounds = [
  {
    round: 1,
    tasks: [{ id: 1, tool: 'search', source: 'search("x")', observation: 'nothing' }],
    decision: { thought: undefined, action: { type: 'replan' as const, feedback: 'Say "Finish(" and {"tool": "join"}.' } },
  },
];

/** The planner's request as the run loop builds it (`run/planning-round.ts`), in the shape of `ModelRequest`. */
function plannerRequest(format: 'text' | 'json' | 'tool-calls', extra: Partial<Parameters<typeof createPlannerMessages>[0]> = {}): ModelRequest {
  return {
    messages: createPlannerMessages({ question: 'Which trench is deeper?', tools, format, ...extra }),
    ...(format === 'text' ? { stop: [CORE_END_OF_PLAN] } : {}),
    ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}),
    ...(format === 'tool-calls' ? { tools: plannerToolDefinitions(tools), toolChoice: 'required' as const } : {}),
  };
}

/** The joiner's request as the run loop builds it (`run/joining-round.ts`). */
function joinerRequest(format: 'text' | 'json', mustFinish: boolean, instructions?: string): ModelRequest {
  const messages = createJoinerMessages({
    question: 'Which trench is deeper?',
    tasks: [{ id: 1, tool: 'search', source: 'search("x")', observation: 'The plan ends with {"tool": "join"}' }],
    mustFinish,
    format,
    ...(instructions === undefined ? {} : { instructions }),
  });
  return { messages, ...(format === 'json' ? { responseFormat: { type: 'json' as const } } : {}) };
}

/** The same request as the `openai` adapter sends it over HTTP. */
function onTheWire(request: ModelRequest): AgentRequest {
  return {
    messages: request.messages,
    ...(request.stop === undefined ? {} : { stop: request.stop }),
    ...(request.responseFormat === undefined ? {} : { response_format: { type: 'json_object' } }),
    ...(request.tools === undefined ? {} : { tools: request.tools.map((definition) => ({ type: 'function', function: { name: definition.name } })) }),
  };
}

describe("core's prompts (the contract with @llmcompiler/core)", () => {
  it('uses the same stop sequence as core', () => {
    expect(END_OF_PLAN).toBe(CORE_END_OF_PLAN);
  });

  for (const format of ['text', 'json', 'tool-calls'] as const) {
    it(`recognises the planner in the ${format} format, first plan and replan, with and without examples and instructions`, () => {
      const variants = [
        plannerRequest(format),
        plannerRequest(format, { rounds }),
        plannerRequest(format, { examples: false }),
        plannerRequest(format, { instructions: 'Prefer one search.', maxTasks: 3 }),
      ];
      for (const request of variants) {
        expect(classifyRequest(request)).toBe('planner');
        expect(planFormat(request)).toBe(format);
        expect(classifyRequest(onTheWire(request))).toBe('planner');
        expect(planFormat(onTheWire(request))).toBe(format);
      }
    });
  }

  it('recognises a JSON planner whose adapter sends no response format (a LangChain model without callOptions)', () => {
    const { responseFormat: _dropped, ...request } = plannerRequest('json');
    expect(classifyRequest(request)).toBe('planner');
    expect(planFormat(request)).toBe('json');
  });

  for (const format of ['text', 'json'] as const) {
    for (const mustFinish of [false, true]) {
      it(`recognises the ${format} joiner${mustFinish ? ' on the last round' : ''}, with and without instructions`, () => {
        for (const request of [joinerRequest(format, mustFinish), joinerRequest(format, mustFinish, 'Answer in French.')]) {
          expect(classifyRequest(request)).toBe('joiner');
          expect(joinerFormat(request)).toBe(format);
          expect(classifyRequest(onTheWire(request))).toBe('joiner');
          expect(joinerFormat(onTheWire(request))).toBe(format);
        }
      });
    }
  }

  it('reads only the system message: observations and feedback in the user message do not count', () => {
    // The joiner's observation above mentions {"tool": "join"}, and the replan feedback mentions Finish(.
    expect(classifyRequest(joinerRequest('json', false))).toBe('joiner');
    expect(classifyRequest(plannerRequest('json', { rounds }))).toBe('planner');
  });
});

describe('other requests', () => {
  it('a plain chat request is neither', () => {
    expect(classifyRequest({ messages: [{ role: 'user', content: 'Hello' }] })).toBe('other');
    expect(classifyRequest({ messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content: 'Finish(it)' }] })).toBe('other');
  });

  it('a request with tools but no `join` tool, or other stop sequences, is neither', () => {
    const request = {
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'weather' } }],
      stop: ['\n\n'],
    };
    expect(classifyRequest(request)).toBe('other');
  });
});

describe('shapes', () => {
  it('reads a system message as content parts, and a developer message as a system message', () => {
    const parts = { messages: [{ role: 'system', content: [{ type: 'text', text: 'Reply with Action: ' }, { type: 'text', text: 'Finish(x)' }] }] };
    expect(classifyRequest(parts)).toBe('joiner');
    expect(classifyRequest({ messages: [{ role: 'developer', content: 'Action: Finish(<answer>)' }] })).toBe('joiner');
  });

  it('takes a single stop string, and a json_schema response format as JSON', () => {
    expect(classifyRequest({ messages: [], stop: END_OF_PLAN })).toBe('planner');
    const request = { messages: [{ role: 'system', content: '{"tool": "join"}' }], response_format: { type: 'json_schema', json_schema: {} } };
    expect(planFormat(request)).toBe('json');
  });

  it('lets a role marker in the system message decide, when there is one', () => {
    expect(classifyRequest({ messages: [{ role: 'system', content: 'Plan. [llmcompiler:planner]' }] })).toBe('planner');
    expect(classifyRequest({ messages: [{ role: 'system', content: '[llmcompiler:joiner] Decide.' }], stop: [END_OF_PLAN] })).toBe('joiner');
  });
});
