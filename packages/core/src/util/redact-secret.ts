/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are placeholders for local servers (`ollama`, `EMPTY`); replacing them would
 * garble messages without protecting anything.
 */
const MIN_SECRET_LENGTH = 8;

/**
 * A bearer credential written out in text (`Authorization: Bearer sk-...` echoed into a message), whatever
 * the key: it may be one this package never saw, such as a token of a `client` passed in.
 */
const BEARER_TOKEN = /\b(Bearer)\s+(?!\[redacted\])[\w.~+/=-]{8,}/gi;

/**
 * Header and field names whose value is a credential whatever it holds: `Authorization`,
 * `Proxy-Authorization`, `api-key` (Azure), `x-api-key`, `apiKey`, and names ending in them such as an
 * `x-echo-authorization` a proxy adds.
 */
const CREDENTIAL_NAME = /(?:^|[-_])(?:authorization|api[-_]?key)$/i;

/** `text` with every occurrence of each secret (and any bearer token) replaced by `[redacted]`. */
export function redactSecret(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) redacted = redacted.replaceAll(secret, REDACTED);
  }
  return redacted.replace(BEARER_TOKEN, `$1 ${REDACTED}`);
}

/** Whether a header or field of this name holds a credential (see {@link redactField}). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/**
 * The value of the header or field `name`, redacted: a credential's value is replaced whole, keeping its
 * scheme (`Bearer [redacted]`); any other value has the secrets in it replaced.
 */
export function redactField(name: string, value: string, secrets: readonly string[]): string {
  const redacted = redactSecret(value, secrets);
  if (!isCredentialName(name) || redacted === '' || redacted.includes(REDACTED)) return redacted;
  const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(redacted)?.[1];
  return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
}
