/**
 * The hints a server gives about a tool (MCP's `ToolAnnotations`). They are hints: a server may be wrong or
 * lie, so trust them only as far as you trust the server.
 */
export interface MCPToolAnnotations {
  readonly title?: string | undefined;
  /** The tool does not change its environment. */
  readonly readOnlyHint?: boolean | undefined;
  /** The tool may destroy or overwrite (meaningful when not read-only). */
  readonly destructiveHint?: boolean | undefined;
  /** Calling it twice with the same arguments has no more effect than once (meaningful when not read-only). */
  readonly idempotentHint?: boolean | undefined;
  /** The tool reaches outside entities (the web, other systems). */
  readonly openWorldHint?: boolean | undefined;
}

/** A tool as an MCP server lists it (`tools/list`): the fields this package reads. */
export interface MCPToolDefinition {
  readonly name: string;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  /** A JSON Schema of `type: 'object'`. */
  readonly inputSchema: { readonly type: 'object'; readonly [key: string]: unknown };
  /** A JSON Schema of the `structuredContent` the tool returns, when it declares one. */
  readonly outputSchema?: { readonly type: 'object'; readonly [key: string]: unknown } | undefined;
  readonly annotations?: MCPToolAnnotations | undefined;
}

/** A progress notification for a running call (`notifications/progress`). */
export interface MCPProgress {
  readonly progress: number;
  readonly total?: number | undefined;
  readonly message?: string | undefined;
}

/**
 * The per-request options of the official SDKs (`RequestOptions`), as this package passes them to
 * `callTool`. A client of your own should honour them: `signal` (cancel the request), `timeout` (fail it
 * after that many milliseconds without a result, or without progress when `resetTimeoutOnProgress`),
 * `maxTotalTimeout` and `onprogress`.
 */
export interface MCPRequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  resetTimeoutOnProgress?: boolean;
  maxTotalTimeout?: number;
  onprogress?: (progress: MCPProgress) => void;
}

/**
 * What {@link fromMCPClient} needs of a client: a connected `Client` of the official TypeScript SDK, v1
 * (`@modelcontextprotocol/sdk/client/index.js`) or v2 (`@modelcontextprotocol/client`), or any object with
 * these two methods.
 *
 * - `listTools(params, options)` returns one page of tools (`{ tools, nextCursor? }`), the next page when
 *   given `{ cursor }`.
 * - `callTool(params, options)` returns a `CallToolResult` (`{ content, structuredContent?, isError? }`).
 *   A v1 SDK client, recognised by its `getToolOutputValidator` method, is called as
 *   `callTool(params, undefined, options)`, its own signature.
 *
 * Results are checked at run time (a server is not trusted), so the types here are loose.
 */
export interface MCPClientLike {
  listTools(params?: { cursor?: string }, ...rest: never[]): Promise<{ readonly tools: readonly unknown[]; readonly nextCursor?: string | undefined }>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }, ...rest: never[]): Promise<unknown>;
}
