import { createHmac, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ApiKeyMode } from '../domain/accounts';

/**
 * Tenant API keys: `kst_live_…` or `kst_test_…`, then 32 random base62 characters
 * (190 bits) and a 6-character base62 CRC32 of everything before it, the shape of
 * GitHub's tokens. The checksum lets a secret scanner tell a real key from a random
 * string offline, and lets the API turn away a mistyped key without a database query.
 * Only an HMAC of the key is stored; the key itself is shown once, when it is created.
 */

export { API_KEY_MODES, type ApiKeyMode } from '../domain/accounts';

/** Raise it, and keep verifying the older version, when the hashing changes. */
export const API_KEY_HASH_VERSION = 1;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32: every CRC32 fits
/** How much of the random part the display prefix keeps: enough to tell keys apart, far too little to guess one. */
const DISPLAY_RANDOM_LENGTH = 4;

const API_KEY = /^kst_(live|test)_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

function base62Random(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it are dropped so that every character is equally likely.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A new key of the given mode. */
export function generateApiKey(mode: ApiKeyMode): string {
  const body = `kst_${mode}_${base62Random(RANDOM_LENGTH)}`;
  return body + checksum(body);
}

/** Whether `key` has the shape of a key and its checksum matches: a cheap, offline test. */
export function hasValidChecksum(key: string): boolean {
  const match = API_KEY.exec(key);
  if (!match) return false;
  return checksum(key.slice(0, -CHECKSUM_LENGTH)) === match[3];
}

/** The mode a well-formed key names in its prefix. */
export function apiKeyMode(key: string): ApiKeyMode | undefined {
  return API_KEY.exec(key)?.[1] as ApiKeyMode | undefined;
}

/** What lists show of a key (`kst_live_AbCd`), so its owner can tell which one it is. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, 'kst_live_'.length + DISPLAY_RANDOM_LENGTH);
}

/** The stored form of a key (hash version 1): HMAC-SHA256 under the server's secret, hex. */
export function hashApiKey(key: string, secret: string): string {
  return createHmac('sha256', secret).update(key).digest('hex');
}
