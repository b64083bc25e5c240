// A run on a conversation: what the planner and the joiner are shown of the earlier turns, the messages a
// result gives for the next turn, and the checks of the input.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { ChatMessage, ModelRequest } from '../model/language-model.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel, type ScriptedResponse } from '../test/scripted-model.js';
import type { CompilerOptions } from './compiler-options.js';
import type { ConversationMessage } from './conversation-message.js';
import { createCompiler } from './create-compiler.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function search() {
  return fakeTool({
    name: 'search',
    input: z.object({ query: z.string() }),
    sideEffects: 'none',
    latencyMs: 10,
    result: ({ query }: { query: string }) => `${query}: ${query.length * 1000} m`,
  });
}

const PLAN = '1. search("Puerto Rico Trench")\n2. join()<END_OF_PLAN>';
const ANSWER = 'Action: Finish(The Puerto Rico Trench is 18,000 m deep.)';

const HISTORY: readonly ConversationMessage[] = [
  { role: 'user', content: 'How deep is the Mariana Trench?' },
  { role: 'assistant', content: 'It is 15,000 m deep.' },
];
const QUESTION = 'And the other big trench, in the Atlantic?';

async function converse(input: string | readonly ConversationMessage[], responses: readonly ScriptedResponse[] = [PLAN, ANSWER], options: Partial<CompilerOptions> = {}) {
  const model = scriptedModel({ responses });
  const run = createCompiler({ model, tools: [search()], planner: { answerInPlan: false }, ...options }).run(input);
  await vi.runAllTimersAsync();
  return { result: await run.result(), requests: model.requests, run };
}

const roles = (request: ModelRequest | undefined) => request!.messages.map((message) => message.role);
const last = (request: ModelRequest | undefined): ChatMessage => request!.messages.at(-1)!;

