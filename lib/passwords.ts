import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes with scrypt (memory-hard, in Node's own crypto: no native add-on to
 * build). The parameters are stored with each hash, so they can be raised later and old
 * hashes still verify (and are rehashed at the next sign-in, see `needsRehash`).
 * N = 2^15, r = 8: 32 MiB and ~50-100 ms per hash on a server core (OWASP's minimum is 2^17
 * with r = 8 and p = 1 for interactive logins at 128 MiB; 2^15 keeps a 2-core host
 * responsive under a burst of logins, which the login rate limit bounds anyway).
 */
const CURRENT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };
const PREFIX = 'scrypt';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 256 * options.N! * options.r! }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N=32768,r=8,p=1$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, CURRENT.keyLength, CURRENT);
  return `${PREFIX}$N=${CURRENT.N},r=${CURRENT.r},p=${CURRENT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const [prefix, params, salt, key] = stored.split('$');
  if (prefix !== PREFIX || !params || !salt || !key) return undefined;
  const values = Object.fromEntries(params.split(',').map((kv) => kv.split('=') as [string, string]));
  const [N, r, p] = [Number(values.N), Number(values.r), Number(values.p)];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return undefined;
  return { N, r, p, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.key.length, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Whether a hash was made with weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N < CURRENT.N || parsed.r < CURRENT.r || parsed.key.length < CURRENT.keyLength;
}

/** A hash of a random password, verified against when no account matches, so a login takes as long either way. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

/** What a new password must be: long enough, and not absurdly long (scrypt's input is hashed whole). */
export const PASSWORD_RULES = { minLength: 12, maxLength: 256 };
