import { describe, expect, it } from 'vitest';
import type { ChatRequest } from './chat-request.js';
import { parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('gives no options for no arguments (echo, port 0, instant)', () => {
    expect(parseCliArgs([])).toEqual({});
    expect(parseCliArgs(['--echo'])).toEqual({});
  });

  it('reads the port, host, latency and chunk size', () => {
    expect(
      parseCliArgs(['--port', '8787', '--host', '0.0.0.0', '--ttft', '250', '--tps', '40', '--pps', '5000', '--tokens-per-chunk', '3']),
    ).toEqual({
      port: 8787,
      host: '0.0.0.0',
      tokensPerChunk: 3,
      latency: { timeToFirstTokenMs: 250, outputTokensPerSecond: 40, promptTokensPerSecond: 5000 },
    });
  });

  it('answers every request with --answer', async () => {
    const options = parseCliArgs(['--answer', 'Finish(42)']);
    if (options === 'help') throw new Error('Expected options');
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    expect(await options.responder?.(request, { callIndex: 0, signal: new AbortController().signal })).toBe('Finish(42)');
  });

  it('asks for help with -h and --help', () => {
    expect(parseCliArgs(['-h'])).toBe('help');
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it('refuses unknown options, non-numbers and --echo with --answer', () => {
    expect(() => parseCliArgs(['--speed', '3'])).toThrow("Unknown option '--speed'");
    expect(() => parseCliArgs(['--tps', 'fast'])).toThrow('Expected `--tps` to be a number, got `fast`');
    expect(() => parseCliArgs(['--echo', '--answer', 'x'])).toThrow('Expected one of `--echo` and `--answer`, got both');
  });
});
