import { isSchema } from './schema.js';
import type { AnyTool } from './tool.js';

/**
 * Whether `value` is a tool made by `tool()` (by any copy of this package), or one made from it by spreading
 * (`{ ...search, name: 'lookup' }`): a name, an input {@link Schema} and an `execute` function.
 */
export function isTool(value: unknown): value is AnyTool {
  if (typeof value !== 'object' || value === null) return false;
  const { name, inputSchema, execute } = value as Partial<Record<keyof AnyTool, unknown>>;
  return typeof name === 'string' && isSchema(inputSchema) && typeof execute === 'function';
}
