/**
 * Splits a JSON Pointer, plain (`/rows/0/name`) or as a URI fragment (`#/rows/0/name`), into its reference
 * tokens: percent-encoding is decoded, then `~1` becomes `/` and `~0` becomes `~` (in that order, RFC 6901).
 * Every token is a string; only the value a pointer walks through knows whether `0` is an array index.
 *
 * @example
 * ```ts
 * parseJsonPointer('#/rows/0/first%20name'); // ['rows', '0', 'first name']
 * parseJsonPointer('#/a~1b/c~0d'); // ['a/b', 'c~d']
 * parseJsonPointer('#'); // []
 * ```
 */
export function parseJsonPointer(pointer: string): string[] {
  const isFragment = pointer.startsWith('#');
  const path = isFragment ? pointer.slice(1) : pointer;
  if (path === '') return [];
  return path
    .split('/')
    .slice(1)
    .map((token) => (isFragment ? decodeURIComponent(token) : token).replaceAll('~1', '/').replaceAll('~0', '~'));
}