describe('a run on a conversation', () => {
  it('shows the planner and the joiner the earlier turns as chat messages, after the system prompt and before the question', async () => {
    const { requests } = await converse([...HISTORY, { role: 'user', content: QUESTION }]);
    const [planner, joiner] = requests;
    for (const request of [planner, joiner]) {
      expect(roles(request)).toEqual(['system', 'user', 'assistant', 'user']);
      expect(request!.messages.slice(1, 3)).toEqual(HISTORY);
      expect(last(request).content).toContain(`Question: ${QUESTION}`);
      expect(last(request).content).toMatch(/^The messages above are the conversation so far/);
    }
    expect(last(planner).content).toContain('write a plan, in the format above, for this question:');
    expect(last(joiner).content).toContain('Tasks and their results:\n1. search(');
  });

  it('keeps the system prompts as they are without history, so that their prefix is cached across turns', async () => {
    const alone = await converse(QUESTION);
    const inConversation = await converse([...HISTORY, { role: 'user', content: QUESTION }]);
    expect(inConversation.requests[0]!.messages[0]).toEqual(alone.requests[0]!.messages[0]);
    expect(inConversation.requests[1]!.messages[0]).toEqual(alone.requests[1]!.messages[0]);
    // Without history the question's message is as before: no word of a conversation.
    expect(roles(alone.requests[0])).toEqual(['system', 'user']);
    expect(last(alone.requests[0]).content).toMatch(/^Question: /);
    expect(last(alone.requests[1]).content).toMatch(/^Question: /);
  });

  it.each(['json', 'tool-calls'] as const)('lays a %s planner\'s messages out the same way', async (format) => {
    const plan: ScriptedResponse =
      format === 'json'
        ? '{"tasks": [{"id": 1, "tool": "search", "args": {"query": "Puerto Rico Trench"}}, {"tool": "join"}]}'
        : { toolCalls: [{ name: 'search', arguments: { query: 'Puerto Rico Trench' } }, { name: 'join', arguments: {} }] };
    const { requests, result } = await converse([...HISTORY, { role: 'user', content: QUESTION }], [plan, ANSWER], { planner: { format, answerInPlan: false } });
    expect(roles(requests[0])).toEqual(['system', 'user', 'assistant', 'user']);
    expect(requests[0]!.messages.slice(1, 3)).toEqual(HISTORY);
    expect(result.tasks.map((record) => record.task.source)).toHaveLength(1);
    expect(result.answer).toBe('The Puerto Rico Trench is 18,000 m deep.');
  });

  it('gives [question, answer] to append after a question, and [answer] after a conversation', async () => {
    const fromQuestion = await converse(QUESTION);
    expect(fromQuestion.result.messages).toEqual([
      { role: 'user', content: QUESTION },
      { role: 'assistant', content: 'The Puerto Rico Trench is 18,000 m deep.' },
    ]);
    const fromConversation = await converse([...HISTORY, { role: 'user', content: QUESTION }]);
    expect(fromConversation.result.messages).toEqual([{ role: 'assistant', content: 'The Puerto Rico Trench is 18,000 m deep.' }]);
    expect(fromConversation.run.events[0]).toMatchObject({ type: 'run-start', question: QUESTION });
  });

  it('carries a conversation over three turns, each run seeing every earlier turn', async () => {
    const questions = ['How deep is the Mariana Trench?', 'And the Puerto Rico Trench?', 'Which of the two is deeper?'];
    const model = scriptedModel({
      responses: (request, index) => {
        const turn = Math.floor(index / 2);
        return index % 2 === 0 ? `1. search("turn ${turn + 1}")\n2. join()<END_OF_PLAN>` : `Action: Finish(answer ${turn + 1})`;
      },
    });
    const compiler = createCompiler({ model, tools: [search()], planner: { answerInPlan: false } });
    const history: ConversationMessage[] = [];
    for (const question of questions) {
      history.push({ role: 'user', content: question });
      const run = compiler.run(history);
      await vi.runAllTimersAsync();
      history.push(...(await run.result()).messages);
    }
    expect(history).toEqual([
      { role: 'user', content: questions[0] },
      { role: 'assistant', content: 'answer 1' },
      { role: 'user', content: questions[1] },
      { role: 'assistant', content: 'answer 2' },
      { role: 'user', content: questions[2] },
      { role: 'assistant', content: 'answer 3' },
    ]);
    // The third turn's planner and joiner see the four earlier messages, then the question.
    for (const request of model.requests.slice(4)) {
      expect(request.messages.slice(1, 5)).toEqual(history.slice(0, 4));
      expect(last(request).content).toContain(`Question: ${questions[2]}`);
    }
    expect(roles(model.requests[0])).toEqual(['system', 'user']);
  });

  it('continues the numbering of this run on a replan, and still shows the earlier turns', async () => {
    const { requests, result } = await converse(
      [...HISTORY, { role: 'user', content: QUESTION }],
      [
        '1. search("Atlantic")\n2. join()<END_OF_PLAN>',
        'Action: Replan(Search the Puerto Rico Trench by name.)',
        '2. search("Puerto Rico Trench")\n3. join()<END_OF_PLAN>',
        ANSWER,
      ],
    );
    expect(result.tasks.map((record) => [record.task.id, record.task.args])).toEqual([
      [1, { query: 'Atlantic' }],
      [2, { query: 'Puerto Rico Trench' }],
    ]);
    const replan = requests[2]!;
    expect(roles(replan)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(replan.messages.slice(1, 3)).toEqual(HISTORY);
    expect(last(replan).content).toContain('continue at 2, so the first new task is `2. ...`');
    expect(last(replan).content).toContain('Why a new plan is needed: Search the Puerto Rico Trench by name.');
    // The last joiner sees both rounds' tasks after the history.
    expect(last(requests[3]).content).toContain('1. search("Atlantic")');
    expect(last(requests[3]).content).toContain('2. search("Puerto Rico Trench")');
  });

  it('gives a function joiner the earlier turns', async () => {
    const seen: unknown[] = [];
    const { result } = await converse([...HISTORY, { role: 'user', content: QUESTION }], [PLAN], {
      joiner: ({ history, question, answerSchema }) => {
        seen.push({ history, question, answerSchema });
        return 'done';
      },
    });
    expect(result.answer).toBe('done');
    expect(seen).toEqual([{ history: HISTORY, question: QUESTION, answerSchema: undefined }]);
  });
});

describe('the history bound', () => {
  const LONG: readonly ConversationMessage[] = [
    { role: 'user', content: 'q1' },
    { role: 'assistant', content: 'a1' },
    { role: 'user', content: 'q2' },
    { role: 'assistant', content: 'a2 is longer' },
    { role: 'user', content: 'q3' },
    { role: 'assistant', content: 'a3' },
  ];

  async function shown(history: CompilerOptions['history']) {
    const { requests } = await converse([...LONG, { role: 'user', content: QUESTION }], [PLAN, ANSWER], { history });
    const [planner, joiner] = requests;
    // The planner and the joiner are shown the same turns.
    expect(joiner!.messages.slice(1, -1)).toEqual(planner!.messages.slice(1, -1));
    expect(planner!.messages[0]!.role).toBe('system');
    expect(last(planner).content).toContain(`Question: ${QUESTION}`);
    return planner!.messages.slice(1, -1).map((message) => message.content);
  }

  it('shows every earlier turn within the defaults', async () => {
    expect(await shown(undefined)).toEqual(['q1', 'a1', 'q2', 'a2 is longer', 'q3', 'a3']);
  });

  it('drops the oldest messages past maxMessages, and an assistant message left without its question', async () => {
    expect(await shown({ maxMessages: 4 })).toEqual(['q2', 'a2 is longer', 'q3', 'a3']);
    expect(await shown({ maxMessages: 3 })).toEqual(['q3', 'a3']);
  });

  it('drops the oldest messages past maxChars, each whole', async () => {
    // a3 + q3 = 4 characters, + a2 = 16: over 10, so a2 and everything older go.
    expect(await shown({ maxChars: 10 })).toEqual(['q3', 'a3']);
    expect(await shown({ maxChars: 16, maxMessages: Number.MAX_SAFE_INTEGER })).toEqual(['q3', 'a3']);
    expect(await shown({ maxChars: 18 })).toEqual(['q2', 'a2 is longer', 'q3', 'a3']);
    expect(await shown({ maxChars: Infinity, maxMessages: 100 })).toHaveLength(6);
  });

  it('shows no earlier turn with maxMessages 0, and never drops the question', async () => {
    const { requests } = await converse([...LONG, { role: 'user', content: QUESTION }], [PLAN, ANSWER], { history: { maxMessages: 0 } });
    expect(roles(requests[0])).toEqual(['system', 'user']);
    expect(last(requests[0]).content).toBe(`Question: ${QUESTION}`);
    const huge = await converse([{ role: 'user', content: 'x'.repeat(50_000) }], [PLAN, ANSWER], { history: { maxChars: 10 } });
    expect(last(huge.requests[0]).content).toContain('x'.repeat(50_000));
  });

  it.each([
    [{ maxMessages: -1 }, 'Expected `history.maxMessages` to be an integer from 0 and up, got `-1` (number)'],
    [{ maxChars: 1.5 }, 'Expected `history.maxChars` to be an integer from 0 and up, or Infinity, got `1.5` (number)'],
    [{ max: 3 }, 'Expected `history.max` to be a known option (maxMessages, maxChars), got `3` (number)'],
    [20, 'Expected `history` to be an object, `{ maxMessages?, maxChars? }`, got `20` (number)'],
  ])('refuses history %j, naming what was expected', (history, message) => {
    const model = scriptedModel({ responses: [] });
    expect(() => createCompiler({ model, tools: [], history: history as never })).toThrow(InvalidOptionError);
    expect(() => createCompiler({ model, tools: [], history: history as never })).toThrow(message);
  });
});

describe('the input of a run', () => {
  const compiler = createCompiler({ model: scriptedModel({ responses: [] }), tools: [] });

  it.each([
    ['an empty conversation', [], 'Expected `input` to be a question (a non-empty string) or a conversation', 'got an array of length 0'],
    ['a conversation that ends with the assistant', [...HISTORY], "Expected `input[1].role` to be 'user': the last message of a conversation is the question", 'got `"assistant"` (string)'],
    ['a system message', [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'q' }], "Expected `input[0].role` to be 'user' or 'assistant' (the system prompts are the planner's and the joiner's own", 'got `"system"` (string)'],
    ['another role', [{ role: 'tool', content: 'x' }, { role: 'user', content: 'q' }], "Expected `input[0].role` to be 'user' or 'assistant'", 'got `"tool"` (string)'],
    ['content that is not a string', [{ role: 'user', content: [{ type: 'text', text: 'q' }] }], 'Expected `input[0].content` to be a string', 'got an array of length 1'],
    ['a blank question', [{ role: 'user', content: '  ' }], 'Expected `input[0].content` to be a non-empty string: the last message of a conversation is the question', 'got `"  "` (string)'],
    ['a message that is not an object', ['How deep?'], 'Expected `input[0]` to be a message, `{ role, content }`', 'got `"How deep?"` (string)'],
    ['an empty question', '', 'Expected `input` to be a question (a non-empty string) or a conversation', 'got `""` (string)'],
    ['a number', 42, 'Expected `input` to be a question', 'got `42` (number)'],
  ])('refuses %s at once, with an InvalidOptionError naming what was expected and what came', (_, input, expected, got) => {
    let error: unknown;
    try {
      compiler.run(input as never);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).toContain(got);
  });

  it('reads only role and content, and copies the messages: changing them later changes nothing', async () => {
    const input = [{ role: 'user' as const, content: 'How deep is the Mariana Trench?', name: 'ada' }, { role: 'assistant' as const, content: 'Deep.' }, { role: 'user' as const, content: QUESTION }];
    const model = scriptedModel({ responses: [PLAN, ANSWER] });
    const run = createCompiler({ model, tools: [search()], planner: { answerInPlan: false } }).run(input);
    input[0]!.content = 'changed';
    await vi.runAllTimersAsync();
    await run.result();
    expect(model.requests[0]!.messages[1]).toEqual({ role: 'user', content: 'How deep is the Mariana Trench?' });
  });
});
