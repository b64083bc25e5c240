import type { AnyTool } from '@llmcompiler/core';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { expectTypeOf, test } from 'vitest';
import { fromMCPClient, type MCPClientLike } from './index.js';

test('clients of both SDK major versions are MCP clients, without a cast', () => {
  const v1 = new ClientV1({ name: 'a', version: '1' });
  const v2 = new ClientV2({ name: 'a', version: '1' });
  expectTypeOf(v1).toExtend<MCPClientLike>();
  expectTypeOf(v2).toExtend<MCPClientLike>();
  expectTypeOf(fromMCPClient(v1)).toEqualTypeOf<Promise<AnyTool[]>>();
  expectTypeOf(fromMCPClient(v2, { prefix: 'x_' })).toEqualTypeOf<Promise<AnyTool[]>>();
});

test('a client of one\'s own needs listTools and callTool', () => {
  const own = { listTools: async () => ({ tools: [] }), callTool: async (_params: { name: string }) => ({ content: [] }) };
  expectTypeOf(own).toExtend<MCPClientLike>();
  // @ts-expect-error no callTool
  void fromMCPClient({ listTools: async () => ({ tools: [] }) });
});
