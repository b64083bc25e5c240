/** The code of the JSON-RPC error a lost response stream answers its requests with (`ConnectionClosed`). */
const CONNECTION_CLOSED = -32000;

/**
 * Wraps the `fetch` of a Streamable HTTP client transport so that a request whose response stream is lost
 * fails at once instead of waiting for its timeout. The SDK clients leave a request pending when the SSE
 * stream of its POST breaks or ends before the result came and the server made the stream resumable (no
 * event ids): a server that was stopped or crashed mid-call then looks like a slow one. Here such a stream
 * ends with a JSON-RPC error response (`-32000`, connection closed) for each request it still owed, which the
 * client delivers like any other response.
 *
 * Streams the server made resumable (with event ids) are left to the SDK's reconnection, and nothing is
 * added when the client aborted the request itself (closing the connection). The bytes that come are passed
 * on unchanged.
 */
export function failLostStreams(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const ids = requestIds(init?.body);
    const type = response.headers.get('content-type') ?? '';
    if (ids.length === 0 || !response.ok || response.body === null || !type.includes('text/event-stream')) return response;
    const body = guardStream(response.body, ids, init?.signal ?? undefined);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The ids of the JSON-RPC requests in a POST body (one message or a batch). */
function requestIds(body: unknown): (string | number)[] {
  if (typeof body !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  return messages.flatMap((message: unknown) => {
    if (typeof message !== 'object' || message === null) return [];
    const { id, method } = message as { id?: unknown; method?: unknown };
    return typeof method === 'string' && (typeof id === 'string' || typeof id === 'number') ? [id] : [];
  });
}

function guardStream(upstream: ReadableStream<Uint8Array>, ids: readonly (string | number)[], signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const owed = new Set(ids);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const reader = upstream.getReader();
  let resumable = false;
  let line = '';
  let data: string[] = [];

  const readLine = (text: string): void => {
    if (text === '') {
      if (data.length > 0) answered(data.join('\n'));
      data = [];
    } else if (text.startsWith('data:')) {
      data.push(text.slice(text.startsWith('data: ') ? 6 : 5));
    } else if (text.startsWith('id:') && text.slice(3).trim() !== '') {
      resumable = true;
    }
  };
  const answered = (json: string): void => {
    try {
      const message = JSON.parse(json) as { id?: string | number; result?: unknown; error?: unknown };
      if (message.id !== undefined && ('result' in message || 'error' in message)) owed.delete(message.id);
    } catch {
      // Not JSON: the client reports it; nothing is answered.
    }
  };
  const scan = (chunk: Uint8Array, end: boolean): void => {
    const lines = (line + decoder.decode(chunk, { stream: !end })).split(/\r\n|\r|\n/);
    line = lines.pop() ?? '';
    for (const text of lines) readLine(text);
  };
  const failOwed = (controller: ReadableStreamDefaultController<Uint8Array>): void => {
    if (resumable || signal?.aborted === true) return;
    for (const id of owed) {
      const error = { code: CONNECTION_CLOSED, message: 'Connection closed: the response stream ended before the result came' };
      controller.enqueue(encoder.encode(`\nevent: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, error })}\n\n`));
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await reader.read();
      } catch (error) {
        failOwed(controller);
        if (resumable || signal?.aborted === true) controller.error(error);
        else controller.close();
        return;
      }
      if (result.done) {
        scan(new Uint8Array(), true);
        failOwed(controller);
        controller.close();
        return;
      }
      scan(result.value, false);
      controller.enqueue(result.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
