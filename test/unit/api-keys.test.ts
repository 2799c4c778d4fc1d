import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiKeyHmacSecret } from '../../lib/api-key-secret';
import { apiKeyDisplayPrefix, apiKeyMode, generateApiKey, hashApiKey, hasValidChecksum } from '../../lib/api-keys';
import { parseConfig, rateLimitSpec } from '../../lib/config';

describe('API keys', () => {
  it('have the kst_<mode>_ prefix, 32 random base62 characters and a 6-character checksum', () => {
    const live = generateApiKey('live');
    const test = generateApiKey('test');
    expect(live).toMatch(/^kst_live_[0-9A-Za-z]{38}$/);
    expect(test).toMatch(/^kst_test_[0-9A-Za-z]{38}$/);
    expect(apiKeyMode(live)).toBe('live');
    expect(apiKeyMode(test)).toBe('test');
  });

  it('carry at least 128 random bits: no two of many keys share their random part', () => {
    const keys = Array.from({ length: 2000 }, () => generateApiKey('live'));
    expect(new Set(keys.map((k) => k.slice(9, 41))).size).toBe(keys.length);
    // 32 characters drawn from all 62 (every one turns up): log2(62) × 32 ≈ 190 bits.
    expect(new Set(keys.map((k) => k.slice(9, 41)).join('')).size).toBe(62);
  });

  it('are recognised offline by their checksum, and a changed character is not', () => {
    for (let i = 0; i < 200; i++) {
      const key = generateApiKey(i % 2 ? 'live' : 'test');
      expect(hasValidChecksum(key)).toBe(true);
      const at = 9 + (i % 38);
      const swapped = key[at] === 'a' ? 'b' : 'a';
      expect(hasValidChecksum(key.slice(0, at) + swapped + key.slice(at + 1))).toBe(false);
    }
  });

  it('cover the mode in the checksum: a live key relabelled as a test key is not a key', () => {
    const key = generateApiKey('live');
    expect(hasValidChecksum(key.replace('kst_live_', 'kst_test_'))).toBe(false);
  });

  it('tell random strings and other tokens from keys', () => {
    const notKeys = [
      '',
      'kst_live_',
      `kst_live_${'A'.repeat(38)}`,
      `kst_prod_${generateApiKey('live').slice(9)}`,
      `${generateApiKey('live')}x`,
      generateApiKey('live').slice(0, -1),
      'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      'test-operator-token-0123456789abcdef',
    ];
    for (const candidate of notKeys) expect(hasValidChecksum(candidate)).toBe(false);
    expect(apiKeyMode('kst_prod_x')).toBeUndefined();
  });

  it('are stored as an HMAC-SHA256 under the server secret, never as themselves', () => {
    const key = generateApiKey('live');
    const hash = hashApiKey(key, 'secret-one');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(9));
    expect(hashApiKey(key, 'secret-one')).toBe(hash);
    expect(hashApiKey(key, 'secret-two')).not.toBe(hash);
    expect(hashApiKey(generateApiKey('live'), 'secret-one')).not.toBe(hash);
  });

  it('show a short prefix: the mode and four characters of the random part', () => {
    const key = generateApiKey('test');
    expect(apiKeyDisplayPrefix(key)).toBe(key.slice(0, 13));
    expect(apiKeyDisplayPrefix(key)).toMatch(/^kst_test_[0-9A-Za-z]{4}$/);
  });
});

describe('the secret keys are hashed under', () => {
  it('is required in production, and at least 32 characters long', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/API_KEY_HMAC_SECRET: required in production/);
    expect(() => parseConfig({ NODE_ENV: 'production', API_KEY_HMAC_SECRET: 'short' })).toThrow(/API_KEY_HMAC_SECRET: expected at least 32 characters/);
    const secret = 'a'.repeat(32);
    expect(apiKeyHmacSecret(parseConfig({ NODE_ENV: 'production', PROVIDER_SANDBOX: 'on', API_KEY_HMAC_SECRET: secret, DATABASE_APP_PASSWORD: 'a-real-secret-password' }))).toBe(secret);
  });

  it('is generated once per installation elsewhere, kept readable by its owner only', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kestrel-secret-'));
    try {
      const config = parseConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
      const first = apiKeyHmacSecret(config);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(apiKeyHmacSecret(config)).toBe(first);
      const file = path.join(dataDir, 'api-key-secret');
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(dataDir)).toEqual(['api-key-secret']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('rate limit settings', () => {
  it('read as requests per window, or off', () => {
    expect(rateLimitSpec('20/1m')).toEqual({ points: 20, durationMs: 60_000 });
    expect(rateLimitSpec('5/10s')).toEqual({ points: 5, durationMs: 10_000 });
    expect(rateLimitSpec('off')).toBeNull();
    expect(parseConfig({}).RATE_LIMIT_ONBOARDING).toBe('20/1h');
    expect(() => parseConfig({ RATE_LIMIT_API_KEY: '0/1m' })).toThrow(/RATE_LIMIT_API_KEY: expected requests per window/);
    expect(() => parseConfig({ RATE_LIMIT_TENANT_API: 'lots' })).toThrow(/RATE_LIMIT_TENANT_API/);
  });
});
