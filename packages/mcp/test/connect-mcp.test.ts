// connectMCP's own failures: a server that cannot start or exits at once, a URL where nothing listens,
// wrong options; and its lifetime: closing by `signal`.
import { createServer } from 'node:net';
import { InvalidOptionError } from '@llmcompiler/core';
import { describe, expect, it } from 'vitest';
import { connectMCP, MCPConnectionError } from '../src/index.js';
import { npmServer } from './servers.js';

describe('connectMCP', () => {
  it('fails with an MCPConnectionError holding the end of stderr when the server exits at once', async () => {
    const error = await connectMCP({ command: process.execPath, args: ['-e', 'console.error("missing config: API_TOKEN"); process.exit(3)'] }).catch((caught: unknown) => caught);
    expect(MCPConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ step: 'could not connect', stderr: expect.stringContaining('missing config: API_TOKEN') });
    expect((error as Error).message).toMatch(/^MCP server `.+ -e console\.error.*`: could not connect: .+\nThe server wrote to stderr:\nmissing config: API_TOKEN$/s);
  });

  it('fails with an MCPConnectionError when the command does not exist', async () => {
    await expect(connectMCP({ command: 'llmcompiler-no-such-mcp-server' })).rejects.toThrow(/^MCP server `llmcompiler-no-such-mcp-server`: could not connect: .*ENOENT/);
  });

  it('fails with an MCPConnectionError naming the URL when nothing listens there', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    await expect(connectMCP({ url: `http://127.0.0.1:${port}/mcp` })).rejects.toThrow(`MCP server http://127.0.0.1:${port}/mcp: could not connect: `);
  });

  it('checks its options', async () => {
    await expect(connectMCP({ command: '' })).rejects.toThrow(InvalidOptionError);
    await expect(connectMCP({ command: 'node', args: 'server.js' as never })).rejects.toThrow('Expected `server.args` of `connectMCP()` to be an array of strings, got');
    await expect(connectMCP({ url: 'not a url' })).rejects.toThrow('Expected `server.url` of `connectMCP()` to be an http(s) URL, got');
    await expect(connectMCP({ url: 'http://127.0.0.1:1/mcp', header: {} } as never)).rejects.toThrow('Expected `server.header` of `connectMCP()` to be a known option');
  });

  it('closes the connection, and stops the server, when its signal aborts', async () => {
    const owner = new AbortController();
    const connection = await connectMCP(npmServer('everything'), { signal: owner.signal, filter: (tool) => tool.name === 'echo' });
    const pid = connection.pid!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    owner.abort();
    await connection.close(); // the same close, already under way
    await expect.poll(() => {
      try {
        process.kill(pid, 0);
        return 'running';
      } catch {
        return 'gone';
      }
    }, { timeout: 10_000 }).toBe('gone');
    await expect((connection.client as unknown as { callTool: (params: object) => Promise<unknown> }).callTool({ name: 'echo', arguments: { message: 'x' } })).rejects.toThrow();
  });
});
