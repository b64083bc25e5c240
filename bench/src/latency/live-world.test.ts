import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeOpenAI, type FakeOpenAIServer } from '@llmcompiler/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveWorld } from './live-world.js';

/** A stand-in for Wikipedia's API: a search that finds `Ed Wood`, and its introduction. */
async function startWikipedia(): Promise<{ url: string; queries: URLSearchParams[]; server: Server }> {
  const queries: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    const params = new URL(request.url ?? '/', 'http://localhost').searchParams;
    queries.push(params);
    const body =
      params.get('list') === 'search'
        ? { query: { search: params.get('srsearch') === 'Ed Wood' ? [{ title: 'Ed Wood' }] : [] } }
        : { query: { pages: [{ title: params.get('titles'), extract: 'Edward Davis Wood Jr. was an American filmmaker.' }] } };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/w/api.php`, queries, server };
}

let wikipedia: Awaited<ReturnType<typeof startWikipedia>> | undefined;
let model: FakeOpenAIServer | undefined;
afterEach(async () => {
  await new Promise((resolve) => wikipedia?.server.close(resolve) ?? resolve(undefined));
  await model?.close();
  wikipedia = undefined;
  model = undefined;
});

describe('the live world', () => {
  it("searches Wikipedia for the best match's introduction", async () => {
    wikipedia = await startWikipedia();
    const world = createLiveWorld({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'm', wikipediaUrl: wikipedia.url });
    await expect(world.runTool('search', { query: 'Ed Wood' })).resolves.toBe('Ed Wood: Edward Davis Wood Jr. was an American filmmaker.');
    expect(wikipedia.queries.map((params) => [params.get('action'), params.get('list') ?? params.get('prop')])).toEqual([
      ['query', 'search'],
      ['query', 'extracts'],
    ]);
    await expect(world.runTool('search', { query: 'Nobody' })).resolves.toBe('No Wikipedia page matches "Nobody".');
  });

  it('asks the model for a math step, with its context', async () => {
    model = await startFakeOpenAI({ responses: ['  42 '] });
    const world = createLiveWorld({ baseURL: model.url, apiKey: 'k', model: 'm' });
    await expect(world.runTool('math', { problem: 'add them', context: ['40', '2'] })).resolves.toBe('42');
    expect(JSON.stringify(model.requests[0]?.body.messages)).toContain('Problem: add them\\nContext:\\n40\\n2');
  });

  it('rejects an input of the wrong shape before any request', async () => {
    const world = createLiveWorld({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'm', wikipediaUrl: 'http://127.0.0.1:9/' });
    await expect(world.runTool('search', { query: 3 })).rejects.toThrow("Expected search's `query` to be a string, got number");
    await expect(world.runTool('math', {})).rejects.toThrow("Expected math's `problem` to be a string, got undefined");
  });
});
