/**
 * Wall-clock time in a tenant's time zone, with Intl only, so the same functions run
 * in the API, in activities and inside workflows (no clock is read here).
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: Weekday;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    weekday: get('weekday').slice(0, 3).toLowerCase() as Weekday,
  };
}

/** The instant at which the clocks of `timeZone` show this date and time. */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at a guess, then again at the corrected instant (DST edges).
  const guess = wall - offsetMs(new Date(wall), timeZone);
  const instant = wall - offsetMs(new Date(guess), timeZone);
  const back = localParts(new Date(instant), timeZone);
  if (Date.UTC(back.year, back.month - 1, back.day, back.hour, back.minute) === wall) return new Date(instant);
  // A time the clocks skip (2:30 on the night they spring forward) is read with the offset
  // from before the change, which lands as far past the gap as it was into it (3:30), as
  // calendars and JavaScript's Temporal do.
  return new Date(wall - offsetMs(new Date(Math.min(guess, instant)), timeZone));
}

function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** `HH:MM` of a local time, for comparing with opening hours. */
export const clock = (p: { hour: number; minute: number }) => `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
