import { ConfigError, durationMs, parseConfig, providerModes, sandboxedProviders } from '../../lib/config';
import { spawnEntry } from '../support/process';

describe('configuration', () => {
  it('gives the embedded, sandboxed setup when nothing is set', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ API_PORT: 3000, TEMPORAL_NAMESPACE: 'default', TRIAL_DAYS: 14, DATA_DIR: '.data' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
    expect(sandboxedProviders(c)).toEqual(['twilio', 'openai', 'resend', 'stripe']);
  });

  it('names every wrong variable and what it expects', () => {
    const attempt = () => parseConfig({ API_PORT: 'eighty', TEMPORAL_ADDRESS: 'localhost', OPERATOR_EMAIL: 'ops', BILLING_CYCLE: 'monthly' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'API_PORT: expected a TCP port number',
        'TEMPORAL_ADDRESS: expected host:port',
        'OPERATOR_EMAIL: expected an e-mail address',
        'BILLING_CYCLE: expected calendar months such as 1mo, or a duration such as 30s',
      ]);
    }
  });

  it('treats an empty variable as unset', () => {
    const c = parseConfig({ DATABASE_URL: '', API_PORT: '' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.API_PORT).toBe(3000);
  });

  it('reads durations in the units operators write', () => {
    expect(durationMs('14d')).toBe(14 * 86_400_000);
    expect(durationMs('30s')).toBe(30_000);
    expect(durationMs('250')).toBe(250);
  });

  describe('production refuses unsafe configuration', () => {
    const production = { NODE_ENV: 'production', API_KEY_HMAC_SECRET: 'x'.repeat(40), DATABASE_APP_PASSWORD: 'a-real-secret-password' };
    const real = { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'b'.repeat(32), OPENAI_API_KEY: 'sk-real', RESEND_API_KEY: 're_real', STRIPE_SECRET_KEY: 'sk_live_real', STRIPE_WEBHOOK_SECRET: 'whsec_real' };
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };

    it('refuses providers on the sandbox unless PROVIDER_SANDBOX=on says so', () => {
      expect(problems(production)).toEqual([
        'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: required in production; the provider sandbox plays twilio only with PROVIDER_SANDBOX=on',
        'OPENAI_API_KEY: required in production; the provider sandbox plays openai only with PROVIDER_SANDBOX=on',
        'RESEND_API_KEY: required in production; the provider sandbox plays resend only with PROVIDER_SANDBOX=on',
        'STRIPE_SECRET_KEY: required in production; the provider sandbox plays stripe only with PROVIDER_SANDBOX=on',
      ]);
      expect(problems({ ...production, RESEND_API_KEY: 're_real', OPENAI_API_KEY: 'sk-real', STRIPE_SECRET_KEY: 'sk_live_real', STRIPE_WEBHOOK_SECRET: 'whsec_real' })).toHaveLength(1);
      expect(problems({ ...production, ...real })).toEqual([]);
      expect(providerModes(parseConfig({ ...production, PROVIDER_SANDBOX: 'on', OPENAI_API_KEY: 'sk-real' }))).toEqual({ twilio: 'sandbox', openai: 'real', resend: 'sandbox', stripe: 'sandbox' });
      expect(problems({ PROVIDER_SANDBOX: 'off', ...real, RESEND_API_KEY: '' })).toEqual([
        'RESEND_API_KEY: required with PROVIDER_SANDBOX=off; the provider sandbox plays resend only with PROVIDER_SANDBOX=on',
      ]);
    });

    it('refuses Twilio half-configured, anywhere', () => {
      expect(problems({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toEqual(['TWILIO_AUTH_TOKEN: required with TWILIO_ACCOUNT_SID (set both, or neither for the sandbox)']);
      expect(problems({ ...production, ...real, TWILIO_ACCOUNT_SID: '' })).toEqual([
        'TWILIO_ACCOUNT_SID: required with TWILIO_AUTH_TOKEN (set both, or neither for the sandbox)',
        'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: required in production; the provider sandbox plays twilio only with PROVIDER_SANDBOX=on',
      ]);
    });

    it("requires the application role's own password (the default one is public)", () => {
      expect(problems({ ...production, ...real, DATABASE_APP_PASSWORD: '' })).toEqual([
        "DATABASE_APP_PASSWORD: required in production (the application role's password, e.g. openssl rand -base64 24), unless DATABASE_APP_URL names the role and its password",
      ]);
      expect(problems({ ...production, ...real, DATABASE_APP_PASSWORD: '', DATABASE_APP_URL: 'postgres://app:secret@db/kestrel' })).toEqual([]);
      expect(problems({ DATABASE_APP_PASSWORD: '' })).toEqual([]);
    });

    it("refuses Stripe's key without the webhook's signing secret, anywhere", () => {
      expect(problems({ STRIPE_SECRET_KEY: 'sk_test_x' })).toEqual([
        "STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (the signing secret of Kestrel's webhook endpoint in Stripe's dashboard)",
      ]);
    });
  });

  it('stops a process with a wrong value, naming the variable', async () => {
    const api = spawnEntry('api/main.ts', { ...process.env, API_PORT: '99999' });
    expect(await api.exited).toEqual({ code: 78, signal: null });
    expect(api.output()).toContain('API_PORT: expected a TCP port number');
  });
});
