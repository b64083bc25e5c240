import type { ReadRequest } from './start-fake-openai.js';
import { checkResponsesRequest } from './responses-request.js';
import { responsesWire } from './responses-wire.js';

/**
 * `POST /v1/responses`: the body is checked and read as the equivalent chat request (which the responder,
 * the token counts and the limits take), and the answer is written in the Responses API's format.
 */
export const readResponsesRequest: ReadRequest = (body) => {
  const checked = checkResponsesRequest(body);
  if ('problem' in checked) return checked;
  return {
    record: { body: checked.chat, path: '/v1/responses', responsesBody: checked.request },
    wire: responsesWire(checked.request),
  };
};
