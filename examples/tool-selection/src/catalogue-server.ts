// A stdio MCP server with 200 tools: the selection benchmark's catalogue (22 services of 9 tools each, CRM,
// calendar, e-mail, billing, weather, currency, ..., and the benchmark's `search` and `math`), the kind of tool
// list an agent gets from a dozen MCP servers. It stands in for those services: each tool answers with a short
// made-up result naming its input, so that an agent can run against it without accounts or a network.
//
// Run it as any stdio MCP server: `tsx --conditions=@llmcompiler/source src/catalogue-server.ts`.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { CATALOGUE } from '@llmcompiler/bench/src/selection/catalogue.js';

const tools = new Map(CATALOGUE.map((tool) => [tool.name, tool]));

const server = new Server({ name: 'catalogue', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: CATALOGUE.map(({ name, description, parameters }) => ({ name, description, inputSchema: parameters })),
}));
server.setRequestHandler(CallToolRequestSchema, ({ params }) => {
  if (!tools.has(params.name)) throw new McpError(ErrorCode.InvalidParams, `Expected one of the catalogue's ${tools.size} tools, got \`${params.name}\``);
  return { content: [{ type: 'text', text: `${params.name} (a stand-in) for ${JSON.stringify(params.arguments ?? {})}: done.` }] };
});
await server.connect(new StdioServerTransport());
