import { tool, ToolDefinitionError, type AnyTool, type JsonSchema, type RetryOptions, type SideEffects, type ToolApprovalContext } from '@llmcompiler/core';
import { listNames, optionChecks, type OptionChecks } from '@llmcompiler/core/internal';
import { callMCPTool, type MCPProgressEvent } from './call-mcp-tool.js';
import { MCPConnectionError } from './errors/mcp-connection-error.js';
import { isPlainObject } from './is-plain-object.js';
import { mapToolNames } from './map-tool-names.js';
import type { MCPClientLike, MCPToolDefinition } from './mcp-client-like.js';
import { sideEffectsFromAnnotations } from './side-effects-from-annotations.js';

/** How one tool of the server runs; each field replaces what its annotations or the shared options say. */
export interface MCPToolOverrides {
  /**
   * The name plans call it by, instead of the mapped one. Must be a valid tool name.
   *
   * @example
   * ```ts
   * tools: { 'read_text_file': { name: 'read' } }
   * ```
   */
  readonly name?: string | undefined;
  /**
   * What the tool may change, instead of what its annotations claim (see {@link sideEffectsFromAnnotations}).
   *
   * @example
   * ```ts
   * tools: { write_file: { sideEffects: 'unsafe' } } // waits for the plan's end, whatever the server says
   * ```
   */
  readonly sideEffects?: SideEffects | undefined;
  /** See {@link FromMCPClientOptions.timeoutMs}. */
  readonly timeoutMs?: number | undefined;
  /** See {@link FromMCPClientOptions.resetTimeoutOnProgress}. */
  readonly resetTimeoutOnProgress?: boolean | undefined;
  /** See {@link FromMCPClientOptions.maxTotalTimeoutMs}. */
  readonly maxTotalTimeoutMs?: number | undefined;
  /** See {@link FromMCPClientOptions.retry}. */
  readonly retry?: RetryOptions | undefined;
  /** See {@link FromMCPClientOptions.concurrency}. */
  readonly concurrency?: number | undefined;
  /**
   * Whether a call must be approved before it runs (core's `needsApproval`).
   *
   * @default false
   */
  readonly needsApproval?: boolean | ((input: Record<string, unknown>, context: ToolApprovalContext) => boolean | PromiseLike<boolean>) | undefined;
}

/** Options of {@link fromMCPClient}. */
export interface FromMCPClientOptions {
  /**
   * Put in front of every tool's name, so that tools of several servers do not collide (`fs_read_file`,
   * `mem_read_graph`). Names are then made valid for plans (see {@link mapToolNames}); a renamed tool's
   * description names the server's tool, which is the one called.
   *
   * @default ''
   * @example
   * ```ts
   * prefix: 'fs_'
   * ```
   */
  readonly prefix?: string | undefined;
  /**
   * Which of the server's tools to take; the others are left out of the plans.
   *
   * @default every tool
   * @example
   * ```ts
   * filter: (tool) => tool.annotations?.readOnlyHint === true
   * ```
   */
  readonly filter?: ((tool: MCPToolDefinition) => boolean) | undefined;
  /**
   * How long one call may take, in milliseconds, before it is cancelled (`notifications/cancelled`) and the
   * task settles as `timeout` (a `ToolTimeoutError`). Passed to the client as the request's `timeout`.
   *
   * @default undefined (the client's own request timeout: 60 s in the official SDKs)
   * @example
   * ```ts
   * timeoutMs: 10_000
   * ```
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Whether each progress notification from the server starts `timeoutMs` again, so that a long call that
   * reports progress is not cut off. This package wires the `onprogress` handler the SDKs need for it (they
   * ask the server for progress only when one is given).
   *
   * @default false
   */
  readonly resetTimeoutOnProgress?: boolean | undefined;
  /**
   * With `resetTimeoutOnProgress`, the longest a call may take in all, in milliseconds, progress or not.
   *
   * @default undefined (no limit beyond `timeoutMs` between notifications)
   */
  readonly maxTotalTimeoutMs?: number | undefined;
  /**
   * Whether and how a failed call is tried again (core's `RetryOptions`). Calls of `'unsafe'` tools are
   * retried too if you ask: only ask for tools whose calls are safe to repeat.
   *
   * @default undefined (one try)
   */
  readonly retry?: RetryOptions | undefined;
  /**
   * How many calls of each tool may run at the same time.
   *
   * @default Infinity
   */
  readonly concurrency?: number | undefined;
  /**
   * Called with each progress notification of a running call. What it throws is ignored.
   *
   * @example
   * ```ts
   * onProgress: ({ taskId, progress, total }) => console.log(`task ${taskId}: ${progress}/${total ?? '?'}`)
   * ```
   */
  readonly onProgress?: ((event: MCPProgressEvent) => void) | undefined;
  /**
   * Per-tool settings, by the tool's name on the server; each replaces the shared option or what the
   * tool's annotations say. A name the server does not list is an error, so a typo does not go unnoticed.
   *
   * @example
   * ```ts
   * tools: { write_file: { sideEffects: 'unsafe' }, search_files: { timeoutMs: 30_000 } }
   * ```
   */
  readonly tools?: Readonly<Record<string, MCPToolOverrides>> | undefined;
  /** Aborts listing the tools. */
  readonly signal?: AbortSignal | undefined;
}

