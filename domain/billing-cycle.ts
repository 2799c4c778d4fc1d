/**
 * Billing cycles are anchored to activation: the n-th cycle starts n cycles after it.
 * Months are calendar months, clamped to the month's last day (Jan 31 → Feb 28 → Mar 31),
 * always counted from the anchor so that the day of the month does not drift.
 */
export type CycleLength = { months: number } | { ms: number };

export function cycleStart(anchor: Date, index: number, length: CycleLength): Date {
  if ('ms' in length) return new Date(anchor.getTime() + index * length.ms);
  const months = anchor.getUTCMonth() + index * length.months;
  const year = anchor.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(anchor.getUTCDate(), lastDay),
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

export interface Cycle {
  index: number;
  start: string;
  end: string;
}

export function cycleAt(anchor: Date, index: number, length: CycleLength): Cycle {
  return {
    index,
    start: cycleStart(anchor, index, length).toISOString(),
    end: cycleStart(anchor, index + 1, length).toISOString(),
  };
}
