import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Display formats shared by the pages; the console speaks US English and dollars. Times
 * read one way everywhere: "Dec 7, 2026, 9:00 AM", and with the zone's abbreviation
 * ("Dec 7, 2026, 9:00 AM EST") when they are shown in a zone given by name, such as a
 * company's.
 */

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2, minimumFractionDigits: 0 });
const whole = new Intl.NumberFormat('en-US');
/** Passed to react-admin's DateField, so fields and text read the same (in the viewer's zone). */
export const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

const DATE_PARTS: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const TIME_PARTS: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

/** Building a formatter is slow next to using one, and lists format every row. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions, locale = 'en-US'): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/** The viewer's own zone, by name (the browser's, or the process's). */
export const viewerTimeZone = (): string => new Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A zone Intl knows; anything else (a name this browser does not know) is the viewer's. */
function knownZone(timeZone: string): string {
  try {
    formatter({ timeZone });
    return timeZone;
  } catch {
    return viewerTimeZone();
  }
}

/** A plain date ("2026-12-06") names a day, not an instant: it reads the same in every zone. */
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

function instant(value: string | Date): Date | undefined {
  const date = typeof value === 'string' ? new Date(PLAIN_DATE.test(value) ? `${value}T00:00:00Z` : value) : value;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const formatCents = (cents: number): string => dollars.format(cents / 100);

const currencies = new Map<string, Intl.NumberFormat>();
/**
 * "$997.00": an amount billed, in integer cents of its currency (Stripe's lower-case code,
 * "usd"), to the cent as an invoice states it.
 */
export function formatMoney(cents: number, currency: string): string {
  const code = currency.toUpperCase();
  let made = currencies.get(code);
  if (!made) {
    made = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    currencies.set(code, made);
  }
  return made.format(cents / 100);
}
export const formatCount = (n: number): string => whole.format(n);

/**
 * "Dec 7, 2026, 9:00 AM" in the viewer's zone; given a zone, the time there with its
 * abbreviation: "Dec 7, 2026, 9:00 AM EST" ("GMT+9" where the zone has no abbreviation
 * in US English).
 */
export function formatDateTime(iso: string | Date | null | undefined, timeZone?: string | null): string {
  const when = iso ? instant(iso) : undefined;
  if (!when) return '';
  const zone = timeZone ? { timeZone: knownZone(timeZone), timeZoneName: 'short' as const } : {};
  return formatter({ ...DATE_PARTS, ...TIME_PARTS, ...zone }).format(when);
}

/** "Dec 6, 2026": the day alone, in the viewer's zone or the one given (a plain date is that day wherever it is read). */
export function formatDate(iso: string | Date | null | undefined, timeZone?: string | null): string {
  const when = iso ? instant(iso) : undefined;
  if (!when) return '';
  const zone = typeof iso === 'string' && PLAIN_DATE.test(iso) ? 'UTC' : timeZone ? knownZone(timeZone) : undefined;
  return formatter({ ...DATE_PARTS, ...(zone && { timeZone: zone }) }).format(when);
}

/** "9:00 AM", or "9:00 AM EST" given a zone: the time of day, where the date is shown apart. */
export function formatTime(iso: string | Date | null | undefined, timeZone?: string | null): string {
  const when = iso ? instant(iso) : undefined;
  if (!when) return '';
  const zone = timeZone ? { timeZone: knownZone(timeZone), timeZoneName: 'short' as const } : {};
  return formatter({ ...TIME_PARTS, ...zone }).format(when);
}

/** "9:00:05 AM": a time of day to the second, in the viewer's zone or the one given (not named: the page names it). */
export function formatClock(iso: string | Date | null | undefined, timeZone?: string | null): string {
  const when = iso ? instant(iso) : undefined;
  if (!when) return '';
  return formatter({ ...TIME_PARTS, second: '2-digit', ...(timeZone && { timeZone: knownZone(timeZone) }) }).format(when);
}

/** "Monday": the day of the week an instant falls on, in the viewer's zone or the one given. */
export function formatWeekday(iso: string | Date, timeZone?: string | null): string {
  const when = instant(iso);
  return when ? formatter({ weekday: 'long', ...(timeZone && { timeZone: knownZone(timeZone) }) }).format(when) : '';
}

/** "EST", "EDT", "GMT+9": what a zone is called at an instant (summer and winter differ). */
export function zoneAbbreviation(timeZone: string, at: string | Date = new Date()): string {
  const when = instant(at) ?? new Date();
  return formatter({ timeZone: knownZone(timeZone), timeZoneName: 'short' }).formatToParts(when).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** The wall clock of an instant in a zone, as numbers (month 1-12, hour 0-23). */
function wallClock(when: Date, timeZone: string) {
  const parts = formatter({ timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(when);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-12-07": the calendar day an instant falls on in a zone (the viewer's when none is given). */
export function dayIn(iso: string | Date, timeZone?: string | null): string {
  const when = instant(iso);
  if (!when) return '';
  const { year, month, day } = wallClock(when, timeZone ? knownZone(timeZone) : viewerTimeZone());
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** "2026-12-07T09:00": an instant as a zone's wall clock, the value of a datetime-local input. */
export function wallTimeIn(iso: string | Date | null | undefined, timeZone: string): string {
  const when = iso ? instant(iso) : undefined;
  if (!when) return '';
  const { year, month, day, hour, minute } = wallClock(when, knownZone(timeZone));
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const c = wallClock(new Date(ms), timeZone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a zone's wall clock reads "2026-12-07T09:00" (a datetime-local input's value),
 * as an ISO string. A time the clocks skip when summer time starts is read with the offset
 * from before the change (2:30 AM becomes 3:30 AM); a time they pass twice when it ends is
 * the first of the two. Undefined for anything that is not such a value.
 */
export function instantOfWallTime(local: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const zone = knownZone(timeZone);
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return undefined;
  // The offset a few hours either side of the wall time: equal away from a change of clocks.
  const before = offsetAt(asUtc - 12 * 3600_000, zone);
  const after = offsetAt(asUtc + 12 * 3600_000, zone);
  const first = asUtc - before;
  if (before === after) return new Date(first).toISOString();
  // Near a change of clocks: the readings with either offset that land on this wall time,
  // the earlier of the two when both do; in the skipped hour neither does.
  const readings = [first, asUtc - after].filter((ms) => wallTimeIn(new Date(ms), zone) === local.slice(0, 16)).sort((a, b) => a - b);
  return new Date(readings[0] ?? first).toISOString();
}

/**
 * A phone number as people write it: "(617) 466-8365" for a US number, "+44 20 7183 8750"
 * for any other; what cannot be read as a number is shown as it is.
 */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'US' ? parsed.formatNational() : parsed.formatInternational();
}

/** "2d 03:04:05", "03:04:05": the time left before a timer fires, to the second. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** "0:42", "12:05", "1:02:03": how long a call lasted, as a clock. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '';
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(total % 60)}` : `${minutes}:${pad(total % 60)}`;
}

const bytes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
/** "812 B", "4.2 KB", "1.3 MB": a file's size, in powers of 1024. */
export function formatBytes(n: number | null | undefined): string {
  if (n == null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytes.format(value)} ${units[unit]}`;
}
