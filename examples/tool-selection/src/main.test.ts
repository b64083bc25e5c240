// The example as a user runs it (`npm run start -w @llmcompiler-examples/tool-selection`): a child process that
// starts the catalogue MCP server, the memory MCP server and the simulated model, all local.
// The child runs src/main.ts bundled by esbuild (test-scripts.ts at the repository's root): the same sources, on plain Node.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { envWithout, runScript } from '../../../test-scripts.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

it('shows the planner the few tools each question needs, a follow-up’s from the earlier turn, with far fewer prompt tokens', async () => {
  const env = envWithout('OPENAI_');
  const { code, stdout, stderr } = await runScript(MAIN, { env });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toContain('209 tools: 200 from the catalogue server, 9 from the memory server.');
  const shown = [...stdout.matchAll(/planner shown: (.*)/g)].map((match) => match[1]!.split(', '));
  expect(shown).toHaveLength(3);
  expect(shown[0]).toEqual(expect.arrayContaining(['catalogue_weather_get_forecast', 'catalogue_currency_convert']));
  expect(shown[1]).toContain('memory_create_entities');
  expect(shown[2]).toContain('catalogue_billing_list_invoices');
  for (const tools of shown) expect(tools).toHaveLength(4);
  // The follow-up alone matches no tool; the earlier turn ("Which invoices of Globex are still open?") does.
  expect(stdout).toContain('without the earlier turns the selector would show all 209 tools');
  expect(stdout).not.toContain('the selection left out');
  // The tools ran on the MCP servers: the catalogue's stand-ins and the memory server's knowledge graph.
  expect([...stdout.matchAll(/tasks: (.*)/g)].map((match) => match[1])).toEqual([
    'catalogue_weather_get_forecast (ok), catalogue_currency_convert (ok)',
    'memory_create_entities (ok)',
    'catalogue_billing_list_invoices (ok)',
  ]);

  const tokens = [...stdout.matchAll(/planner prompt tokens: ([\d,]+) with all 209 tools, ([\d,]+) with 4/g)].map((match) =>
    match.slice(1, 3).map((figure) => Number(figure!.replaceAll(',', ''))),
  );
  expect(tokens).toHaveLength(3);
  for (const [all, selected] of tokens) {
    expect(all).toBeGreaterThan(5_000);
    expect(selected! / all!).toBeLessThan(0.25);
  }
  expect(stdout).toContain('answer: Rain on Thursday in Lisbon; 250 EUR is about 270 USD.');
  expect(stdout).toContain('answer: Ana is in your knowledge graph now.');
  expect(stdout).toContain('answer: Initech has one open invoice, INV-12.');
}, 90_000);
