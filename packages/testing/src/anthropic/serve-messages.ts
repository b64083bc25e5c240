import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChatExchange, type ExchangeSettings, type MutableRecord } from '../chat-exchange.js';
import { checkMessagesRequest, toChatRequest } from './messages-request.js';
import { errorBody } from './messages-wire-format.js';
import { messagesWire } from './messages-wire.js';

/** What {@link serveMessages} needs of the server it runs in. */
export interface MessagesServerContext {
  /** The server's log of requests, shared with the chat completions endpoint. */
  readonly requests: MutableRecord[];
  /** The exchanges under way, which `close()` ends. */
  readonly open: Set<{ close(): void }>;
  readonly settings: ExchangeSettings;
  /** Whether `close()` has been called: a request whose body arrives after it is not started. */
  readonly closing: () => boolean;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Serves `POST /v1/messages`, Anthropic's Messages API: checks the body (400 with Anthropic's
 * `invalid_request_error` when it does not fit), records the request (its `body` translated to chat
 * completions' terms, the request as it came in `anthropic`) and runs a {@link ChatExchange} that writes
 * Anthropic's wire format ({@link messagesWire}).
 */
export async function serveMessages(request: IncomingMessage, response: ServerResponse, context: MessagesServerContext): Promise<void> {
  let text: string;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } catch {
    return; // The client went away while sending.
  }
  if (context.closing() || response.destroyed) return;
  const requestId = `req_fake_${context.requests.length}`;
  const reject = (message: string) => {
    response.writeHead(400, { 'content-type': 'application/json', 'request-id': requestId });
    response.end(JSON.stringify(errorBody('invalid_request_error', message, requestId)));
  };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return reject(`There was an error parsing the body: ${(error as Error).message}`);
  }
  const checked = checkMessagesRequest(body);
  if ('problem' in checked) return reject(checked.problem);
  const record: MutableRecord = {
    callIndex: context.requests.length,
    path: '/v1/messages',
    body: toChatRequest(checked.request),
    anthropic: checked.request,
    headers: context.headers,
    receivedAt: Date.now(),
    aborted: false,
  };
  context.requests.push(record);
  const wire = messagesWire(checked.request, record.headers);
  const exchange = new ChatExchange(response, record, context.settings, () => context.open.delete(exchange), wire);
  context.open.add(exchange);
  await exchange.run();
}