const optionKeys = ['prefix', 'filter', 'timeoutMs', 'resetTimeoutOnProgress', 'maxTotalTimeoutMs', 'retry', 'concurrency', 'onProgress', 'tools', 'signal'];
const overrideKeys = ['name', 'sideEffects', 'timeoutMs', 'resetTimeoutOnProgress', 'maxTotalTimeoutMs', 'retry', 'concurrency', 'needsApproval'];
/** More pages than any server lists; past it the server is taken to loop. */
const MAX_PAGES = 1000;

/**
 * Lists the tools of a connected MCP client (every page) and returns them as llmcompiler tools:
 *
 * - **Input**: the tool's `inputSchema` (JSON Schema) validates each call's input and gives the planner its
 *   parameters.
 * - **Output**: a result's `structuredContent` is the task's value, so a plan can use `$1.temperature`;
 *   the tool's `outputSchema`, when it declares one, is shown to the planner and checked. Other results are
 *   the text of their content blocks.
 * - **Side effects** from the annotations: `readOnlyHint: true` gives `'none'` (its tasks start while the
 *   plan streams), `idempotentHint: true` gives `'idempotent'`, anything else `'unsafe'` (its tasks wait for
 *   the plan's end; with no hint about effects at all, as a tool that did not declare them). Annotations are
 *   untrusted hints from the server: override them per tool with `tools`.
 * - **Faults** are observations: `isError: true` fails the task with an `MCPToolError` carrying the
 *   server's text; a closed connection (a server that exits mid-call), a JSON-RPC error or a malformed
 *   result fail it with an `MCPCallError`; a call past `timeoutMs` settles as `timeout`. The run goes on.
 * - **Abort**: when the run aborts, each running call is cancelled (`notifications/cancelled`) with a
 *   neutral reason, never the run's own.
 * - **Names** are made valid and unique for plans (`prefix`, see {@link mapToolNames}); the server's name is
 *   what is called, and a renamed tool's description names it.
 *
 * @param client a connected `Client` of `@modelcontextprotocol/sdk` (v1) or `@modelcontextprotocol/client`
 * (v2), or any object with `listTools` and `callTool` (see {@link MCPClientLike}).
 * @throws {InvalidOptionError} when an option is wrong, or `tools` names a tool the server does not list.
 * @throws {MCPConnectionError} when listing the tools fails or the server lists something that is not a tool.
 * @throws {ToolDefinitionError} when a tool's input schema cannot be used (naming the tool).
 *
 * @example
 * ```ts
 * import { Client } from '@modelcontextprotocol/sdk/client/index.js';
 * import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
 *
 * const client = new Client({ name: 'my-agent', version: '1.0.0' });
 * await client.connect(new StdioClientTransport({ command: 'npx', args: ['@modelcontextprotocol/server-filesystem', dir] }));
 * const tools = await fromMCPClient(client, { prefix: 'fs_', tools: { write_file: { sideEffects: 'unsafe' } } });
 * const compiler = createCompiler({ model, tools });
 * ```
 */
