/**
 * The address of a visit, as appointments keep it and the APIs show it: a street (house
 * number, street, any unit), a city or town, and a postal code when one is known.
 */
export interface ServiceAddress {
  street: string;
  city: string;
  postal_code: string | null;
}

/** The appointment columns that hold the address. */
export interface ServiceAddressColumns {
  service_street: string | null;
  service_city: string | null;
  service_postal_code: string | null;
}

/** US ZIP codes (02139, 02139-4307) and the like elsewhere (K1A 0B6, SW1A 1AA): all hold a digit, so a town's name is not one. */
export const POSTAL_CODE = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]$/;

export function addressColumns(address: ServiceAddress | null): ServiceAddressColumns {
  return {
    service_street: address?.street ?? null,
    service_city: address?.city ?? null,
    service_postal_code: address?.postal_code ?? null,
  };
}

/** "42 Elm Street, Cambridge 02139": the address as the agent reads it back. */
export function spokenAddress(address: ServiceAddress): string {
  return `${address.street}, ${address.city}${address.postal_code ? ` ${address.postal_code}` : ''}`;
}

/** What a model writes into a field it has no value for. */
const PLACEHOLDER = /^(unknown|n\/?a|none|null|not (given|provided|known)|tbd|-+)$/i;

/**
 * The address a model passed to `book_appointment`, or undefined when the street or the
 * city is missing. A postal code that does not look like one is left out: it is optional,
 * and a visit is not refused over it.
 */
export function bookedAddress(fields: { street?: unknown; city?: unknown; postal_code?: unknown }): ServiceAddress | undefined {
  const value = (v: unknown, max: number) => {
    const s = typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
    return s && !PLACEHOLDER.test(s) ? s.slice(0, max) : undefined;
  };
  const street = value(fields.street, 200);
  const city = value(fields.city, 100);
  if (!street || !city) return undefined;
  // Checked whole: a code cut to length could pass as another code.
  const postal = value(fields.postal_code, 100);
  return { street, city, postal_code: postal && POSTAL_CODE.test(postal) ? postal.toUpperCase() : null };
}

/**
 * Whether words spoken to the caller name the street: its house number and the word after
 * it ("42" and "Elm" for "42 Elm Street"), however the rest is abbreviated.
 */
export function mentionsStreet(words: string, street: string): boolean {
  const said = new Set(words.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
  const landmarks = street.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).slice(0, 2);
  return landmarks.length > 0 && landmarks.every((word) => said.has(word));
}
