/** One thing a schema rejected. */
export interface SchemaIssue {
  /** What is wrong, in the schema library's words, e.g. `Invalid input: expected string, received number`. */
  readonly message: string;
  /** Where in the value, e.g. `['rows', 0, 'name']`; empty for the value itself. */
  readonly path: readonly (string | number)[];
}
