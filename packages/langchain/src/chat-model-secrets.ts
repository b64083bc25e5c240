import { isCredentialName } from '@llmcompiler/core/internal';

/** How deep into the model's fields keys are looked for: ChatOpenAI → its `completions` model → its client. */
const MAX_DEPTH = 3;

/**
 * The secrets a LangChain chat model may have sent, to remove from its errors: the fields its `lc_secrets`
 * names (`apiKey`, `anthropicApiKey`...; LangChain itself keeps them out of serialized models) and the
 * environment variables those fields default to, and, within a few levels of its fields, every string
 * under a credential name (`apiKey`, `api_key`...): among them the `apiKey` of the SDK client a model holds,
 * where the `openai` client stores the key it last sent, also one an async `apiKey` function returned. Read
 * when an error is thrown, since keys may rotate.
 *
 * @example
 * ```ts
 * chatModelSecrets(new ChatOpenAI({ apiKey: 'sk-...' })); // ['sk-...']
 * ```
 */
export function chatModelSecrets(chatModel: object): string[] {
  const secrets = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value !== '') secrets.add(value);
  };
  const seen = new Set<object>();
  const visit = (target: object, depth: number): void => {
    if (seen.has(target) || depth > MAX_DEPTH) return;
    seen.add(target);
    const declared = read(target, 'lc_secrets');
    if (declared !== null && typeof declared === 'object') {
      for (const [path, variable] of Object.entries(declared)) {
        add(path.split('.').reduce<unknown>((field, key) => (field !== null && typeof field === 'object' ? read(field, key) : undefined), target));
        if (typeof variable === 'string' && typeof process !== 'undefined') add(process.env[variable]);
      }
    }
    for (const key of Object.keys(target)) {
      // Its values name environment variables; they are not secrets.
      if (key === 'lc_secrets') continue;
      const value = read(target, key);
      if (typeof value === 'string') {
        if (isCredentialName(key)) add(value);
      } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
        visit(value, depth + 1);
      }
    }
  };
  visit(chatModel, 0);
  return [...secrets];
}

/** A property's value; a getter that throws gives `undefined`. */
function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
