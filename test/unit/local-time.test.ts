import { clock, localParts, zonedTime } from '../../domain/local-time';

const NEW_YORK = 'America/New_York';
const iso = (d: Date) => d.toISOString();

describe("wall-clock time in a company's zone", () => {
  it('reads the same instant as each zone’s clocks show it, weekday included', () => {
    // Sunday evening on the west coast is already Monday in UTC and in Tokyo.
    const instant = new Date('2026-11-23T03:00:00Z');
    expect(localParts(instant, 'America/Los_Angeles')).toEqual({ year: 2026, month: 11, day: 22, hour: 19, minute: 0, weekday: 'sun' });
    expect(localParts(instant, NEW_YORK)).toEqual({ year: 2026, month: 11, day: 22, hour: 22, minute: 0, weekday: 'sun' });
    expect(localParts(instant, 'Asia/Tokyo')).toEqual({ year: 2026, month: 11, day: 23, hour: 12, minute: 0, weekday: 'mon' });
    expect(localParts(instant, 'UTC')).toEqual({ year: 2026, month: 11, day: 23, hour: 3, minute: 0, weekday: 'mon' });
  });

  it('calls midnight hour 0 of the new day, not hour 24 of the old one', () => {
    expect(localParts(new Date('2026-11-23T08:00:00Z'), 'America/Los_Angeles')).toMatchObject({ day: 23, hour: 0, minute: 0, weekday: 'mon' });
  });

  it('finds the instant of a wall time in winter and in summer', () => {
    expect(iso(zonedTime(2026, 12, 25, 9, 0, NEW_YORK))).toBe('2026-12-25T14:00:00.000Z'); // EST, UTC−5
    expect(iso(zonedTime(2026, 7, 4, 9, 0, NEW_YORK))).toBe('2026-07-04T13:00:00.000Z'); // EDT, UTC−4
    // South of the equator summer is in January.
    expect(iso(zonedTime(2026, 1, 15, 9, 0, 'Australia/Sydney'))).toBe('2026-01-14T22:00:00.000Z'); // AEDT, UTC+11
    expect(iso(zonedTime(2026, 7, 15, 9, 0, 'Australia/Sydney'))).toBe('2026-07-14T23:00:00.000Z'); // AEST, UTC+10
  });

  it('reads a time the clocks skip as the time as far past the gap, and an hour said twice as its first', () => {
    expect(iso(zonedTime(2026, 3, 8, 2, 30, NEW_YORK))).toBe('2026-03-08T07:30:00.000Z'); // 3:30 EDT
    expect(iso(zonedTime(2026, 11, 1, 1, 30, NEW_YORK))).toBe('2026-11-01T05:30:00.000Z'); // the first 1:30, EDT
  });

  it('handles zones whose offset is not whole hours', () => {
    expect(iso(zonedTime(2026, 11, 23, 9, 0, 'Asia/Kolkata'))).toBe('2026-11-23T03:30:00.000Z');
    expect(iso(zonedTime(2026, 11, 23, 9, 0, 'Asia/Kathmandu'))).toBe('2026-11-23T03:15:00.000Z');
  });

  it('gets the hours right on both days the clocks change', () => {
    // Sunday, March 8, 2026: at 2:00 AM EST the clocks go on to 3:00 AM EDT.
    expect(iso(zonedTime(2026, 3, 8, 1, 59, NEW_YORK))).toBe('2026-03-08T06:59:00.000Z');
    expect(iso(zonedTime(2026, 3, 8, 3, 0, NEW_YORK))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedTime(2026, 3, 8, 10, 0, NEW_YORK))).toBe('2026-03-08T14:00:00.000Z');
    // Sunday, November 1, 2026: at 2:00 AM EDT the clocks go back to 1:00 AM EST; 1:30 comes twice, the first is taken.
    expect(iso(zonedTime(2026, 11, 1, 1, 30, NEW_YORK))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(zonedTime(2026, 11, 1, 2, 30, NEW_YORK))).toBe('2026-11-01T07:30:00.000Z');
    expect(iso(zonedTime(2026, 11, 1, 10, 0, NEW_YORK))).toBe('2026-11-01T15:00:00.000Z');
  });

  it('gives back every wall time of a day the clocks change, read again in the zone', () => {
    for (const [month, day, missingHour] of [
      [3, 8, 2],
      [11, 1, -1],
    ] as const) {
      for (let hour = 0; hour < 24; hour++) {
        if (hour === missingHour) continue;
        expect(localParts(zonedTime(2026, month, day, hour, 15, NEW_YORK), NEW_YORK)).toMatchObject({ month, day, hour, minute: 15 });
      }
    }
  });

  it('rolls a day past the end of the month into the next month and year', () => {
    // How "the same weekday next week" is reached: seven days on from December 29.
    expect(iso(zonedTime(2026, 12, 29 + 7, 10, 0, NEW_YORK))).toBe('2027-01-05T15:00:00.000Z');
  });

  it('writes a time of day as HH:MM, the way opening hours are written', () => {
    expect(clock({ hour: 7, minute: 5 })).toBe('07:05');
    expect(clock({ hour: 0, minute: 0 })).toBe('00:00');
    expect(clock({ hour: 23, minute: 59 })).toBe('23:59');
    // Compared as text with opening hours, so the padding is what makes 9:00 come before 10:00.
    expect(clock({ hour: 9, minute: 0 }) < '10:00').toBe(true);
  });
});