export async function fromMCPClient(client: MCPClientLike, options: FromMCPClientOptions = {}): Promise<AnyTool[]> {
  const check = optionChecks({ owner: '`fromMCPClient()`' });
  if (typeof client !== 'object' || client === null || typeof client.listTools !== 'function' || typeof client.callTool !== 'function') {
    check.fail('client', 'a connected MCP client (an object with `listTools` and `callTool`)', client);
  }
  check.object('options', options);
  check.keys('', options as unknown as Record<string, unknown>, optionKeys);
  const { prefix = '', filter, onProgress, tools: overrides = {} } = options;
  check.string('prefix', prefix);
  if (filter !== undefined) check.func('filter', filter);
  if (onProgress !== undefined) check.func('onProgress', onProgress);
  checkCallOptions(check, '', options);
  check.object('tools', overrides, 'an object of per-tool settings, by the server\'s tool names');

  const listed = await listAllTools(client, options.signal);
  const unknown = Object.keys(overrides).find((name) => !listed.some((definition) => definition.name === name));
  if (unknown !== undefined) {
    check.fail(`tools.${unknown}`, `the name of a tool the server lists (${listNames(listed.map((definition) => definition.name))})`, overrides[unknown]);
  }
  const chosen = filter === undefined ? listed : listed.filter((definition) => filter(definition));
  for (const [name, override] of Object.entries(overrides)) {
    check.object(`tools.${name}`, override);
    check.keys(`tools.${name}`, override as unknown as Record<string, unknown>, overrideKeys);
    checkCallOptions(check, `tools.${name}.`, override);
  }

  const renamed = new Map(chosen.flatMap((definition) => (overrides[definition.name]?.name === undefined ? [] : [[definition.name, overrides[definition.name]!.name!]])));
  const mapped = mapToolNames(chosen.filter((definition) => !renamed.has(definition.name)).map((definition) => definition.name), { prefix, taken: [...renamed.values()] });
  const sdkV1 = typeof (client as { getToolOutputValidator?: unknown }).getToolOutputValidator === 'function';
  let next = 0;
  return chosen.map((definition) => {
    const name = renamed.get(definition.name) ?? mapped[next++]!;
    return toTool({ client, sdkV1, definition, name, options, override: overrides[definition.name] ?? {} });
  });
}

function toTool({ client, sdkV1, definition, name, options, override }: {
  client: MCPClientLike;
  sdkV1: boolean;
  definition: MCPToolDefinition;
  name: string;
  options: FromMCPClientOptions;
  override: MCPToolOverrides;
}): AnyTool {
  const serverTool = definition.name;
  const settings = {
    client,
    sdkV1,
    tool: name,
    serverTool,
    timeoutMs: override.timeoutMs ?? options.timeoutMs,
    resetTimeoutOnProgress: override.resetTimeoutOnProgress ?? options.resetTimeoutOnProgress ?? false,
    maxTotalTimeoutMs: override.maxTotalTimeoutMs ?? options.maxTotalTimeoutMs,
    onProgress: options.onProgress,
  };
  const description = definition.description ?? definition.title ?? definition.annotations?.title ?? '';
  const common = {
    name,
    description: name === serverTool ? description : `${description}${description === '' ? '' : ' '}(MCP tool \`${serverTool}\`)`,
    input: definition.inputSchema as JsonSchema,
    // Left undeclared when the server says nothing about effects, so that a run reports the tasks this held.
    sideEffects: override.sideEffects ?? (claimsEffects(definition.annotations) ? sideEffectsFromAnnotations(definition.annotations) : undefined),
    retry: override.retry ?? options.retry,
    concurrency: override.concurrency ?? options.concurrency,
    needsApproval: override.needsApproval ?? false,
    execute: (input: Record<string, unknown>, context: Parameters<typeof callMCPTool>[2]) => callMCPTool(settings, input, context),
  };
  if (definition.outputSchema === undefined) return tool(common);
  try {
    return tool({ ...common, output: definition.outputSchema as JsonSchema });
  } catch (error) {
    // An output schema core cannot use only costs the planner the result's shape: the tool still works.
    if (ToolDefinitionError.isInstance(error) && error.option === 'output') return tool(common);
    throw error;
  }
}

