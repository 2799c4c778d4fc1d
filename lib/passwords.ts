import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes with scrypt (memory-hard, in Node's own crypto: no native add-on to
 * build). The parameters are stored with each hash, so they can be raised later and old
 * hashes still verify (and are rehashed at the next sign-in, see `needsRehash`).
 * N = 2^17, r = 8, p = 1: OWASP's current recommendation for scrypt, 128 MiB and about
 * 250-300 ms per hash on a server core. Every sign-in attempt costs one such hash (unknown
 * e-mails and held-off attempts hash a decoy), so the per-address sign-in limit is what
 * bounds the CPU and memory a burst can take.
 */
const CURRENT = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 };
/**
 * scrypt needs 128 * r * (N + p + 2) bytes; Node refuses to start a hash above `maxmem`,
 * 32 MiB by default, which N = 2^17 (128 MiB) exceeds fourfold. Twice the need is allowed.
 */
const maxmem = (N: number, r: number, p: number) => 2 * 128 * r * (N + p + 2);
const PREFIX = 'scrypt';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: maxmem(options.N!, options.r!, options.p ?? 1) }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N=131072,r=8,p=1$<salt>$<hash>` (base64url). */
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

export { PASSWORD_RULES } from '../domain/accounts';
