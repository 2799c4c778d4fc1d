import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { z } from 'zod';
import { ApiRouter } from '../../api/http/endpoint';
import { openApiDocument } from '../../api/http/openapi';
import { errorHandler } from '../../api/http/problem';

/** The edge validation every route gets by declaring its schemas with ApiRouter. */
describe('zod validation at the edge', () => {
  const api = new ApiRouter('/things').endpoint(
    {
      method: 'post',
      path: '/:id',
      summary: 'Create a thing',
      tags: ['things'],
      params: z.object({ id: z.uuid() }),
      query: z.object({ dry_run: z.enum(['true', 'false']).optional() }),
      body: z.object({ name: z.string().min(3), email: z.email(), size: z.number().int().positive() }),
      responses: { 201: { description: 'Created', schema: z.object({ id: z.uuid(), name: z.string() }) } },
    },
    ({ params, body }, _req, res) => res.status(201).json({ id: params.id, name: body.name }),
  );
  const app = express().use(express.json()).use(api.prefix, api.router).use(errorHandler(pino({ level: 'silent' })));
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/things`;
    close = () => server.close();
  });
  afterAll(() => close());

  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('passes a valid request to the handler, parsed', async () => {
    const id = '6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f';
    const res = await post(`/${id}`, { name: 'Boiler', email: 'a@example.com', size: 2 });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id, name: 'Boiler' });
  });

  it('answers invalid fields with a 422 problem naming each field', async () => {
    const res = await post('/6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f?dry_run=maybe', { name: 'ab', email: 'nope', size: -1 });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as any;
    expect(body.status).toBe(422);
    expect(Object.keys(body.errors).sort()).toEqual(['email', 'name', 'query.dry_run', 'size']);
    expect(body.errors.name).toMatch(/3/);
  });

  it('names a missing body field rather than failing on it', async () => {
    const res = await post('/6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f', {});
    expect(res.status).toBe(422);
    expect(Object.keys(((await res.json()) as any).errors).sort()).toEqual(['email', 'name', 'size']);
  });

  it('answers a path parameter that cannot name a resource with 404', async () => {
    const res = await post('/not-a-uuid', { name: 'Boiler', email: 'a@example.com', size: 2 });
    expect(res.status).toBe(404);
  });

  it('describes the route in OpenAPI from the same schemas', () => {
    const doc = openApiDocument([api], { title: 't', version: '1', serverUrl: 'http://localhost' }) as any;
    const op = doc.paths['/things/{id}'].post;
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:dry_run']);
    expect(op.requestBody.content['application/json'].schema.required).toEqual(['name', 'email', 'size']);
    expect(op.responses['201'].content['application/json'].schema.properties.id.format).toBe('uuid');
  });
});
