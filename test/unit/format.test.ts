import {
  dayIn,
  formatDate,
  formatDateTime,
  formatPhone,
  formatTime,
  formatWeekday,
  instantOfWallTime,
  viewerTimeZone,
  wallTimeIn,
  zoneAbbreviation,
} from '../../admin-ui/src/format';

/** Intl may put a narrow no-break space before AM/PM; people read it as a space. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

/** A zone other than the machine's, whatever the machine's is. */
const FAR_AWAY = viewerTimeZone() === 'Asia/Tokyo' ? 'Pacific/Auckland' : 'Asia/Tokyo';

describe('console date and time formats', () => {
  it("shows a company's time in its zone with the zone's abbreviation, whatever the viewer's zone", () => {
    // Tomorrow at 9:00 AM in Boston, as the agent told the caller.
    expect(plain(formatDateTime('2026-12-07T14:00:00Z', 'America/New_York'))).toBe('Dec 7, 2026, 9:00 AM EST');
    expect(plain(formatDateTime('2026-12-07T14:00:00Z', FAR_AWAY))).not.toContain('9:00 AM');
    expect(plain(formatDateTime('2026-12-07T14:00:00Z', 'Asia/Tokyo'))).toBe('Dec 7, 2026, 11:00 PM GMT+9');
    expect(plain(formatDateTime('2026-12-07T14:00:00Z', 'America/Los_Angeles'))).toBe('Dec 7, 2026, 6:00 AM PST');
  });

  it('names summer and winter time apart, across a change of the clocks', () => {
    // US summer time ends on Sunday, November 1, 2026 at 2:00 AM (clocks go back to 1:00 AM).
    expect(plain(formatDateTime('2026-11-01T05:30:00Z', 'America/New_York'))).toBe('Nov 1, 2026, 1:30 AM EDT');
    expect(plain(formatDateTime('2026-11-01T06:30:00Z', 'America/New_York'))).toBe('Nov 1, 2026, 1:30 AM EST');
    // It starts on Sunday, March 8, 2026 at 2:00 AM (clocks go on to 3:00 AM).
    expect(plain(formatDateTime('2026-03-08T06:59:00Z', 'America/New_York'))).toBe('Mar 8, 2026, 1:59 AM EST');
    expect(plain(formatDateTime('2026-03-08T07:00:00Z', 'America/New_York'))).toBe('Mar 8, 2026, 3:00 AM EDT');
    expect(zoneAbbreviation('America/New_York', '2026-07-04T12:00:00Z')).toBe('EDT');
    expect(zoneAbbreviation('America/New_York', '2026-12-25T12:00:00Z')).toBe('EST');
  });

  it("shows the viewer's own times without a zone, in the same words", () => {
    const iso = '2026-12-07T14:00:00Z';
    const expected = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    expect(plain(formatDateTime(iso))).toBe(plain(expected));
    expect(plain(formatDateTime(iso))).toMatch(/^Dec [67], 2026, \d{1,2}:00 [AP]M$/);
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDateTime('not a time')).toBe('');
  });

  it('falls back to the viewer’s zone, named, for a zone it does not know', () => {
    const iso = '2026-12-07T14:00:00Z';
    expect(formatDateTime(iso, 'Mars/Olympus_Mons')).toBe(formatDateTime(iso, viewerTimeZone()));
  });

  it('shows dates alone, and a plain date as that day in every zone', () => {
    expect(formatDate('2026-12-07T02:00:00Z', 'America/New_York')).toBe('Dec 6, 2026');
    expect(formatDate('2026-12-07T02:00:00Z', 'Asia/Tokyo')).toBe('Dec 7, 2026');
    expect(formatDate('2026-12-06')).toBe('Dec 6, 2026');
    expect(formatDate('2026-12-06', 'Pacific/Honolulu')).toBe('Dec 6, 2026');
    expect(formatDate('')).toBe('');
  });

  it('shows a time of day and its weekday in a zone', () => {
    expect(plain(formatTime('2026-12-07T14:00:00Z', 'America/New_York'))).toBe('9:00 AM EST');
    expect(formatWeekday('2026-12-07T14:00:00Z', 'America/New_York')).toBe('Monday');
    expect(formatWeekday('2026-12-07T02:00:00Z', 'America/New_York')).toBe('Sunday');
  });

  it('puts an instant on the calendar day of a zone', () => {
    // 11 PM in Boston on the 6th is already the 7th in Tokyo.
    expect(dayIn('2026-12-07T04:00:00Z', 'America/New_York')).toBe('2026-12-06');
    expect(dayIn('2026-12-07T04:00:00Z', 'Asia/Tokyo')).toBe('2026-12-07');
  });

  it("reads a datetime input's wall time in a company's zone, both ways", () => {
    expect(wallTimeIn('2026-12-07T14:00:00Z', 'America/New_York')).toBe('2026-12-07T09:00');
    expect(instantOfWallTime('2026-12-07T09:00', 'America/New_York')).toBe('2026-12-07T14:00:00.000Z');
    expect(instantOfWallTime('2026-07-07T09:00', 'America/New_York')).toBe('2026-07-07T13:00:00.000Z');
    expect(instantOfWallTime('2026-12-07T09:00', 'Asia/Tokyo')).toBe('2026-12-07T00:00:00.000Z');
    // Either side of the spring change, on the day itself and the evening before.
    expect(instantOfWallTime('2026-03-08T09:00', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
    expect(instantOfWallTime('2026-03-07T21:00', 'America/New_York')).toBe('2026-03-08T02:00:00.000Z');
    // The skipped hour is read with winter's offset: 2:30 AM EST is 3:30 AM EDT.
    expect(instantOfWallTime('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    // The hour passed twice in autumn is its first pass (EDT); the morning after is EST.
    expect(instantOfWallTime('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(instantOfWallTime('2026-11-01T09:00', 'America/New_York')).toBe('2026-11-01T14:00:00.000Z');
    expect(instantOfWallTime('2026-10-31T21:00', 'America/New_York')).toBe('2026-11-01T01:00:00.000Z');
    expect(instantOfWallTime('Monday at nine', 'America/New_York')).toBeUndefined();
    // Every wall time of a day reads back as itself, across the change.
    for (let hour = 0; hour < 24; hour++) {
      const local = `2026-11-01T${String(hour).padStart(2, '0')}:15`;
      expect(wallTimeIn(instantOfWallTime(local, 'America/New_York')!, 'America/New_York')).toBe(local);
    }
  });

  it('writes phone numbers as people do: national for US numbers, international for others', () => {
    expect(formatPhone('+16174668365')).toBe('(617) 466-8365');
    expect(formatPhone('+17745550100')).toBe('(774) 555-0100');
    expect(formatPhone('+442071838750')).toBe('+44 20 7183 8750');
    expect(formatPhone('+14165550123')).toBe('+1 416 555 0123');
    expect(formatPhone('anonymous')).toBe('anonymous');
    expect(formatPhone(null)).toBe('');
  });
});
