import { createHash } from 'node:crypto';
import { areaCode, knownAreaCodes, type AreaCode } from './area-codes';

export interface PoolNumber {
  phoneNumber: string;
  area: AreaCode | undefined;
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
}

const POOL_SIZE = 40;

/**
 * The numbers on offer in one area code: always the same ones, so a demo script or a
 * test can name a number it saw yesterday. One in five has no messaging, so the
 * `SmsEnabled` filter has something to filter.
 */
export function poolFor(code: string): PoolNumber[] {
  if (!/^[2-9]\d\d$/.test(code)) return [];
  const seen = new Set<string>();
  const out: PoolNumber[] = [];
  for (let i = 0; out.length < POOL_SIZE; i++) {
    const digest = createHash('sha256').update(`${code}:${i}`).digest();
    const exchange = 200 + (digest.readUInt16BE(0) % 800);
    const line = digest.readUInt16BE(2) % 10_000;
    const phoneNumber = `+1${code}${exchange}${String(line).padStart(4, '0')}`;
    if (seen.has(phoneNumber) || exchange === 555) continue;
    seen.add(phoneNumber);
    const messaging = out.length % 5 !== 4;
    out.push({ phoneNumber, area: areaCode(code), capabilities: { voice: true, sms: messaging, mms: messaging, fax: false } });
  }
  return out;
}

export interface PoolSearch {
  areaCode?: string;
  contains?: string;
  inRegion?: string;
  voiceEnabled?: boolean;
  smsEnabled?: boolean;
}

const keypad: Record<string, string> = {
  a: '2', b: '2', c: '2', d: '3', e: '3', f: '3', g: '4', h: '4', i: '4', j: '5', k: '5', l: '5',
  m: '6', n: '6', o: '6', p: '7', q: '7', r: '7', s: '7', t: '8', u: '8', v: '8', w: '9', x: '9', y: '9', z: '9',
};

/** Twilio's `Contains`: digits, letters as on a keypad, and `*` for any one digit. */
function containsPattern(contains: string): RegExp {
  const body = [...contains.toLowerCase()]
    .map((ch) => (ch === '*' ? '\\d' : /\d/.test(ch) ? ch : (keypad[ch] ?? '')))
    .join('');
  return new RegExp(body);
}

export function searchPool(search: PoolSearch, taken: ReadonlySet<string>): PoolNumber[] {
  const codes = search.areaCode ? [search.areaCode] : knownAreaCodes.map((a) => a.code);
  const contains = search.contains ? containsPattern(search.contains) : undefined;
  return codes
    .flatMap(poolFor)
    .filter((n) => !taken.has(n.phoneNumber))
    .filter((n) => !search.inRegion || n.area?.region === search.inRegion.toUpperCase())
    .filter((n) => !contains || contains.test(n.phoneNumber.slice(2)))
    .filter((n) => search.voiceEnabled !== true || n.capabilities.voice)
    .filter((n) => search.smsEnabled !== true || n.capabilities.sms)
    .filter((n) => search.smsEnabled !== false || !n.capabilities.sms);
}

/** Whether a number is one the sandbox could sell, whatever its area code. */
export function inPool(phoneNumber: string): PoolNumber | undefined {
  const code = /^\+1(\d{3})\d{7}$/.exec(phoneNumber)?.[1];
  return code ? poolFor(code).find((n) => n.phoneNumber === phoneNumber) : undefined;
}
