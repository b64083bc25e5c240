import { parseArgs } from 'node:util';
import { describeValue } from '@llmcompiler/core/internal';
import { CLIUsageError } from './errors/cli-usage-error.js';

/** An MCP server to take tools from: a command to start (stdio) or a URL (Streamable HTTP). */
export type MCPServerSpec =
  | { readonly command: string; readonly args: readonly string[]; readonly env?: Readonly<Record<string, string>> | undefined; readonly prefix?: string | undefined }
  | { readonly url: string; readonly prefix?: string | undefined };

/** What the command line asks for, flags and config file not yet merged. */
export interface CommandLine {
  /** The question; `undefined` with `help`. */
  readonly question: string | undefined;
  readonly model: string | undefined;
  readonly baseURL: string | undefined;
  readonly api: 'chat-completions' | 'responses' | undefined;
  /** `--mcp` commands, each split on whitespace into the command and its arguments. */
  readonly mcp: readonly MCPServerSpec[];
  /** `--tools` module paths, as written. */
  readonly tools: readonly string[];
  readonly config: string | undefined;
  readonly json: boolean;
  readonly trace: string | undefined;
  readonly help: boolean;
}

/** The usage text of `llmcompiler --help`. */
export const USAGE = `Usage: llmcompiler [options] "question"

Plans the tool calls a question needs, runs them in parallel as the plan streams, and answers.
With no OPENAI_API_KEY and no --base-url, a simulated model answers with a small demo tool set.

Options:
  --model NAME        the model (default: gpt-4o-mini; "simulated" for the simulated one)
  --base-url URL      an OpenAI-compatible endpoint (default: OPENAI_BASE_URL, or OpenAI's)
  --api API           chat-completions (default) or responses (the Responses API)
  --mcp "CMD ARGS"    tools from an MCP server started as a process (repeatable)
  --mcp-url URL       tools from an MCP server over Streamable HTTP (repeatable)
  --tools FILE        tools from a module: its default export or its \`tools\` array (repeatable)
  --config FILE       a JSON file with model, baseUrl, api, mcp and tools
  --json              print each event as a line of JSON
  --trace FILE        write the run's HTML trace to FILE
  -h, --help          show this help

Exit codes: 0 answered, 1 the run failed, 2 usage or config error, 3 tools could not be loaded, 130 interrupted.
`;

/**
 * Reads the arguments of `llmcompiler` (without `node` and the script) with Node's `util.parseArgs`; throws a
 * {@link CLIUsageError} naming the flag, what it takes and what came.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string' },
        'base-url': { type: 'string' },
        api: { type: 'string' },
        mcp: { type: 'string', multiple: true },
        'mcp-url': { type: 'string', multiple: true },
        tools: { type: 'string', multiple: true },
        config: { type: 'string' },
        json: { type: 'boolean' },
        trace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw usageFromParseArgs(error);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (!help && positionals.length !== 1) {
    throw new CLIUsageError({
      option: 'the command line',
      expected: 'one question (quote it: llmcompiler "How deep is the Mariana Trench?")',
      got: positionals.length === 0 ? 'no question' : `${positionals.length} arguments: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`,
    });
  }
  const question = positionals[0];
  if (!help && question!.trim() === '') throw new CLIUsageError({ option: 'the question', expected: 'some text', got: 'an empty string' });
  const api = values.api;
  if (api !== undefined && api !== 'chat-completions' && api !== 'responses') {
    throw new CLIUsageError({ option: '--api', expected: '`chat-completions` or `responses`', got: describeValue(api) });
  }
  for (const [flag, value] of [['--model', values.model], ['--base-url', values['base-url']], ['--trace', values.trace], ['--config', values.config]] as const) {
    if (value !== undefined && value.trim() === '') throw new CLIUsageError({ option: flag, expected: 'a non-empty value', got: 'an empty string' });
  }
  const mcp: MCPServerSpec[] = [];
  for (const command of values.mcp ?? []) {
    const [name, ...args] = command.trim().split(/\s+/);
    if (name === undefined || name === '') throw new CLIUsageError({ option: '--mcp', expected: 'a command to start, with its arguments', got: 'an empty string' });
    mcp.push({ command: name, args });
  }
  for (const url of values['mcp-url'] ?? []) mcp.push({ url: checkURL('--mcp-url', url) });
  return {
    question,
    model: values.model,
    baseURL: values['base-url'] === undefined ? undefined : checkURL('--base-url', values['base-url']),
    api,
    mcp,
    tools: values.tools ?? [],
    config: values.config,
    json: values.json === true,
    trace: values.trace,
    help,
  };
}

/** `value` if it is an http(s) URL; else a {@link CLIUsageError} for `option`. */
export function checkURL(option: string, value: unknown): string {
  if (typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value;
  throw new CLIUsageError({ option, expected: 'an http:// or https:// URL', got: describeValue(value) });
}

/** `util.parseArgs` throws `TypeError`s with a `code`; they become usage errors, its message kept. */
function usageFromParseArgs(error: unknown): CLIUsageError {
  const message = (error as Error).message;
  const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) return new CLIUsageError({ option: 'the options', expected: `one of those \`llmcompiler --help\` lists`, got: `\`${unknown}\``, cause: error });
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return new CLIUsageError({ option: missing, expected: 'followed by a value', got: 'nothing', cause: error });
  return new CLIUsageError({ option: 'the options', expected: 'what `llmcompiler --help` lists', got: message, cause: error });
}
