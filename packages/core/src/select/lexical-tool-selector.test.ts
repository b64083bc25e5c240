import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { ConversationMessage } from '../run/conversation-message.js';
import type { RoundResult } from '../run/run-result.js';
import { createCompiler } from '../run/create-compiler.js';
import type { RunEventOf } from '../run/run-event.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { createLexicalToolSelector } from './lexical-tool-selector.js';
import type { ToolSelectionContext, ToolSelector } from '../run/tool-selector.js';

const tools = [
  fakeTool({ name: 'getWeatherForecast', description: 'Forecast for the next days.', input: z.object({ city: z.string(), days: z.number() }) }),
  fakeTool({ name: 'stock_price', description: 'The latest price of a share on an exchange.', input: z.object({ ticker: z.string() }) }),
  fakeTool({ name: 'movie_reviews', description: 'Critics on a film.', input: z.object({ title: z.string() }) }),
  fakeTool({ name: 'calculator', description: 'Evaluates an arithmetic expression.', input: z.object({ expression: z.string() }) }),
  fakeTool({ name: 'send_email', description: 'Sends a message to an address.', input: z.object({ to: z.string(), body: z.string() }) }),
];

const context = (question: string, rounds: readonly RoundResult[] = [], history: readonly ConversationMessage[] = []): ToolSelectionContext => ({
  question,
  history,
  round: rounds.length + 1,
  rounds,
  tasks: [],
  tools,
  signal: new AbortController().signal,
});
const names = async (selector: ToolSelector, question: string, rounds?: readonly RoundResult[], history?: readonly ConversationMessage[]) =>
  (await selector(context(question, rounds, history))).map((tool) => (typeof tool === 'string' ? tool : tool.name));

