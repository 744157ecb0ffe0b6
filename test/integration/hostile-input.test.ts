/**
 * Every route of the OpenAPI document, fed hostile input generated from its own request schema
 * (fast-check): strings with control characters, NUL, lone surrogates, RTL marks, 10,000-character
 * strings, huge numbers, wrong types, deep JSON. Whatever arrives, the answer is never a 5xx, and
 * every 4xx is the one error envelope. Run counts stay small so the file takes seconds, not minutes.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../workers/http';
import { ERROR_CODES } from '../../workers/http/errors';
import { api } from '../harness/api';
import { seedWorkspace, type SeededWorkspace } from '../harness/tenants';

const RUNS_PER_ROUTE = 5;

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  format?: string;
  minimum?: number;
  maximum?: number;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const document = createApi().getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Nexova', version: 'test' } });
const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
const resolve = (schema: Schema | undefined): Schema =>
  schema?.$ref ? resolve(components[schema.$ref.replace('#/components/schemas/', '')]) : (schema ?? {});

const routes = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  (['get', 'post', 'put', 'patch', 'delete'] as const)
    .filter((method) => (item as Record<string, unknown>)[method])
    .map((method) => ({ path, method, operation: (item as Record<string, Operation>)[method]! })),
);

const NASTY = [
  '\u0000',
  '\ud83d',
  '\ude00',
  '\u200f',
  '\u202e',
  '\u0001',
  '\u001b',
  '\u007f',
  '\ufeff',
  '🙂',
  '%00',
  '\\',
  '"',
  "'; --",
  '<script>',
  ' ',
];
const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc
    .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 5 })), { maxLength: 8 })
    .map((parts) => parts.join('')),
  fc.constantFrom('x'.repeat(10_000), `${'ñ'.repeat(9_999)}\u0000`, 'a'.repeat(4095) + '\ud83d'),
);
const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, -0, 5e-324, 1.5);
const deep = fc.integer({ min: 40, max: 2_000 }).map((depth) => {
  let value: unknown = 'fondo';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hugeNumber,
  fc.boolean(),
  fc.constant(null),
  deep,
  fc.constant({}),
);

/** Values shaped like `schema` (mostly), with hostile strings and numbers inside. */
function fromSchema(input: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (depth > 5) return wrongValue;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
  if (schema.allOf?.length) return fromSchema(schema.allOf[0], depth + 1);
  const shaped = shapedBy(schema, depth);
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: wrongValue });
}

function shapedBy(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return schema.format === 'email' ? fc.oneof(fc.emailAddress(), hostileString) : hostileString;
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), hugeNumber);
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), hugeNumber);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 3 });
    case 'object':
    default: {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return fc.dictionary(hostileString, wrongValue, { maxKeys: 3 });
      return fc.record(Object.fromEntries(properties.map(([key, s]) => [key, fromSchema(s, depth + 1)])), {
        requiredKeys: (schema.required ?? []).filter((key) => schema.properties?.[key]),
      });
    }
  }
}

const asParam = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** Percent-encoding that writes a lone surrogate as the bytes a careless encoder would (invalid UTF-8). */
const encodeSegment = (text: string) =>
  text.replace(/[\s\S]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return `%${[0xed, 0xa0 | ((c.charCodeAt(0) >> 6) & 0x1f), 0x80 | (c.charCodeAt(0) & 0x3f)].map((b) => b.toString(16)).join('%')}`;
    }
  });

interface HostileRequest {
  path: string;
  body?: { raw: string } | { json: unknown };
}

function requestsFor(route: (typeof routes)[number]): fc.Arbitrary<HostileRequest> {
  const parameters = route.operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = route.operation.requestBody?.content?.['application/json']?.schema;
  return fc
    .record({
      path: fc.record(
        Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof(hostileString, fromSchema(p.schema))])),
      ),
      query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fromSchema(p.schema)])), {
        requiredKeys: [],
      }),
      body: bodySchema
        ? fc.oneof(
            { weight: 6, arbitrary: fromSchema(bodySchema).map((json) => ({ json })) },
            { weight: 1, arbitrary: deep.map((json) => ({ json })) },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                { raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
                { raw: '{"a": "\u0000' },
                { raw: '{"n": 123456789012345678901234567890123456789e999}' },
              ),
            },
          )
        : fc.constant(undefined),
    })
    .map(({ path, query, body }) => {
      let url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(asParam(path[name])));
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) search.append(key, asParam(value));
      if ([...search].length > 0) url += `?${search}`;
      return { path: url, ...(body ? { body } : {}) };
    });
}

let shop: SeededWorkspace;
beforeAll(async () => {
  shop = await seedWorkspace('Hostile input shop');
  await api('/health');
});

describe('hostile input on every route of the OpenAPI document: never a 5xx, every 4xx in the envelope', () => {
  it('the document lists the routes', () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', async (_, route) => {
    await fc.assert(
      fc.asyncProperty(requestsFor(route), async (request) => {
        const res = await api(request.path, {
          method: route.method.toUpperCase(),
          token: shop.owner.token,
          workspaceId: shop.id,
          headers: { 'content-type': 'application/json' },
          ...(request.body && 'raw' in request.body ? { rawBody: request.body.raw } : {}),
          ...(request.body && 'json' in request.body ? { rawBody: JSON.stringify(request.body.json) ?? 'null' } : {}),
        });
        expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.body.error).toMatchObject({
            code: expect.toBeOneOf([...ERROR_CODES]),
            message: expect.any(String),
            requestId: expect.any(String),
          });
        }
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  });
});
