// Tools shaped like the paper's benchmarks, shared by the plan tests.
import { z } from 'zod';
import { tool } from '../src/tool/index.js';

export const search = tool({
  name: 'search',
  description: 'Search Wikipedia for an entity; returns the first paragraph.',
  input: z.object({ query: z.string() }),
  output: z.string(),
  sideEffects: 'none',
  execute: async ({ query }) => `(about ${query})`,
});

export const math = tool({
  name: 'math',
  description: 'Solve a math problem, optionally using context from earlier results.',
  input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
  sideEffects: 'none',
  execute: async () => 0,
});

export const formatReport = tool({
  name: 'format_report',
  description: 'Format rows as a report.',
  input: z.object({ title: z.string(), rows: z.array(z.unknown()) }),
  execute: async ({ title }) => title,
});

export const tools = [search, math, formatReport];