describe('createLexicalToolSelector', () => {
  it('ranks tools by the words of their names, descriptions and parameter names', async () => {
    const select = createLexicalToolSelector({ k: 1 });
    expect(await names(select, 'What will the forecast be in Oslo?')).toEqual(['getWeatherForecast']);
    expect(await names(select, 'Which reviews did the movie get?')).toEqual(['movie_reviews']);
    expect(await names(select, 'Which ticker is up?')).toEqual(['stock_price']);
    expect(await names(select, 'email the report to Ana')).toEqual(['send_email']);
  });

  it('shows at most k tools that match, in the compiler’s order, plus the always ones', async () => {
    const select = createLexicalToolSelector({ k: 2, always: ['calculator'] });
    expect(await names(select, 'weather forecast and the stock price')).toEqual(['getWeatherForecast', 'stock_price', 'calculator']);
    expect(await names(select, 'weather forecast')).toEqual(['getWeatherForecast', 'calculator']);
  });

  it('shows every tool when no tool shares a word with the question', async () => {
    expect(await names(createLexicalToolSelector({ k: 1 }), 'Hello there?')).toEqual(tools.map((tool) => tool.name));
  });

  it('adds the joiner’s feedback to the question on a replan', async () => {
    const select = createLexicalToolSelector({ k: 1 });
    const round = { decision: { thought: undefined, action: { type: 'replan', feedback: 'Need the share price too.' } } } as unknown as RoundResult;
    expect(await names(select, 'How is ACME doing?', [round])).toEqual(['stock_price']);
  });

  it('in a run, finds on a replan the tool the joiner’s feedback asks for', async () => {
    const model = scriptedModel({
      responses: [
        '1. getWeatherForecast("Oslo", 2)\n2. join()',
        'Action: Replan(Also need the share price of ACME.)',
        '3. stock_price("ACME")\n4. join()',
        'Action: Finish(Rain; ACME at 12.)',
      ],
    });
    const run = createCompiler({ model, tools, selectTools: createLexicalToolSelector({ k: 1 }) }).run('What is the forecast for Oslo?');
    const result = await run.result();
    const selected = run.events.filter((event): event is RunEventOf<'tools-selected'> => event.type === 'tools-selected');
    expect(selected.map((event) => event.tools)).toEqual([['getWeatherForecast'], ['stock_price']]);
    expect(String(model.requests[2]!.messages[0]!.content)).toContain('stock_price(ticker: string)');
    expect(result.answer).toBe('Rain; ACME at 12.');
    expect(run.events.some((event) => event.type === 'plan-warning' && event.warning.code === 'unselected-tool')).toBe(false);
  });

  describe('in a conversation', () => {
    const history: ConversationMessage[] = [
      { role: 'user', content: 'Email Ana when the report is done.' },
      { role: 'assistant', content: 'Done.' },
      { role: 'user', content: 'What is the forecast for Oslo?' },
      { role: 'assistant', content: 'Rain for two days.' },
    ];

    it('ranks the user’s latest earlier turns too, below the question', async () => {
      // The follow-up names only the ticker; the turn before it brings the forecast back within reach.
      expect(await names(createLexicalToolSelector({ k: 2 }), 'And the ticker of its biggest company?', [], history)).toEqual(['getWeatherForecast', 'stock_price']);
      expect(await names(createLexicalToolSelector({ k: 1 }), 'And the ticker of its biggest company?', [], history)).toEqual(['stock_price']);
      expect(await names(createLexicalToolSelector({ k: 3 }), 'And the ticker of its biggest company?', [], history)).toEqual(['getWeatherForecast', 'stock_price', 'send_email']);
    });

    it('finds the earlier turns’ tools for a follow-up that names none', async () => {
      expect(await names(createLexicalToolSelector({ k: 1 }), 'And for Bergen?', [], history)).toEqual(['getWeatherForecast']);
      expect(await names(createLexicalToolSelector({ k: 1, history: { turns: 0 } }), 'And for Bergen?', [], history)).toEqual(tools.map((tool) => tool.name));
    });

    it('reads only the latest `turns` user turns, each weighing `weight` times the next', async () => {
      expect(await names(createLexicalToolSelector({ k: 3, history: { turns: 1 } }), 'And the ticker?', [], history)).toEqual(['getWeatherForecast', 'stock_price']);
      expect(await names(createLexicalToolSelector({ k: 3, history: { weight: 0 } }), 'And the ticker?', [], history)).toEqual(['stock_price']);
      // With weight 1 an earlier turn counts as much as the question: `forecast`, twice in its tool's text, outranks `ticker`.
      expect(await names(createLexicalToolSelector({ k: 1, history: { weight: 1 } }), 'And the ticker?', [], history)).toEqual(['getWeatherForecast']);
    });

    it('in a run given a conversation, shows the planner the tools of the earlier turn', async () => {
      const model = scriptedModel({ responses: ['1. getWeatherForecast("Bergen", 2)\n2. join()', 'Action: Finish(Rain in Bergen too.)'] });
      const run = createCompiler({ model, tools, selectTools: createLexicalToolSelector({ k: 1 }) }).run([...history, { role: 'user', content: 'And for Bergen?' }]);
      await run.result();
      const selected = run.events.filter((event): event is RunEventOf<'tools-selected'> => event.type === 'tools-selected');
      expect(selected.map((event) => event.tools)).toEqual([['getWeatherForecast']]);
    });
  });

  it('fails naming an always tool the compiler lacks', async () => {
    const select = createLexicalToolSelector({ always: ['calculater'] });
    expect(() => select(context('weather'))).toThrow(
      'Expected `always` of `createLexicalToolSelector` to be names of the compiler\'s tools (getWeatherForecast, stock_price, movie_reviews, calculator, send_email), got `calculater`',
    );
  });

  it.each([
    [{ k: 0 }, 'Expected `k` of `createLexicalToolSelector` to be an integer from 1 and up, or Infinity, got `0` (number)'],
    [{ always: 'calculator' }, 'Expected `always` of `createLexicalToolSelector` to be a list of tool names, got `"calculator"` (string)'],
    [{ history: { turns: -1 } }, 'Expected `history.turns` of `createLexicalToolSelector` to be an integer from 0 and up, got `-1` (number)'],
    [{ history: { weight: 2 } }, 'Expected `history.weight` of `createLexicalToolSelector` to be a number from 0 to 1, got `2` (number)'],
    [{ history: { last: 2 } }, 'Expected `history.last` of `createLexicalToolSelector` to be a known option (turns, weight), got `2` (number)'],
    [{ b: 2 }, 'Expected `b` of `createLexicalToolSelector` to be a number from 0 to 1, got `2` (number)'],
    [{ top: 3 }, 'Expected `top` of `createLexicalToolSelector` to be a known option (k, always, history, k1, b), got `3` (number)'],
  ])('refuses wrong options: %o', (options, message) => {
    expect(() => createLexicalToolSelector(options as never)).toThrow(new InvalidOptionError({ option: 'x', expected: 'x', received: 0 }).constructor as never);
    expect(() => createLexicalToolSelector(options as never)).toThrow(message);
  });
});
