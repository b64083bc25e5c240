import type { SchemaIssue } from './schema-issue.js';

/**
 * Renders a path as code would read it: `rows[0].name`, `["first name"]`; empty for the value itself.
 *
 * @example
 * ```ts
 * formatIssuePath(['rows', 0, 'name']); // 'rows[0].name'
 * ```
 */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}

/**
 * Renders issues as one line, `path: message` each, joined with `; `. zod's `Invalid input: ` prefix is
 * dropped, since the message this line goes into already says the input is invalid.
 *
 * @example
 * ```ts
 * formatIssues([{ path: ['query'], message: 'Invalid input: expected string, received number' }]);
 * // 'query: expected string, received number'
 * ```
 */
export function formatIssues(issues: readonly SchemaIssue[]): string {
  if (issues.length === 0) return 'the schema rejected it without saying why';
  return issues
    .map((issue) => {
      const message = issue.message.replace(/^Invalid input: /, '');
      const path = formatIssuePath(issue.path);
      return path === '' ? message : `${path}: ${message}`;
    })
    .join('; ');
}
