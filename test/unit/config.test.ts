import { ConfigError, durationMs, parseConfig, sandboxedProviders } from '../../lib/config';
import { spawnEntry } from '../support/process';

describe('configuration', () => {
  it('gives the embedded, sandboxed setup when nothing is set', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ API_PORT: 3000, TEMPORAL_NAMESPACE: 'default', TRIAL_DAYS: 14, DATA_DIR: '.data' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
    expect(sandboxedProviders(c)).toEqual(['twilio', 'openai', 'resend']);
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

  it('stops a process with a wrong value, naming the variable', async () => {
    const api = spawnEntry('api/main.ts', { ...process.env, API_PORT: '99999' });
    expect(await api.exited).toEqual({ code: 78, signal: null });
    expect(api.output()).toContain('API_PORT: expected a TCP port number');
  });
});
