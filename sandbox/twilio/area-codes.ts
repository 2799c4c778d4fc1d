/** Where a sandbox number "is": enough geography for search filters and webhook parameters. */
export interface AreaCode {
  code: string;
  locality: string;
  region: string;
  postalCode: string;
  rateCenter: string;
  lata: string;
  latitude: number;
  longitude: number;
}

const table: AreaCode[] = [
  { code: '857', locality: 'Boston', region: 'MA', postalCode: '02108', rateCenter: 'BOSTON', lata: '128', latitude: 42.3584, longitude: -71.0598 },
  { code: '617', locality: 'Boston', region: 'MA', postalCode: '02110', rateCenter: 'BOSTON', lata: '128', latitude: 42.3601, longitude: -71.0589 },
  { code: '212', locality: 'New York', region: 'NY', postalCode: '10001', rateCenter: 'NWYRCYZN01', lata: '132', latitude: 40.7506, longitude: -73.9972 },
  { code: '312', locality: 'Chicago', region: 'IL', postalCode: '60601', rateCenter: 'CHICAGO', lata: '358', latitude: 41.8858, longitude: -87.6181 },
  { code: '415', locality: 'San Francisco', region: 'CA', postalCode: '94105', rateCenter: 'SNFC CNTRL', lata: '722', latitude: 37.7898, longitude: -122.3942 },
  { code: '512', locality: 'Austin', region: 'TX', postalCode: '78701', rateCenter: 'AUSTIN', lata: '558', latitude: 30.2711, longitude: -97.7437 },
  { code: '214', locality: 'Dallas', region: 'TX', postalCode: '75201', rateCenter: 'DALLAS', lata: '552', latitude: 32.7876, longitude: -96.7994 },
  { code: '305', locality: 'Miami', region: 'FL', postalCode: '33130', rateCenter: 'MIAMI', lata: '460', latitude: 25.7673, longitude: -80.2036 },
  { code: '206', locality: 'Seattle', region: 'WA', postalCode: '98101', rateCenter: 'SEATTLE', lata: '674', latitude: 47.6114, longitude: -122.3305 },
  { code: '303', locality: 'Denver', region: 'CO', postalCode: '80202', rateCenter: 'DENVER', lata: '656', latitude: 39.7527, longitude: -104.9995 },
  { code: '404', locality: 'Atlanta', region: 'GA', postalCode: '30303', rateCenter: 'ATLANTA', lata: '438', latitude: 33.7526, longitude: -84.3915 },
  { code: '602', locality: 'Phoenix', region: 'AZ', postalCode: '85004', rateCenter: 'PHOENIX', lata: '666', latitude: 33.4515, longitude: -112.0685 },
];

const byCode = new Map(table.map((a) => [a.code, a]));

export const knownAreaCodes: readonly AreaCode[] = table;

export function areaCode(code: string): AreaCode | undefined {
  return byCode.get(code);
}

/** The area code of a North American E.164 number, e.g. `857` for `+18575550100`. */
export function areaCodeOf(e164: string): string | undefined {
  return /^\+1(\d{3})\d{7}$/.exec(e164)?.[1];
}

/** The `FromCity`/`ToState`/… parameters Twilio adds to voice webhooks. */
export function geoParams(prefix: string, e164: string): Record<string, string> {
  const area = areaCode(areaCodeOf(e164) ?? '');
  return {
    [`${prefix}City`]: area?.locality.toUpperCase() ?? '',
    [`${prefix}State`]: area?.region ?? '',
    [`${prefix}Zip`]: area?.postalCode ?? '',
    [`${prefix}Country`]: e164.startsWith('+1') ? 'US' : '',
  };
}
