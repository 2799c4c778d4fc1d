import { clock, localParts, type Weekday } from './local-time';

/** Opening hours per weekday as onboarding stores them; null or absent: closed that day. */
export type BusinessHours = Partial<Record<Weekday, { open: string; close: string } | null>>;

/** True when no hours were given at all: the company is taken to be always open. */
export const hoursUnknown = (hours: BusinessHours | null | undefined) => !hours || Object.keys(hours).length === 0;

/** Whether the company is open at `instant` in its time zone. */
export function isOpenAt(hours: BusinessHours | null | undefined, timeZone: string, instant: Date): boolean {
  if (hoursUnknown(hours)) return true;
  const local = localParts(instant, timeZone);
  const today = hours![local.weekday];
  if (!today) return false;
  const now = clock(local);
  return now >= today.open && now < today.close;
}

/** Whether a visit of `minutes` starting at `instant` fits inside one day's opening hours. */
export function fitsOpeningHours(hours: BusinessHours | null | undefined, timeZone: string, instant: Date, minutes: number): boolean {
  if (hoursUnknown(hours)) return true;
  const local = localParts(instant, timeZone);
  const today = hours![local.weekday];
  if (!today) return false;
  const start = clock(local);
  const endMinutes = local.hour * 60 + local.minute + minutes;
  const end = clock({ hour: Math.floor(endMinutes / 60), minute: endMinutes % 60 });
  // A visit may end at midnight on a day open until 24:00, never run into the next day.
  return start >= today.open && endMinutes <= 24 * 60 && end <= today.close;
}

/** The hours in words, for the agent to tell a caller ("mon 08:00-17:00, tue closed, …"). */
export function describeHours(hours: BusinessHours | null | undefined): string {
  if (hoursUnknown(hours)) return 'no fixed hours';
  return (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)
    .map((d) => `${d} ${hours![d] ? `${hours![d]!.open}-${hours![d]!.close}` : 'closed'}`)
    .join(', ');
}
