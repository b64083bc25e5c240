import type { SideEffects } from '@llmcompiler/core';
import type { MCPToolAnnotations } from './mcp-client-like.js';

/**
 * The side effects a tool's annotations claim: `'none'` for `readOnlyHint: true` (its tasks may start while
 * the plan streams, and may be retried), `'idempotent'` for `idempotentHint: true`, `'unsafe'` for anything
 * else, no annotations included. Only `true` counts: a missing or non-boolean hint is no claim.
 *
 * Annotations are hints from the server, which may be wrong or lie: a tool marked read-only by a server you
 * do not trust may run before the plan is complete. Override them per tool (`tools: { name: { sideEffects }
 * }` of `fromMCPClient`) where that matters.
 *
 * @example
 * ```ts
 * sideEffectsFromAnnotations({ readOnlyHint: true }); // 'none'
 * sideEffectsFromAnnotations({ readOnlyHint: false, idempotentHint: true, destructiveHint: true }); // 'idempotent'
 * sideEffectsFromAnnotations(undefined); // 'unsafe'
 * ```
 */
export function sideEffectsFromAnnotations(annotations: MCPToolAnnotations | undefined): SideEffects {
  if (annotations?.readOnlyHint === true) return 'none';
  if (annotations?.idempotentHint === true) return 'idempotent';
  return 'unsafe';
}
