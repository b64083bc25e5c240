/** What {@link requireModule} gives: the module, or why it could not be loaded. */
export type RequiredModule = { readonly module: Record<string, unknown> } | { readonly error: unknown };

type Require = (id: string) => unknown;

const loaded = new Map<string, RequiredModule>();
let nodeRequire: Require | null | undefined;

/**
 * Loads a package synchronously, resolved from core's own location (so the application's copy, as a peer
 * or a dependency of core would be), once. This is how core reaches a schema library's converter that it
 * must not import (zod is an optional peer) while `Schema.jsonSchema()` stays synchronous: only when a
 * schema needs it, never on import.
 *
 * It needs Node's `require` (`process.getBuiltinModule`: Node 20.16+, Bun, Deno); elsewhere (a browser, an
 * edge runtime) every load fails, and the caller says what to do instead.
 *
 * @example
 * ```ts
 * const loaded = requireModule('zod-to-json-schema');
 * if ('module' in loaded) loaded.module.zodToJsonSchema(schema);
 * ```
 */
export function requireModule(id: string): RequiredModule {
  let result = loaded.get(id);
  if (result === undefined) {
    result = load(id);
    loaded.set(id, result);
  }
  return result;
}

function load(id: string): RequiredModule {
  const require = getRequire();
  if (require === null) return { error: new Error('this runtime has no `require` (`process.getBuiltinModule` is missing)') };
  try {
    return { module: require(id) as Record<string, unknown> };
  } catch (error) {
    return { error };
  }
}

function getRequire(): Require | null {
  if (nodeRequire === undefined) {
    // Looked up at run time, not imported: `node:module` would break core in browsers and bundlers.
    const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const nodeModule =
      typeof runtime?.getBuiltinModule === 'function' ? (runtime.getBuiltinModule('node:module') as typeof import('node:module') | undefined) : undefined;
    nodeRequire = nodeModule === undefined ? null : nodeModule.createRequire(import.meta.url);
  }
  return nodeRequire;
}
