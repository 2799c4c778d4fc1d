import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone numbers are stored and compared in E.164 (+18575550123). Input may be written
 * as people write it; a number that cannot be a real one is refused.
 */
export function toE164(input: string, defaultCountry: CountryCode = 'US'): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.number;
}

export function isE164(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value) && toE164(value) === value;
}

/**
 * Why Kestrel will not put calls through to `e164` (a company's forwarding or emergency
 * line), or undefined when it will. A caller can keep a transferred call open, so a line
 * abroad or at a premium rate would bill the company (toll fraud): only the countries a
 * deployment names are dialled, and never premium-rate or shared-cost numbers.
 */
export function dialRefusal(e164: string, countries: readonly string[]): string | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return 'expected a valid phone number, e.g. +18575550123';
  if (!parsed.country || !countries.includes(parsed.country)) {
    return `calls are put through only to numbers in ${countries.join(', ')}${parsed.country ? `, not ${parsed.country}` : ''}`;
  }
  const type = parsed.getType();
  if (type === 'PREMIUM_RATE' || type === 'SHARED_COST') return `calls are not put through to ${type === 'PREMIUM_RATE' ? 'premium-rate' : 'shared-cost'} numbers`;
  return undefined;
}
