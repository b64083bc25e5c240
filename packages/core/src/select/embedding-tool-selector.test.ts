import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCompiler } from '../run/create-compiler.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { createEmbeddingToolSelector, type EmbedFunction, type EmbeddingToolSelectorOptions } from './embedding-tool-selector.js';
import type { ToolSelectionContext, ToolSelector } from '../run/tool-selector.js';
import type { ConversationMessage } from '../run/conversation-message.js';
import type { RunEventOf } from '../run/run-event.js';

const tools = [
  fakeTool({ name: 'get_temperature', description: 'How warm or cold it is in a city.', input: z.object({ city: z.string() }) }),
  fakeTool({ name: 'stock_price', description: 'The latest price of a share.', input: z.object({ ticker: z.string() }) }),
  fakeTool({ name: 'movie_reviews', description: 'Critics on a film.', input: z.object({ title: z.string() }) }),
  fakeTool({ name: 'calculator', description: 'Evaluates arithmetic.', input: z.object({ expression: z.string() }) }),
];

/** Concepts and the words that mean them: a stand-in for an embedding model that knows synonyms. */
const CONCEPTS = [/warm|cold|hot|temperature|weather/i, /price|share|stock|shares/i, /film|movie|critic|review/i, /arithmetic|sum|add/i];

/** Embeds texts as one dimension per concept, recording each call. */
function conceptEmbedder() {
  const calls: { texts: string[]; signal: AbortSignal | undefined }[] = [];
  const embed: EmbedFunction = async (texts, options) => {
    calls.push({ texts, signal: options?.signal });
    return texts.map((text) => [...CONCEPTS.map((concept): number => (concept.test(text) ? 1 : 0)), 0.01]);
  };
  return { embed, calls };
}

const context = (question: string, signal = new AbortController().signal, list = tools, history: readonly ConversationMessage[] = []): ToolSelectionContext => ({
  question,
  history,
  round: 1,
  rounds: [],
  tasks: [],
  tools: list,
  signal,
});
const names = async (selector: ToolSelector, question: string) =>
  (await selector(context(question))).map((tool) => (typeof tool === 'string' ? tool : tool.name));

