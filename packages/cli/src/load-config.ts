import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeValue } from '@llmcompiler/core/internal';
import { CLIUsageError } from './errors/cli-usage-error.js';
import { checkURL, type MCPServerSpec } from './parse-command-line.js';

/** What a `--config` file holds; every field is optional, and flags add to it (`--model` wins over `model`). */
export interface ConfigFile {
  readonly model?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly api?: 'chat-completions' | 'responses' | undefined;
  /** MCP servers: `{ "command", "args"?, "env"?, "prefix"? }` or `{ "url", "prefix"? }`. */
  readonly mcp?: readonly MCPServerSpec[] | undefined;
  /** Tool modules, relative to the config file. */
  readonly tools?: readonly string[] | undefined;
}

const FIELDS = ['model', 'baseUrl', 'api', 'mcp', 'tools'];

/** Reads and checks a `--config` file; tool module paths come back resolved from the file's folder. */
export async function loadConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CLIUsageError({ option: '--config', expected: 'a readable JSON file', got: `${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CLIUsageError({ option: `--config ${path}`, expected: 'JSON', got: `a parse error: ${(error as Error).message}`, cause: error });
  }
  const at = (field: string) => `\`${field}\` in ${path}`;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new CLIUsageError({ option: `--config ${path}`, expected: 'a JSON object', got: describeValue(data) });
  const config = data as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!FIELDS.includes(key)) throw new CLIUsageError({ option: at(key), expected: `absent: the fields are ${FIELDS.join(', ')}`, got: describeValue(config[key]) });
  }
  const string = (field: string) => {
    const value = config[field];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) throw new CLIUsageError({ option: at(field), expected: 'a non-empty string', got: describeValue(value) });
    return value as string | undefined;
  };
  const api = config.api;
  if (api !== undefined && api !== 'chat-completions' && api !== 'responses') throw new CLIUsageError({ option: at('api'), expected: '"chat-completions" or "responses"', got: describeValue(api) });
  const tools = config.tools;
  if (tools !== undefined && (!Array.isArray(tools) || tools.some((entry) => typeof entry !== 'string' || entry === ''))) {
    throw new CLIUsageError({ option: at('tools'), expected: 'an array of module paths', got: describeValue(tools) });
  }
  const baseUrl = string('baseUrl');
  return {
    model: string('model'),
    baseUrl: baseUrl === undefined ? undefined : checkURL(at('baseUrl'), baseUrl),
    api,
    mcp: readServers(config.mcp, at('mcp')),
    tools: (tools as string[] | undefined)?.map((entry) => resolve(dirname(path), entry)),
  };
}

function readServers(value: unknown, where: string): MCPServerSpec[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new CLIUsageError({ option: where, expected: 'an array of servers', got: describeValue(value) });
  return value.map((entry: unknown, index) => {
    const option = `${where.replace('`mcp`', `\`mcp[${index}]\``)}`;
    const server = entry as Record<string, unknown> | null;
    const prefix = server?.prefix;
    if (prefix !== undefined && typeof prefix !== 'string') throw new CLIUsageError({ option, expected: 'a `prefix` that is a string', got: describeValue(prefix) });
    if (server !== null && typeof server === 'object' && typeof server.url === 'string') return { url: checkURL(option, server.url), prefix };
    const args = server?.args ?? [];
    const env = server?.env;
    if (
      server === null || typeof server !== 'object' || typeof server.command !== 'string' || server.command === '' ||
      !Array.isArray(args) || args.some((arg) => typeof arg !== 'string') ||
      (env !== undefined && (env === null || typeof env !== 'object' || Object.values(env).some((v) => typeof v !== 'string')))
    ) {
      throw new CLIUsageError({ option, expected: '{ "command": string, "args"?: string[], "env"?: { name: string }, "prefix"?: string } or { "url": string, "prefix"?: string }', got: describeValue(entry) });
    }
    return { command: server.command, args: args as string[], env: env as Record<string, string> | undefined, prefix };
  });
}
