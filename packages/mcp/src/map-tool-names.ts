/** What our plan grammar accepts as a tool name (the same rule as core's `tool()`). */
const validName = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const MAX_LENGTH = 64;

/**
 * Maps MCP tool names to names a plan can call: `prefix` in front, every character outside letters,
 * digits, `_` and `-` replaced by `_`, a leading digit or `-` preceded by `_`, at most 64 characters,
 * `join` (a plan's last step) avoided, and each name unique (`_2`, `_3` appended to later duplicates, also
 * against `taken`). A name that is already valid and unique stays as it is.
 *
 * @returns the new names, in the order of `names`.
 *
 * @example
 * ```ts
 * mapToolNames(['read.file', 'read/file', 'search'], { prefix: 'fs_' }); // ['fs_read_file', 'fs_read_file_2', 'fs_search']
 * ```
 */
export function mapToolNames(names: readonly string[], { prefix = '', taken = [] }: { prefix?: string; taken?: readonly string[] } = {}): string[] {
  const used = new Set(taken);
  return names.map((name) => {
    const base = toValidName(`${prefix}${name}`);
    let mapped = base;
    for (let n = 2; used.has(mapped); n++) mapped = `${base.slice(0, MAX_LENGTH - `_${n}`.length)}_${n}`;
    used.add(mapped);
    return mapped;
  });
}

function toValidName(name: string): string {
  if (validName.test(name) && name !== 'join') return name;
  let valid = name.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(valid)) valid = `_${valid}`;
  if (valid === 'join') valid = 'join_';
  return valid.slice(0, MAX_LENGTH);
}
