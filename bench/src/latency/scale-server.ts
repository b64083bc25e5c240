// The simulated model of the scale benchmark, in a process of its own so that the memory and CPU the
// benchmark measures are the client's alone. Starts the fake OpenAI-compatible server on 127.0.0.1 (a free
// port) with a responder that plans and joins the scale questions, prints `{"url": "http://127.0.0.1:<port>/v1"}`
// as one line on stdout, and serves until it is sent SIGTERM or SIGINT, or its stdin closes.
//
// Its one optional argument is JSON: `{"latency": {"timeToFirstTokenMs": 350, ...}, "tokensPerChunk": 4}`
// (the options of `startFakeOpenAI`; without it, answers are instant, one token per chunk).
//
//   node --import tsx --conditions=@llmcompiler/source src/latency/scale-server.ts '{"tokensPerChunk": 4}'
import { messageText, startFakeOpenAI, type Answer, type ChatRequest, type LatencyModel } from '@llmcompiler/testing';
import { requestKind } from './oracle.js';

interface ServerOptions {
  readonly latency?: Partial<LatencyModel>;
  readonly tokensPerChunk?: number;
}

function readOptions(argument: string | undefined): ServerOptions {
  if (argument === undefined) return {};
  const parsed: unknown = JSON.parse(argument);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TypeError(`Expected the argument of scale-server to be a JSON object, got ${argument}`);
  }
  return parsed as ServerOptions;
}

function userText(request: ChatRequest): string {
  return request.messages
    .filter((message) => message.role === 'user')
    .map(messageText)
    .join('\n');
}

/** Two searches that run at once, as for a HotpotQA comparison question; one search of the question otherwise. */
function plan(request: ChatRequest): string {
  const question = /Question: (.*)/.exec(userText(request))?.[1] ?? '';
  const people = /^Were (.+) and (.+) of the same nationality\?$/.exec(question.trim());
  if (people === null) return `1. search(${JSON.stringify(question)})\n2. join()<END_OF_PLAN>`;
  return [
    'Thought: Both nationalities can be looked up at once.',
    `1. search(${JSON.stringify(people[1])})`,
    `2. search(${JSON.stringify(people[2])})`,
    '3. join()<END_OF_PLAN>',
  ].join('\n');
}

/** Compares the nationalities the searches returned (`(nationality: X)` in each observation). */
function join(request: ChatRequest): string {
  const nationalities = [...userText(request).matchAll(/\(nationality: ([^)]+)\)/g)].map((match) => match[1]);
  if (nationalities.length < 2) return 'Thought: A nationality is missing.\nAction: Finish(unknown)';
  const same = nationalities.every((nationality) => nationality === nationalities[0]);
  return `Thought: The searches give ${nationalities.join(' and ')}.\nAction: Finish(${same ? 'yes' : 'no'})`;
}

const options = readOptions(process.argv[2]);
const server = await startFakeOpenAI({
  ...options,
  host: '127.0.0.1',
  port: 0,
  responder: (request): Answer => (requestKind(request) === 'planner' ? plan(request) : join(request)),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  void server.close().then(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent holds our stdin open: when it goes away, so do we.
process.stdin.on('end', stop);
process.stdin.resume();