/** Whether the annotations say anything about what the tool changes. */
function claimsEffects(annotations: MCPToolDefinition['annotations']): boolean {
  return [annotations?.readOnlyHint, annotations?.idempotentHint, annotations?.destructiveHint].some((hint) => typeof hint === 'boolean');
}

function checkCallOptions(check: OptionChecks, path: string, options: MCPToolOverrides | FromMCPClientOptions): void {
  if (options.timeoutMs !== undefined) check.positive(`${path}timeoutMs`, options.timeoutMs, 'a positive number of milliseconds');
  if (options.maxTotalTimeoutMs !== undefined) check.positive(`${path}maxTotalTimeoutMs`, options.maxTotalTimeoutMs, 'a positive number of milliseconds');
  if (options.resetTimeoutOnProgress !== undefined) check.boolean(`${path}resetTimeoutOnProgress`, options.resetTimeoutOnProgress);
}

/** Every tool the server lists, page by page, each checked to be a tool definition. */
async function listAllTools(client: MCPClientLike, signal: AbortSignal | undefined): Promise<MCPToolDefinition[]> {
  const server = describeServer(client);
  const tools: MCPToolDefinition[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    let result: unknown;
    try {
      const params = cursor === undefined ? undefined : { cursor };
      result = await (client.listTools as (...args: unknown[]) => Promise<unknown>).call(client, params, signal === undefined ? undefined : { signal });
    } catch (error) {
      throw new MCPConnectionError({ server, step: `could not list its tools (page ${page})`, cause: error });
    }
    if (!isPlainObject(result) || !Array.isArray(result.tools)) {
      throw new MCPConnectionError({ server, step: `could not list its tools (page ${page})`, cause: 'the result has no `tools` array' });
    }
    result.tools.forEach((definition: unknown, index) => tools.push(checkDefinition(definition, server, `page ${page}, tool #${index + 1}`)));
    const { nextCursor } = result;
    if (typeof nextCursor !== 'string' || nextCursor === '') return tools;
    if (seen.has(nextCursor) || page >= MAX_PAGES) {
      throw new MCPConnectionError({ server, step: `could not list its tools (page ${page})`, cause: `the server sent the cursor ${JSON.stringify(nextCursor)} again` });
    }
    seen.add(nextCursor);
    cursor = nextCursor;
  }
}

function checkDefinition(definition: unknown, server: string, where: string): MCPToolDefinition {
  const problem = !isPlainObject(definition)
    ? 'it is not an object'
    : typeof definition.name !== 'string' || definition.name === ''
      ? 'it has no `name`'
      : !isPlainObject(definition.inputSchema) || definition.inputSchema.type !== 'object'
        ? `\`${definition.name}\` has no \`inputSchema\` of \`type: 'object'\``
        : definition.description !== undefined && typeof definition.description !== 'string'
          ? `the \`description\` of \`${definition.name}\` is not a string`
          : undefined;
  if (problem !== undefined) throw new MCPConnectionError({ server, step: `listed a tool that cannot be used (${where})`, cause: problem });
  const tool = definition as unknown as MCPToolDefinition;
  return isPlainObject(tool.outputSchema) || tool.outputSchema === undefined ? tool : { ...tool, outputSchema: undefined };
}

/** The server's name as the SDK clients report it after connecting, for messages. */
function describeServer(client: MCPClientLike): string {
  try {
    const info = (client as { getServerVersion?: () => unknown }).getServerVersion?.();
    if (isPlainObject(info) && typeof info.name === 'string') return `\`${info.name}\``;
  } catch {
    // Not an SDK client, or not connected yet: described generically.
  }
  return '(through the given client)';
}
