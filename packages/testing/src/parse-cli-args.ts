import { parseArgs } from 'node:util';
import type { FakeOpenAIOptions } from './start-fake-openai.js';

/** The usage text of `llmcompiler-fake-openai`. */
export const cliUsage = `Usage: llmcompiler-fake-openai [options]

Runs an OpenAI-compatible chat completions server on 127.0.0.1 and prints its base URL.

Options:
  --port <n>              port to listen on (default 0: a free port)
  --host <address>        address to listen on (default 127.0.0.1)
  --ttft <ms>             time to the first token in milliseconds (default 0)
  --tps <tokens>          output tokens per second (default: no delay)
  --pps <tokens>          prompt tokens read per second (default: no delay)
  --tokens-per-chunk <n>  tokens per streamed chunk (default 1)
  --echo                  answer with the last user message (the default)
  --answer <text>         answer every request with <text>
  -h, --help              show this help`;

/**
 * The server options of the command line, or `'help'`.
 * @throws TypeError for an unknown option or a value that is not a number where one is expected.
 */
export function parseCliArgs(args: readonly string[]): FakeOpenAIOptions | 'help' {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      ttft: { type: 'string' },
      tps: { type: 'string' },
      pps: { type: 'string' },
      'tokens-per-chunk': { type: 'string' },
      echo: { type: 'boolean' },
      answer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  if (values.echo === true && values.answer !== undefined) {
    throw new TypeError('Expected one of `--echo` and `--answer`, got both');
  }
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) {
      throw new TypeError(`Expected \`--${name}\` to be a number, got \`${text}\``);
    }
    return value;
  };
  const latency = {
    ...optional('timeToFirstTokenMs', number('ttft', values.ttft)),
    ...optional('outputTokensPerSecond', number('tps', values.tps)),
    ...optional('promptTokensPerSecond', number('pps', values.pps)),
  };
  const { answer } = values;
  return {
    ...optional('port', number('port', values.port)),
    ...optional('host', values.host),
    ...optional('tokensPerChunk', number('tokens-per-chunk', values['tokens-per-chunk'])),
    ...(Object.keys(latency).length > 0 ? { latency } : {}),
    ...(answer === undefined ? {} : { responder: () => answer }),
  };
}

function optional<Key extends string, Value>(key: Key, value: Value | undefined): { [K in Key]?: Value } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };
}
