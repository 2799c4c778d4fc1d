import { localParts, WEEKDAYS, zonedTime } from './local-time';

/**
 * Reads the date and time a caller agreed on, as the model passes them to
 * `book_appointment`: ISO (`2026-11-24`, `14:30`) or as people say them (`Tuesday`,
 * `tomorrow`, `June 3`, `6/3`; `10am`, `2:30 PM`, `noon`). Relative words are read in
 * the company's time zone from `now`. Undefined when either cannot be read.
 */
export function appointmentInstant(date: string, time: string, now: Date, timeZone: string): Date | undefined {
  const day = readDate(date.trim().toLowerCase(), now, timeZone);
  const at = readTime(time.trim().toLowerCase());
  if (!day || !at) return undefined;
  const instant = zonedTime(day.year, day.month, day.day, at.hour, at.minute, timeZone);
  // "Tuesday at 10am" said on a Tuesday afternoon means next week's.
  if (day.weekday && instant.getTime() <= now.getTime()) return zonedTime(day.year, day.month, day.day + 7, at.hour, at.minute, timeZone);
  return instant;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface CalendarDay {
  year: number;
  month: number;
  day: number;
  /** Named by its weekday, so a time already past means the same weekday next week. */
  weekday?: boolean;
}

function readDate(text: string, now: Date, timeZone: string): CalendarDay | undefined {
  const today = localParts(now, timeZone);
  const plusDays = (n: number): CalendarDay => {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + n));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  };
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return valid({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) });
  if (/\btoday\b/.test(text)) return plusDays(0);
  if (/\btomorrow\b/.test(text)) return plusDays(1);
  // A date said outright wins over the weekday said with it ("Thursday, June 3").
  const named = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?/.exec(text);
  const numeric = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/.exec(text);
  if (named || numeric) {
    const month = named ? MONTHS.indexOf(named[1]!) + 1 : Number(numeric![1]);
    const day = Number(named ? named[2] : numeric![2]);
    const said = named ? named[3] : numeric![3];
    if (said) return valid({ year: said.length === 2 ? 2000 + Number(said) : Number(said), month, day });
    // A date without a year is the next one to come.
    const passed = month < today.month || (month === today.month && day < today.day);
    return valid({ year: today.year + (passed ? 1 : 0), month, day });
  }
  const weekday = WEEKDAYS.findIndex((d) => WEEKDAY_NAMES[d].test(text));
  if (weekday < 0) return undefined;
  // The next such day; today's name means a week from today only when said as "next".
  let ahead = (weekday - WEEKDAYS.indexOf(today.weekday) + 7) % 7;
  if (ahead === 0 && /\bnext\b/.test(text)) ahead = 7;
  return { ...plusDays(ahead), weekday: true };
}

/** A weekday as people say or write it: whole words only, so "month" is not Monday nor "sunny" Sunday. */
const WEEKDAY_NAMES: Record<(typeof WEEKDAYS)[number], RegExp> = {
  sun: /\bsun(day)?\b/,
  mon: /\bmon(day)?\b/,
  tue: /\btue(s|sday)?\b/,
  wed: /\bwed(nesday)?\b/,
  thu: /\bthu(r|rs|rsday)?\b/,
  fri: /\bfri(day)?\b/,
  sat: /\bsat(urday)?\b/,
};

function valid(d: CalendarDay): CalendarDay | undefined {
  const probe = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return probe.getUTCMonth() === d.month - 1 && probe.getUTCDate() === d.day ? d : undefined;
}

function readTime(text: string): { hour: number; minute: number } | undefined {
  if (/\bnoon\b/.test(text)) return { hour: 12, minute: 0 };
  const ampm = /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b/.exec(text);
  if (ampm) {
    const hour = Number(ampm[1]);
    const minute = Number(ampm[2] ?? 0);
    if (hour < 1 || hour > 12 || minute > 59) return undefined;
    return { hour: (hour % 12) + (ampm[3] === 'p' ? 12 : 0), minute };
  }
  const h24 = /\b(\d{1,2}):(\d{2})\b/.exec(text);
  if (h24 && Number(h24[1]) < 24 && Number(h24[2]) < 60) return { hour: Number(h24[1]), minute: Number(h24[2]) };
  return undefined;
}
