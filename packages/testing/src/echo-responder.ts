import type { Responder } from './answer.js';
import { messageText } from './chat-request.js';

/**
 * Answers with the text of the last user message (`''` when there is none): the default responder of
 * the server and of the CLI.
 *
 * @example
 * ```ts
 * const server = await startFakeOpenAI({ responder: echoResponder });
 * ```
 */
export const echoResponder: Responder = (request) => {
  const lastUser = request.messages.findLast((message) => message.role === 'user');
  return lastUser === undefined ? '' : messageText(lastUser);
};
