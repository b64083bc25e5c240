/**
 * @module
 * The `llmcompiler` command: `npx @llmcompiler/cli "question"` runs a question with tools from MCP servers
 * (`--mcp`, `--mcp-url`), a module (`--tools`) or a config file (`--config`) against an OpenAI-compatible
 * endpoint, or against a simulated model with demo tools when no key is set. It shows the plan, the tasks and
 * the answer live on a terminal, plain lines in a pipe, or JSON lines (`--json`), and writes the HTML trace
 * (`--trace FILE`). This entry exports the same command as a function, for tests and wrappers.
 *
 * @example
 * ```ts
 * import { runCommand } from '@llmcompiler/cli';
 *
 * const code = await runCommand(['--json', 'How deep is the Mariana Trench?'], {
 *   stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: AbortSignal.timeout(60_000),
 * });
 * ```
 */
export { runCommand, EXIT_CODES, type CommandIO } from './run-command.js';
export { parseCommandLine, USAGE, type CommandLine, type MCPServerSpec } from './parse-command-line.js';
export { loadConfig, type ConfigFile } from './load-config.js';
export { loadToolModule } from './load-tools.js';
export { demoTools, startDemoModel } from './demo.js';
export { jsonView, plainView, toJSONLine, type RunView, type ViewStream } from './view.js';
export { liveView } from './live-view.js';
export { CLIUsageError, type CLIUsageErrorFields } from './errors/cli-usage-error.js';
export { ToolLoadError, type ToolLoadErrorFields } from './errors/tool-load-error.js';
export { OutputClosedError } from './errors/output-closed-error.js';
