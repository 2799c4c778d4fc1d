import { dayIn } from '../format';

/**
 * Calendar weeks as days ("2026-12-07"), Monday first (as US service businesses plan their
 * week). A day is a date, not an instant: each visit lands on the day it falls on in its
 * company's zone, wherever the operator is.
 */

/** Day arithmetic on dates alone, at noon UTC, where no zone's change of clocks can reach. */
const noonOf = (day: string) => new Date(`${day}T12:00:00Z`);

export function addDays(day: string, days: number): string {
  const moved = noonOf(day);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** The Monday of the week a day is in. */
export const startOfWeek = (day: string): string => addDays(day, -((noonOf(day).getUTCDay() + 6) % 7));

/** Today, in the viewer's zone. */
export const today = (): string => dayIn(new Date());

export function startOfToday(): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/**
 * Every instant that is on one of the week's days somewhere: from the Sunday before to the
 * Tuesday after, in UTC (zones are at most 14 hours from it).
 */
export function weekQueryRange(start: string): { after: string; before: string } {
  return { after: `${addDays(start, -1)}T00:00:00.000Z`, before: `${addDays(start, 8)}T00:00:00.000Z` };
}

const weekdayOf = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });
const dayOfMonth = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayRange = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "Mon Dec 7": a column's heading. */
export const formatDayHeading = (day: string): string => `${weekdayOf.format(noonOf(day))} ${dayOfMonth.format(noonOf(day))}`;

/** "Mar 2 – 8, 2026", "Mar 30 – Apr 5, 2026". */
export const formatWeek = (start: string): string => dayRange.formatRange(noonOf(start), noonOf(addDays(start, 6)));
