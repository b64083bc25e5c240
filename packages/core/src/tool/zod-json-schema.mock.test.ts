import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod-3';
import { z as z40 } from 'zod-4.0';
import { z as z41 } from 'zod-4.1';
import { toSchema } from './schema.js';

// As in a runtime without Node's `require`, or an application where the converter is not installed.
const missing = vi.hoisted(() => ({ message: (id: string) => `Cannot find module '${id}'` }));
vi.mock('./require-module.js', () => ({ requireModule: (id: string) => ({ error: new Error(missing.message(id)) }) }));

const site = { option: 'input', tool: 'search' };
const expected = 'Expected `input` of tool `search` to be a schema that can describe itself as JSON Schema (Standard JSON Schema `~standard.jsonSchema`, or a zod schema)';

describe('a zod converter that cannot be loaded', () => {
  it.each([
    { version: '4.0', z: z40 as unknown as typeof z },
    { version: '4.1', z: z41 as unknown as typeof z },
  ])('is refused for zod $version, naming the installed version and the upgrade', ({ version, z: zod }) => {
    const schema = toSchema(zod.object({ query: zod.string() }), site);
    const patch = (zod.object({})._zod.version as { patch: number }).patch;
    expect(() => schema.jsonSchema()).toThrow(
      `${expected}, got a zod ${version}.${patch} schema, which cannot describe itself as JSON Schema, and zod's \`toJSONSchema\` could not be loaded (Cannot find module 'zod/v4/core'): upgrade zod to 4.2 or later (\`npm install zod@^4.2\`), whose schemas describe themselves`,
    );
    expect(() => schema.jsonSchema()).toThrow(expect.objectContaining({ cause: expect.objectContaining({ message: "Cannot find module 'zod/v4/core'" }) }));
  });

  it('is refused for zod 3, saying what to do', () => {
    const schema = toSchema(z3.object({ query: z3.string() }), site);
    expect(() => schema.jsonSchema()).toThrow(
      `${expected}, got a zod 3 schema, whose JSON Schema comes from \`zod-to-json-schema\`, which could not be loaded (Cannot find module 'zod-to-json-schema'): give its JSON Schema: \`asSchema(schema, { jsonSchema })\`, or move to zod 4.2 or later`,
    );
  });

  it('names zod 3.25 when zod-to-json-schema finds no zod/v3 (zod 3.24 and before)', () => {
    missing.message = () => "Cannot find module 'zod/v3'";
    const schema = toSchema(z3.object({ query: z3.string() }), site);
    expect(() => schema.jsonSchema()).toThrow(/\(Cannot find module 'zod\/v3'\): zod 3 schemas need zod 3\.25 or later installed \(`npm install zod@\^3\.25`\)$/);
  });

  it('does not matter to zod 4.2 and later, whose schemas describe themselves', () => {
    expect(toSchema(z.object({ query: z.string() }), site).jsonSchema()).toMatchObject({ properties: { query: { type: 'string' } } });
  });
});
