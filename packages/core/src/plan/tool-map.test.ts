import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { search, math } from '../../test/tools.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { createCompiler } from '../run/create-compiler.js';
import { scriptedModel } from '../test/scripted-model.js';
import type { AnyTool } from '../tool/tool.js';
import { parsePlan } from './create-plan-parser.js';
import { toToolMap, type ToolSet } from './tool-map.js';

// Shaped like the real objects: `tool()` of @langchain/core/tools (`invoke`, `lc_namespace` from its class),
// `tool()` of the AI SDK (`description`, `inputSchema`, `execute`, no name), an MCP `tools/list` entry.
const langChainTool = { name: 'weather', description: 'Weather.', schema: z.object({ city: z.string() }), lc_namespace: ['langchain', 'tools'], invoke: async () => 'sunny' };
const aiSdkTool = { description: 'Weather.', inputSchema: z.object({ city: z.string() }), execute: async () => 'sunny' };
const mcpTool = { name: 'weather', description: 'Weather.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } };
const openAiTool = { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } };
const toolOptions = { name: 'weather', description: 'Weather.', input: z.object({ city: z.string() }), execute: async () => 'sunny' };

/** The error `toToolMap` throws for `tools`. */
function refusal(tools: unknown): ToolDefinitionError {
  try {
    toToolMap(tools as ToolSet);
  } catch (error) {
    if (ToolDefinitionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('toToolMap', () => {
  it('indexes a list, an object or a Map of tools by name', () => {
    for (const tools of [[search, math], { search, math }, new Map<string, AnyTool>([['search', search], ['math', math]])]) {
      expect([...toToolMap(tools as ToolSet)]).toEqual([['search', search], ['math', math]]);
    }
    const map = new Map<string, AnyTool>([['search', search]]);
    expect(toToolMap(map)).toBe(map);
  });

  it('accepts a tool made from another by spreading', () => {
    const lookup = { ...search, name: 'lookup' };
    expect(toToolMap([lookup]).get('lookup')).toBe(lookup);
  });

  it.each([
    { what: 'a LangChain tool', value: langChainTool, message: 'got a LangChain tool (`weather`): convert it with `fromLangChainTool(tool)` from `@llmcompiler/langchain`' },
    { what: 'an AI SDK tool', value: aiSdkTool, message: 'got an AI SDK tool: define it with `tool()` from `@llmcompiler/core`: `tool({ name, description, input, execute })` with its input schema and `execute`' },
    { what: 'an MCP tool definition', value: mcpTool, message: "got an MCP tool definition (`weather`), which has no `execute`: define it with `tool()` from `@llmcompiler/core`, with an `execute` that calls the MCP server's `callTool`" },
    { what: 'an OpenAI tool definition', value: openAiTool, message: 'got an OpenAI tool definition (`weather`), which has no `execute`: define it with `tool()` from `@llmcompiler/core`, with an `execute` that runs it' },
    { what: 'the options of tool()', value: toolOptions, message: 'got the options of a tool (`weather`), not a tool: pass them to `tool()` from `@llmcompiler/core`' },
    { what: 'a plain object', value: { run: () => 1 }, message: 'got an object with keys run: define it with `tool()` from `@llmcompiler/core`' },
    { what: 'a function', value: () => 1, message: 'got a function: define it with `tool()` from `@llmcompiler/core`' },
    { what: 'undefined', value: undefined, message: 'got `undefined`: define it with `tool()` from `@llmcompiler/core`' },
  ])('says what came and how to make a tool of it: $what', ({ value, message }) => {
    const error = refusal([search, value]);
    expect(error.message).toBe(`Expected \`tools[1]\` to be a tool made by \`tool()\`, ${message}`);
    expect(error).toMatchObject({ option: 'tools[1]', received: value });
    expect(InvalidOptionError.isInstance(error)).toBe(true);
  });

  it('names the entry by its key in an object or a Map', () => {
    expect(refusal({ search, weather: langChainTool }).message).toMatch(/^Expected `tools.weather` to be a tool made by `tool\(\)`, got a LangChain tool/);
    expect(refusal(new Map([['weather', aiSdkTool]])).message).toMatch(/^Expected `tools.get\("weather"\)` to be a tool made by `tool\(\)`, got an AI SDK tool/);
  });

  it('refuses one tool given where a collection belongs', () => {
    expect(refusal(search).message).toBe('Expected `tools` to be a list, an object or a Map of tools, got one tool (`search`): put it in a list: `tools: [search]`');
    expect(refusal('search').message).toBe('Expected `tools` to be a list, an object or a Map of tools, got `"search"` (string)');
  });

  it('refuses a key that is not its tool\'s name, and a name given twice', () => {
    expect(refusal({ lookup: search }).message).toBe('Expected `tools.lookup` to be the key of tool `search`, its name, got `lookup`');
    expect(refusal(new Map([['lookup', search]])).message).toBe('Expected `tools.get("lookup")` to be the key of tool `search`, its name, got `lookup`');
    expect(refusal([search, search]).message).toBe('Expected `tools` to be tools with unique names, got `search` twice');
  });
});

describe('where tools are given', () => {
  it('createCompiler refuses a foreign tool when it is created', () => {
    const model = scriptedModel({ responses: [] });
    expect(() => createCompiler({ model, tools: [search, langChainTool as never] })).toThrow(
      'Expected `tools[1]` to be a tool made by `tool()`, got a LangChain tool (`weather`): convert it with `fromLangChainTool(tool)` from `@llmcompiler/langchain`',
    );
  });

  it('parsePlan refuses a foreign tool', () => {
    expect(() => parsePlan('1. weather("Oslo")\n2. join()', { tools: { weather: aiSdkTool as never } })).toThrow(
      /^Expected `tools.weather` to be a tool made by `tool\(\)`, got an AI SDK tool/,
    );
  });
});
