import type { Knex } from 'knex';
import OpenAI from 'openai';
import { z } from 'zod';
import { classifyFailure, failureDetails } from '../../activities/failures';
import { createKnex } from '../../db/connection';
import { parseConfig } from '../../lib/config';
import { twilioClient, type TwilioClient } from '../../providers/twilio';
import { startSandbox, type Sandbox } from '../../sandbox/server';

/**
 * Which failures an activity retries, judged on the errors the real database and the
 * providers' own SDKs raise (against the sandbox), not on hand-made lookalikes.
 */
describe('failure classification', () => {
  let db: Knex;
  let sandbox: Sandbox;
  let twilio: TwilioClient;
  let openai: OpenAI;

  beforeAll(async () => {
    db = createKnex(process.env.DATABASE_URL!, 1);
    await db.raw('create temporary table classification_probe (id int primary key, name text not null)');
    await db('classification_probe').insert({ id: 1, name: 'one' });
    sandbox = await startSandbox({ port: 0 });
    twilio = twilioClient(parseConfig({ SANDBOX_URL: sandbox.url }));
    openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${sandbox.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await db.destroy();
    await sandbox.close();
  });

  const thrown = async (work: () => PromiseLike<unknown>): Promise<unknown> => {
    try {
      await work();
    } catch (error) {
      return error;
    }
    throw new Error('expected the call to fail');
  };
  const fault = (body: Record<string, unknown>) =>
    fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('a constraint violation is permanent and names its constraint', async () => {
    const failure = classifyFailure(await thrown(() => db('classification_probe').insert({ id: 1, name: 'again' })));
    expect(failure).toMatchObject({ type: 'ConstraintViolation', nonRetryable: true });
    expect(failureDetails(failure!)).toEqual({ sqlState: '23505', constraint: 'classification_probe_pkey' });
    // pg's detail quotes the row; only the message travels.
    expect(failure!.message).not.toContain('again');
    expect(classifyFailure(await thrown(() => db('classification_probe').insert({ id: 2, name: null })))).toMatchObject({ type: 'ConstraintViolation', nonRetryable: true });
  });

  it('invalid data and a statement the database rejects are permanent', async () => {
    expect(classifyFailure(await thrown(() => db.raw(`select 'not-a-uuid'::uuid`)))).toMatchObject({ type: 'InvalidData', nonRetryable: true });
    expect(classifyFailure(await thrown(() => db.raw('select * from no_such_table')))).toMatchObject({ type: 'DatabaseRejected', nonRetryable: true });
    expect(classifyFailure(await thrown(async () => z.object({ areaCode: z.string().regex(/^\d{3}$/) }).parse({ areaCode: 'x' })))).toMatchObject({
      type: 'InvalidData',
      nonRetryable: true,
    });
  });

  it('a database that cannot be reached, or a cancelled statement, is retried', async () => {
    const unreachable = createKnex('postgres://nobody@127.0.0.1:1/none', 1);
    try {
      expect(classifyFailure(await thrown(() => unreachable.raw('select 1')))).toBeUndefined();
    } finally {
      await unreachable.destroy();
    }
    const cancelled = await thrown(() => db.transaction(async (trx) => {
      await trx.raw(`set local statement_timeout = '10ms'`);
      await trx.raw('select pg_sleep(1)');
    }));
    expect((cancelled as { code?: string }).code).toBe('57014');
    expect(classifyFailure(cancelled)).toBeUndefined();
  });

  it("a provider's 4xx is permanent, with its code; 429 and 5xx are retried", async () => {
    const notFound = classifyFailure(await thrown(() => twilio.incomingPhoneNumbers('PN00000000000000000000000000000000').fetch()));
    expect(notFound).toMatchObject({ type: 'ProviderRejected', nonRetryable: true });
    expect(failureDetails(notFound!)).toMatchObject({ status: 404, code: 20404 });

    await fault({ provider: 'twilio', operation: 'ListAvailablePhoneNumberLocal', count: 2, status: 429 });
    expect(classifyFailure(await thrown(() => twilio.availablePhoneNumbers('US').local.list({ areaCode: 617, limit: 1 })))).toBeUndefined();
    await fault({ provider: 'twilio', operation: 'ListAvailablePhoneNumberLocal', count: 1, status: 503 });
    expect(classifyFailure(await thrown(() => twilio.availablePhoneNumbers('US').local.list({ areaCode: 617, limit: 1 })))).toBeUndefined();

    const chat = () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
    await fault({ provider: 'openai', operation: 'createChatCompletion', count: 1, status: 400 });
    expect(classifyFailure(await thrown(chat))).toMatchObject({ type: 'ProviderRejected', nonRetryable: true });
    await fault({ provider: 'openai', operation: 'createChatCompletion', count: 1, status: 429 });
    expect(classifyFailure(await thrown(chat))).toBeUndefined();
    await fault({ provider: 'openai', operation: 'createChatCompletion', count: 1, drop: true });
    expect(classifyFailure(await thrown(chat))).toBeUndefined();
  });
});
