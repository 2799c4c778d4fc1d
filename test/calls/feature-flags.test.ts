import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_ID, OPERATOR_TOKEN, eventually, startTestPlatform } from '../support/platform';
import { liveTenant, placeCall, type CallPlatform, type LiveTenant } from './support';

/**
 * Feature flags through the admin API (definitions, per-tenant overrides, the audit of
 * each change) and the flag the agent reads: tenants with `premium_model` converse with
 * the more capable model, seen in the requests the sandbox's OpenAI answered during real calls.
 */
describe('feature flags', () => {
  const areaCode = claimAreaCode();
  let p: CallPlatform;
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    p = await startTestPlatform({ calls: true, env: { CALL_TURN_BUDGET: '5s' } });
  });
  afterAll(async () => {
    await p?.close();
  });

  const admin = async (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${p.apiUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status = 200): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const audits = (action: string, targetId: string) => p.owner('audit_log').where({ action, target_id: targetId }).orderBy('id');
  const onboarded = async () => {
    const res = await fetch(`${p.apiUrl}/api/onboarding`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        company_name: `Flag Test ${suffix} ${Math.random().toString(36).slice(2, 8)}`,
        industry: 'plumbing',
        owner_name: 'Robin Owner',
        owner_email: `flags-${suffix}-${Math.random().toString(36).slice(2, 8)}@example.com`,
        plan_tier: 'premium',
        forward_to_number: '+16175550199',
      }),
    });
    return (await json(res, 201)).tenant as { id: string };
  };

  it('defines flags, changes their rollout, refuses bad input, and audits every change', async () => {
    const listed = await admin('/api/admin/feature-flags');
    expect(listed.headers.get('content-range')).toMatch(/^feature-flags 0-\d+\/\d+$/);
    expect((await json(listed)).find((f: any) => f.name === 'premium_model')).toMatchObject({ id: 'premium_model', default: false, rollout_percentage: 0 });

    const name = `sms_confirmations_${suffix}`;
    const created = await json(await admin('/api/admin/feature-flags', { body: { name, description: 'Text the caller after a booking', rollout_percentage: 10 } }), 201);
    expect(created).toMatchObject({ id: name, name, description: 'Text the caller after a booking', default: false, rollout_percentage: 10, overrides: 0 });
    expect((await admin('/api/admin/feature-flags', { body: { name } })).status).toBe(409);

    const invalid = await admin('/api/admin/feature-flags', { body: { name: 'Bad-Name', rollout_percentage: 150, default: 'yes' } });
    expect(invalid.status).toBe(422);
    expect(Object.keys(((await invalid.json()) as any).errors).sort()).toEqual(['default', 'name', 'rollout_percentage']);
    expect((await admin(`/api/admin/feature-flags/${name}`, { method: 'PUT', body: { rollout_percentage: 12.345 } })).status).toBe(422);
    expect((await admin(`/api/admin/feature-flags/no_such_flag_${suffix}`, { method: 'PUT', body: { rollout_percentage: 5 } })).status).toBe(404);

    // react-admin PUTs the whole record back: only what may change is read.
    const changed = await json(await admin(`/api/admin/feature-flags/${name}`, { method: 'PUT', body: { ...created, rollout_percentage: 25.5, default: true, overrides: 99 } }));
    expect(changed).toMatchObject({ name, rollout_percentage: 25.5, default: true, overrides: 0, description: 'Text the caller after a booking' });
    expect(await json(await admin(`/api/admin/feature-flags/${name}`))).toMatchObject({ rollout_percentage: 25.5, default: true });

    const [creation] = await audits('feature_flag.created', name);
    expect(creation).toMatchObject({ tenant_id: null, actor_type: 'operator', actor_id: OPERATOR_ID, target_type: 'feature_flag' });
    expect(creation.details).toEqual({ before: null, after: { description: 'Text the caller after a booking', default: false, rollout_percentage: 10 } });
    const updates = await audits('feature_flag.updated', name);
    expect(updates.map((a: any) => a.details)).toEqual([{ before: { default: false, rollout_percentage: 10 }, after: { default: true, rollout_percentage: 25.5 } }]);

    const found = await admin(`/api/admin/feature-flags?${new URLSearchParams({ filter: JSON.stringify({ q: `confirmations_${suffix}` }), sort: JSON.stringify(['name', 'ASC']), range: '[0,9]' })}`);
    expect(found.headers.get('content-range')).toBe('feature-flags 0-0/1');
    expect(((await found.json()) as any[]).map((f: any) => f.name)).toEqual([name]);
  });

  it("shows every flag for a tenant with the reason, lets an override beat the rollout, and audits it in the tenant's log", async () => {
    const name = `rollout_probe_${suffix}`;
    await json(await admin('/api/admin/feature-flags', { body: { name, rollout_percentage: 100 } }), 201);
    const tenant = await onboarded();
    const flagOf = async () => (await json(await admin(`/api/admin/tenants/${tenant.id}/feature-flags`))).find((f: any) => f.name === name);

    expect(await flagOf()).toMatchObject({ id: name, enabled: true, source: 'rollout', override: null, rollout_percentage: 100 });
    const overridden = await json(await admin(`/api/admin/tenants/${tenant.id}/feature-flags/${name}`, { method: 'PUT', body: { enabled: false } }));
    expect(overridden).toMatchObject({ name, enabled: false, source: 'override', override: false });
    expect(await flagOf()).toMatchObject({ enabled: false, source: 'override' });
    expect((await json(await admin(`/api/admin/feature-flags/${name}`))).overrides).toBe(1);

    const cleared = await json(await admin(`/api/admin/tenants/${tenant.id}/feature-flags/${name}`, { method: 'PUT', body: { enabled: null } }));
    expect(cleared).toMatchObject({ enabled: true, source: 'rollout', override: null });
    await json(await admin(`/api/admin/feature-flags/${name}`, { method: 'PUT', body: { rollout_percentage: 0 } }));
    expect(await flagOf()).toMatchObject({ enabled: false, source: 'default' });

    const log = await p.owner('audit_log').where({ tenant_id: tenant.id, target_id: name }).orderBy('id');
    expect(log.map((a: any) => [a.action, a.actor_id, a.details])).toEqual([
      ['tenant.feature_flag_overridden', OPERATOR_ID, { before: { override: null, enabled: true, source: 'rollout' }, after: { override: false, enabled: false, source: 'override' } }],
      ['tenant.feature_flag_cleared', OPERATOR_ID, { before: { override: false, enabled: false, source: 'override' }, after: { override: null, enabled: true, source: 'rollout' } }],
    ]);

    expect((await admin(`/api/admin/tenants/${tenant.id}/feature-flags/no_such_flag_${suffix}`, { method: 'PUT', body: { enabled: true } })).status).toBe(404);
    expect((await admin(`/api/admin/tenants/00000000-0000-4000-8000-000000000000/feature-flags`)).status).toBe(404);
    expect((await admin(`/api/admin/tenants/${tenant.id}/feature-flags/${name}`, { method: 'PUT', body: { enabled: 'on' } })).status).toBe(422);
  });

  describe('premium_model', () => {
    let plain: LiveTenant;
    let premium: LiveTenant;
    let ownChoice: LiveTenant;

    beforeAll(async () => {
      [plain, premium, ownChoice] = await Promise.all([liveTenant(p, areaCode), liveTenant(p, areaCode), liveTenant(p, areaCode)]);
      for (const t of [premium, ownChoice]) await json(await admin(`/api/admin/tenants/${t.id}/feature-flags/premium_model`, { method: 'PUT', body: { enabled: true } }));
      await json(await admin(`/api/admin/tenants/${ownChoice.id}`, { method: 'PUT', body: { ai_settings: { model: 'gpt-4.1' } } }));
    }, 120_000);

    /** The models the sandbox's OpenAI was asked for during one whole call: its turns, and its summary. */
    async function modelsOfACall(tenant: LiveTenant): Promise<{ turns: string[]; summary: string[] }> {
      const before = p.sandbox.recordedResponses().length;
      const call = await placeCall(p, tenant.phoneNumber, ['My water heater is leaking, can someone come and look at it?', "No thanks, that's all. Bye"]);
      await eventually(async () => (await p.owner('call_logs').where({ call_sid: call.sid }).first())?.summary, 30_000, `the call log of ${call.sid}`);
      const completions = p.sandbox
        .recordedResponses()
        .slice(before)
        .filter((r) => r.path === '/v1/chat/completions' && r.status === 200)
        .map((r) => JSON.parse(r.body) as { model: string; choices: Array<{ message: { content: string | null } }> });
      const isSummary = (c: (typeof completions)[number]) => {
        try {
          return 'summary' in JSON.parse(c.choices[0]?.message.content ?? '');
        } catch {
          return false;
        }
      };
      return { turns: completions.filter((c) => !isSummary(c)).map((c) => c.model), summary: completions.filter(isSummary).map((c) => c.model) };
    }

    it('sends the conversation of a tenant with the flag to the more capable model, and the rest to the default', async () => {
      const plainModels = await modelsOfACall(plain);
      expect(plainModels.turns.length).toBeGreaterThan(0);
      expect(new Set(plainModels.turns)).toEqual(new Set(['gpt-4o-mini']));
      expect(plainModels.summary).toEqual(['gpt-4o-mini']);

      const premiumModels = await modelsOfACall(premium);
      expect(premiumModels.turns.length).toBeGreaterThan(0);
      expect(new Set(premiumModels.turns)).toEqual(new Set(['gpt-4o']));
      // Summaries are not conversation: they stay on the platform's model.
      expect(premiumModels.summary).toEqual(['gpt-4o-mini']);
    });

    it("keeps the model a tenant chose in its AI settings, flag or not", async () => {
      const models = await modelsOfACall(ownChoice);
      expect(models.turns.length).toBeGreaterThan(0);
      expect(new Set(models.turns)).toEqual(new Set(['gpt-4.1']));
    });
  });
});
