import OpenAI from 'openai';
import type { World } from './types.js';
import { TOOL_SPECS, readToolInput, type ToolCallRecord } from './world.js';

/** Where the live tools reach. */
export interface LiveWorldOptions {
  readonly baseURL: string | undefined;
  readonly apiKey: string;
  readonly model: string;
  /** @default 'https://en.wikipedia.org/w/api.php' */
  readonly wikipediaUrl?: string | undefined;
}

/**
 * The tools on the real world, for `--live`: `search` asks Wikipedia (the best match's introduction, as
 * the paper's tool does), `math` asks the model (the paper's math tool is an LLM call too).
 */
export function createLiveWorld(options: LiveWorldOptions, onCall?: (call: ToolCallRecord) => void): World {
  const wikipedia = options.wikipediaUrl ?? 'https://en.wikipedia.org/w/api.php';
  const client = new OpenAI({ apiKey: options.apiKey, ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }) });
  return {
    tools: TOOL_SPECS,
    async runTool(tool, input, signal) {
      const { key, context } = readToolInput(tool, input);
      const start = performance.now();
      const output = tool === 'search' ? await search(wikipedia, key, signal) : await math(client, options.model, key, context, signal);
      onCall?.({ tool, key, start, end: performance.now() });
      return output;
    },
  };
}

async function search(endpoint: string, query: string, signal: AbortSignal | undefined): Promise<string> {
  const get = async (params: Record<string, string>) => {
    const response = await fetch(`${endpoint}?${new URLSearchParams({ format: 'json', formatversion: '2', ...params })}`, {
      headers: { 'user-agent': 'llmcompiler-bench/0.1 (latency benchmark of the llmcompiler library)' },
      ...(signal === undefined ? {} : { signal }),
    });
    if (!response.ok) throw new Error(`Expected Wikipedia to answer 200, got ${response.status}`);
    return (await response.json()) as { query?: { search?: { title: string }[]; pages?: { extract?: string }[] } };
  };
  const found = await get({ action: 'query', list: 'search', srsearch: query, srlimit: '1' });
  const title = found.query?.search?.[0]?.title;
  if (title === undefined) return `No Wikipedia page matches ${JSON.stringify(query)}.`;
  const page = await get({ action: 'query', prop: 'extracts', exintro: '1', explaintext: '1', titles: title });
  const extract = page.query?.pages?.[0]?.extract ?? '';
  return `${title}: ${extract.slice(0, 1_500)}`;
}

async function math(
  client: OpenAI,
  model: string,
  problem: string,
  context: readonly string[],
  signal: AbortSignal | undefined,
): Promise<string> {
  const completion = await client.chat.completions.create(
    {
      model,
      temperature: 0,
      messages: [
        { role: 'system', content: 'Solve the problem from the context. Reply with the result only: a number, or a short phrase.' },
        { role: 'user', content: `Problem: ${problem}\nContext:\n${context.join('\n')}` },
      ],
    },
    signal === undefined ? {} : { signal },
  );
  return completion.choices[0]?.message.content?.trim() ?? '';
}
