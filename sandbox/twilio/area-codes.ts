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

/** One area code a line: code | locality | region | postal code | rate center | LATA | latitude | longitude. */
const TABLE = `
857 | Boston        | MA | 02108 | BOSTON     | 128 | 42.3584 | -71.0598
617 | Boston        | MA | 02110 | BOSTON     | 128 | 42.3601 | -71.0589
212 | New York      | NY | 10001 | NWYRCYZN01 | 132 | 40.7506 | -73.9972
312 | Chicago       | IL | 60601 | CHICAGO    | 358 | 41.8858 | -87.6181
415 | San Francisco | CA | 94105 | SNFC CNTRL | 722 | 37.7898 | -122.3942
512 | Austin        | TX | 78701 | AUSTIN     | 558 | 30.2711 | -97.7437
214 | Dallas        | TX | 75201 | DALLAS     | 552 | 32.7876 | -96.7994
305 | Miami         | FL | 33130 | MIAMI      | 460 | 25.7673 | -80.2036
206 | Seattle       | WA | 98101 | SEATTLE    | 674 | 47.6114 | -122.3305
303 | Denver        | CO | 80202 | DENVER     | 656 | 39.7527 | -104.9995
404 | Atlanta       | GA | 30303 | ATLANTA    | 438 | 33.7526 | -84.3915
602 | Phoenix       | AZ | 85004 | PHOENIX    | 666 | 33.4515 | -112.0685
`;

type Row = [code: string, locality: string, region: string, postalCode: string, rateCenter: string, lata: string, latitude: string, longitude: string];

const table: AreaCode[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [code, locality, region, postalCode, rateCenter, lata, latitude, longitude] = line.split('|').map((cell) => cell.trim()) as Row;
    return { code, locality, region, postalCode, rateCenter, lata, latitude: Number(latitude), longitude: Number(longitude) };
  });

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