describe('createEmbeddingToolSelector', () => {
  it('ranks tools by the cosine similarity of their embeddings to the question’s, k of them plus the always ones', async () => {
    const { embed } = conceptEmbedder();
    expect(await names(createEmbeddingToolSelector({ embed, k: 1 }), 'Is it hot in Rome?')).toEqual(['get_temperature']);
    expect(await names(createEmbeddingToolSelector({ embed, k: 1 }), 'What did critics say about Dune?')).toEqual(['movie_reviews']);
    expect(await names(createEmbeddingToolSelector({ embed, k: 2, always: ['calculator'] }), 'Is it hot, and how are ACME shares?')).toEqual([
      'get_temperature',
      'stock_price',
      'calculator',
    ]);
  });

  it('embeds the question on every selection with the run’s signal, and the tools once, without it', async () => {
    const { embed, calls } = conceptEmbedder();
    const select = createEmbeddingToolSelector({ embed, k: 1 });
    const signal = new AbortController().signal;
    await select(context('Is it hot?', signal));
    await select(context('How are ACME shares?', signal));
    const toolCalls = calls.filter((call) => call.texts.length === tools.length);
    expect(toolCalls).toEqual([
      {
        texts: [
          'get_temperature: How warm or cold it is in a city. Parameters: city.',
          'stock_price: The latest price of a share. Parameters: ticker.',
          'movie_reviews: Critics on a film. Parameters: title.',
          'calculator: Evaluates arithmetic. Parameters: expression.',
        ],
        signal: undefined,
      },
    ]);
    expect(calls.filter((call) => call.texts.length === 1)).toEqual([
      { texts: ['Is it hot?'], signal },
      { texts: ['How are ACME shares?'], signal },
    ]);
  });

  it('embeds only tools not embedded yet when the list grows', async () => {
    const { embed, calls } = conceptEmbedder();
    const select = createEmbeddingToolSelector({ embed });
    await select(context('Is it hot?', undefined, tools.slice(0, 2)));
    await select(context('Is it hot?', undefined, tools));
    expect(calls.map((call) => call.texts.length)).toEqual([1, 2, 1, 2]);
  });

  it('lets selections made while the tools are being embedded share that one call', async () => {
    const { embed, calls } = conceptEmbedder();
    const select = createEmbeddingToolSelector({ embed, k: 1 });
    const results = await Promise.all([select(context('Is it hot?')), select(context('Any film reviews?')), select(context('Share price?'))]);
    expect(results.map((result) => result.map((tool) => (typeof tool === 'string' ? tool : tool.name)))).toEqual([['get_temperature'], ['movie_reviews'], ['stock_price']]);
    expect(calls.filter((call) => call.texts.length === tools.length)).toHaveLength(1);
  });

  it('does not keep a failed embedding: the next selection asks again', async () => {
    const { embed: working, calls } = conceptEmbedder();
    let fail = true;
    const embed: EmbedFunction = async (texts, options) => {
      if (fail && texts.length > 1) throw new Error('embedding service down');
      return working(texts, options);
    };
    const select = createEmbeddingToolSelector({ embed, k: 1 });
    await expect(select(context('Is it hot?'))).rejects.toThrow('embedding service down');
    fail = false;
    expect(await names(select, 'Is it hot?')).toEqual(['get_temperature']);
    expect(calls.filter((call) => call.texts.length === tools.length)).toHaveLength(1);
  });

  it.each([
    [async () => [[1, 0]], 'got 1 vector'],
    [async (texts: string[]) => texts.map(() => 'vector'), 'got `"vector"` (string) at index 0'],
    [async (texts: string[]) => texts.map((_, index) => (index === 0 ? [1, 0] : [1, 0, 0])), 'got vectors of 2 and 3 numbers'],
    [async (texts: string[]) => texts.map(() => [Number.NaN]), 'got `NaN` (number) at index 0 of vector 0'],
    [async (texts: string[]) => texts.map(() => []), 'got an empty vector'],
    [async () => null, 'got `null`'],
  ])('fails saying what came when embed returns the wrong shape (%#)', async (embed, got) => {
    const select = createEmbeddingToolSelector({ embed: embed as unknown as EmbedFunction });
    const error: unknown = await Promise.resolve(select(context('Is it hot?'))).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'InvalidOptionError', option: 'embed' });
    expect((error as Error).message).toMatch(/^Expected `embed` of `createEmbeddingToolSelector` to be a function that returns one vector \(an array of numbers\) per text, \d+ of them, all of one length, got /);
    expect((error as Error).message).toContain(got);
  });

  it('fails when the question’s vector and the tools’ differ in length', async () => {
    const embed: EmbedFunction = async (texts) => texts.map(() => (texts.length === 1 ? [1, 0] : [1, 0, 0]));
    await expect(Promise.resolve(createEmbeddingToolSelector({ embed })(context('q')))).rejects.toThrow(
      'Expected `embed` of `createEmbeddingToolSelector` to be a function that returns vectors of one length, got a vector of 2 numbers for the question and 3 for a tool',
    );
  });

  it('hands the run’s signal to embed, and a run aborted while the question is embedded settles at once', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const embed: EmbedFunction = (texts, options) => {
      signals.push(options?.signal);
      // The tools are embedded; the question's embedding never comes.
      return texts.length === 1 ? new Promise(() => {}) : Promise.resolve(texts.map(() => [1, 0]));
    };
    const model = scriptedModel({ responses: [] });
    const run = createCompiler({ model, tools, selectTools: createEmbeddingToolSelector({ embed }) }).run('Is it hot?');
    while (signals.length < 2) await new Promise((resolve) => setImmediate(resolve));
    const reason = new Error('stop');
    run.abort(reason);
    await expect(run.result()).rejects.toBe(reason);
    const runSignal = signals.find((signal) => signal !== undefined);
    expect(runSignal?.aborted).toBe(true);
    expect(signals.filter((signal) => signal === undefined)).toHaveLength(1);
    expect(model.requests).toHaveLength(0);
  });

  describe('in a conversation', () => {
    const history: ConversationMessage[] = [
      { role: 'user', content: 'What did critics say about Dune?' },
      { role: 'assistant', content: 'They liked it.' },
      { role: 'user', content: 'Is it hot in Rome?' },
      { role: 'assistant', content: 'Yes, 34 degrees.' },
    ];
    const select = (question: string, options: Partial<EmbeddingToolSelectorOptions>, signal = new AbortController().signal, turns = history) => {
      const { embed, calls } = conceptEmbedder();
      const selector = createEmbeddingToolSelector({ embed, ...options });
      return { calls, selection: Promise.resolve(selector(context(question, signal, tools, turns))).then((list) => list.map((tool) => (typeof tool === 'string' ? tool : tool.name))) };
    };

    it('embeds the question and the user’s latest earlier turns in one call, newest first, with the run’s signal', async () => {
      const signal = new AbortController().signal;
      const { calls, selection } = select('And what about ACME shares?', { k: 1 }, signal);
      await selection;
      expect(calls.filter((call) => call.texts.length !== tools.length)).toEqual([
        { texts: ['And what about ACME shares?', 'Is it hot in Rome?', 'What did critics say about Dune?'], signal },
      ]);
      const { calls: latest, selection: latestSelection } = select('And ACME shares?', { history: { turns: 1 } });
      await latestSelection;
      expect(latest.filter((call) => call.texts.length !== tools.length).map((call) => call.texts)).toEqual([['And ACME shares?', 'Is it hot in Rome?']]);
    });

    it('ranks the earlier turns’ tools below the question’s, older turns weighing less', async () => {
      expect(await select('And what about ACME shares?', { k: 1 }).selection).toEqual(['stock_price']);
      expect(await select('And what about ACME shares?', { k: 2 }).selection).toEqual(['get_temperature', 'stock_price']);
      expect(await select('And what about ACME shares?', { k: 3 }).selection).toEqual(['get_temperature', 'stock_price', 'movie_reviews']);
    });

    it('finds the earlier turns’ tools for a follow-up that means none', async () => {
      const signal = new AbortController().signal;
      const [dune] = history;
      expect(await select('And Arrival?', { k: 1 }, signal, [dune!]).selection).toEqual(['movie_reviews']);
      // Without the earlier turn every tool is as far from the question: the first one wins the tie.
      expect(await select('And Arrival?', { k: 1, history: { turns: 0 } }, signal, [dune!]).selection).toEqual(['get_temperature']);
      expect(await select('And Arrival?', { k: 1, history: { weight: 0 } }, signal, [dune!]).selection).toEqual(['get_temperature']);
    });

    it('in a run given a conversation, shows the planner the tools of the earlier turn', async () => {
      const { embed } = conceptEmbedder();
      const model = scriptedModel({ responses: ['1. get_temperature("Milan")\n2. join()', 'Action: Finish(Hot in Milan too.)'] });
      const compiler = createCompiler({ model, tools, selectTools: createEmbeddingToolSelector({ embed, k: 1 }) });
      const run = compiler.run([history[0]!, history[1]!, { role: 'user', content: 'And Arrival?' }]);
      await run.result();
      const selected = run.events.filter((event): event is RunEventOf<'tools-selected'> => event.type === 'tools-selected');
      expect(selected.map((event) => event.tools)).toEqual([['movie_reviews']]);
    });
  });

  it('refuses options without an embed function', () => {
    expect(() => createEmbeddingToolSelector({} as never)).toThrow('Expected `embed` of `createEmbeddingToolSelector` to be a function, got `undefined`');
    expect(() => createEmbeddingToolSelector({ embed: async () => [], k: 1.5 })).toThrow('Expected `k` of `createEmbeddingToolSelector` to be an integer from 1 and up, or Infinity, got `1.5` (number)');
  });
});
