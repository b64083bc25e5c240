#!/usr/bin/env node
// llmcompiler-fake-openai: the fake server on the command line. Prints the base URL; Ctrl+C stops it.
import { cliUsage, parseCliArgs } from './parse-cli-args.js';
import { startFakeOpenAI } from './start-fake-openai.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${cliUsage}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${cliUsage}\n`);
    return;
  }
  const server = await startFakeOpenAI(options);
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(`Fake OpenAI server listening on ${server.url} (Ctrl+C to stop)\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
