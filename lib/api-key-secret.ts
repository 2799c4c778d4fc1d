import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config';

const ROOT = path.resolve(__dirname, '..');

/**
 * The secret API keys are hashed under. Production sets API_KEY_HMAC_SECRET (the
 * configuration refuses to start without it). Elsewhere an unset secret is generated once
 * per installation and kept in the data folder, readable by its owner only, as the
 * development operator token is: keys stay valid across restarts, and no secret is
 * shared between machines.
 */
export function apiKeyHmacSecret(config: Config): string {
  if (config.API_KEY_HMAC_SECRET) return config.API_KEY_HMAC_SECRET;
  if (config.NODE_ENV === 'production') throw new Error('API_KEY_HMAC_SECRET is required in production');
  const dataDir = path.resolve(ROOT, config.DATA_DIR);
  const file = path.join(dataDir, 'api-key-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  // Written aside, then linked into place: of processes starting together, one secret wins
  // and none reads a half-written file.
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(candidate, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(candidate);
  }
  return readFileSync(file, 'utf8').trim();
}
