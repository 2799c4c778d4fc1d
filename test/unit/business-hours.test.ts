import { describeHours, fitsOpeningHours, hoursUnknown, isOpenAt, type BusinessHours } from '../../domain/business-hours';

const NEW_YORK = 'America/New_York';
const LOS_ANGELES = 'America/Los_Angeles';
const at = (iso: string) => new Date(iso);

const weekdays = { open: '08:00', close: '17:00' };
/** Monday to Friday 8 to 5, Saturday morning, closed on Sunday. */
const officeHours: BusinessHours = { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: { open: '09:00', close: '13:00' }, sun: null };

describe('business hours', () => {
  describe('open or closed', () => {
    it('opens at the opening minute and closes at the closing minute, in the company’s zone', () => {
      // Monday, November 16, 2026 (EST, UTC−5).
      expect(isOpenAt(officeHours, NEW_YORK, at('2026-11-16T12:59:00Z'))).toBe(false); // 07:59
      expect(isOpenAt(officeHours, NEW_YORK, at('2026-11-16T13:00:00Z'))).toBe(true); // 08:00
      expect(isOpenAt(officeHours, NEW_YORK, at('2026-11-16T21:59:00Z'))).toBe(true); // 16:59
      expect(isOpenAt(officeHours, NEW_YORK, at('2026-11-16T22:00:00Z'))).toBe(false); // 17:00
    });

    it('follows the zone’s summer time: 8:00 is an hour earlier in UTC in July', () => {
      // Monday, July 13, 2026 (EDT, UTC−4).
      expect(isOpenAt(officeHours, NEW_YORK, at('2026-07-13T12:00:00Z'))).toBe(true); // 08:00 EDT
      // The same UTC time of day in November is 07:00 EST.
      expect(isOpenAt(officeHours, NEW_YORK, at('2026-11-16T12:00:00Z'))).toBe(false);
    });

    it('opens at the local opening time on the days the clocks change', () => {
      const sundays: BusinessHours = { sun: { open: '09:00', close: '17:00' } };
      // Sunday, March 8, 2026: clocks went on at 2:00, so 9:00 is EDT (13:00 UTC).
      expect(isOpenAt(sundays, NEW_YORK, at('2026-03-08T12:59:00Z'))).toBe(false); // 08:59 EDT
      expect(isOpenAt(sundays, NEW_YORK, at('2026-03-08T13:00:00Z'))).toBe(true); // 09:00 EDT
      // Sunday, November 1, 2026: clocks went back at 2:00, so 9:00 is EST (14:00 UTC).
      expect(isOpenAt(sundays, NEW_YORK, at('2026-11-01T13:30:00Z'))).toBe(false); // 08:30 EST
      expect(isOpenAt(sundays, NEW_YORK, at('2026-11-01T14:00:00Z'))).toBe(true); // 09:00 EST
      expect(isOpenAt(sundays, NEW_YORK, at('2026-11-01T21:59:00Z'))).toBe(true); // 16:59 EST
      expect(isOpenAt(sundays, NEW_YORK, at('2026-11-01T22:00:00Z'))).toBe(false); // 17:00 EST
    });

    it('takes the local weekday when UTC has already passed midnight', () => {
      const lateFriday: BusinessHours = { fri: { open: '08:00', close: '22:00' }, sat: null };
      // Friday, November 20, 2026 at 9:00 PM in Los Angeles is Saturday 05:00 in UTC.
      expect(isOpenAt(lateFriday, LOS_ANGELES, at('2026-11-21T05:00:00Z'))).toBe(true);
      expect(isOpenAt(lateFriday, LOS_ANGELES, at('2026-11-21T06:00:00Z'))).toBe(false); // 22:00
    });

    it('takes the local weekday when UTC has not reached midnight yet', () => {
      // Monday, November 23, 2026 at 8:30 AM in Tokyo is Sunday 23:30 in UTC.
      expect(isOpenAt(officeHours, 'Asia/Tokyo', at('2026-11-22T23:30:00Z'))).toBe(true);
      expect(isOpenAt(officeHours, 'UTC', at('2026-11-22T23:30:00Z'))).toBe(false);
    });

    it('stays open until midnight with a closing time of 24:00, and the next day has its own hours', () => {
      const lateNights: BusinessHours = { fri: { open: '18:00', close: '24:00' }, sat: null };
      // Friday, November 20, 2026 (EST).
      expect(isOpenAt(lateNights, NEW_YORK, at('2026-11-21T04:59:00Z'))).toBe(true); // Friday 23:59
      expect(isOpenAt(lateNights, NEW_YORK, at('2026-11-21T05:00:00Z'))).toBe(false); // Saturday 00:00
    });

    it('is open all day with 00:00–24:00', () => {
      const aroundTheClock: BusinessHours = { sat: { open: '00:00', close: '24:00' } };
      // Saturday, November 21, 2026 (EST).
      expect(isOpenAt(aroundTheClock, NEW_YORK, at('2026-11-21T05:00:00Z'))).toBe(true); // 00:00
      expect(isOpenAt(aroundTheClock, NEW_YORK, at('2026-11-21T17:00:00Z'))).toBe(true); // 12:00
      expect(isOpenAt(aroundTheClock, NEW_YORK, at('2026-11-22T04:59:00Z'))).toBe(true); // 23:59
    });

    it('is closed on a day marked closed and on a day not listed', () => {
      expect(isOpenAt(officeHours, NEW_YORK, at('2026-11-22T17:00:00Z'))).toBe(false); // Sunday noon: null
      expect(isOpenAt({ mon: weekdays }, NEW_YORK, at('2026-11-17T17:00:00Z'))).toBe(false); // Tuesday noon: absent
    });

    it('is always open when no hours were given', () => {
      for (const none of [null, undefined, {}]) {
        expect(hoursUnknown(none)).toBe(true);
        expect(isOpenAt(none, NEW_YORK, at('2026-11-22T08:00:00Z'))).toBe(true); // Sunday 03:00
      }
      // Every day marked closed is a choice, not missing hours.
      expect(hoursUnknown({ sun: null })).toBe(false);
      expect(isOpenAt({ sun: null }, NEW_YORK, at('2026-11-16T17:00:00Z'))).toBe(false);
    });
  });

  describe('a visit fits the hours', () => {
    const hour = 60;

    it('when it starts at or after opening and ends by closing time on the same day', () => {
      // Monday, November 16, 2026 (EST).
      expect(fitsOpeningHours(officeHours, NEW_YORK, at('2026-11-16T13:00:00Z'), hour)).toBe(true); // 08:00–09:00
      expect(fitsOpeningHours(officeHours, NEW_YORK, at('2026-11-16T21:00:00Z'), hour)).toBe(true); // 16:00–17:00
      expect(fitsOpeningHours(officeHours, NEW_YORK, at('2026-11-16T21:30:00Z'), hour)).toBe(false); // 16:30–17:30
      expect(fitsOpeningHours(officeHours, NEW_YORK, at('2026-11-16T12:30:00Z'), hour)).toBe(false); // 07:30–08:30
      expect(fitsOpeningHours(officeHours, NEW_YORK, at('2026-11-21T16:00:00Z'), 2 * hour)).toBe(true); // Saturday 11:00–13:00
      expect(fitsOpeningHours(officeHours, NEW_YORK, at('2026-11-21T16:00:00Z'), 2 * hour + 1)).toBe(false);
    });

    it('up to midnight on a day open until 24:00, and not past it', () => {
      const lateFriday: BusinessHours = { fri: { open: '18:00', close: '24:00' } };
      expect(fitsOpeningHours(lateFriday, NEW_YORK, at('2026-11-21T04:00:00Z'), hour)).toBe(true); // Friday 23:00–24:00
      expect(fitsOpeningHours(lateFriday, NEW_YORK, at('2026-11-21T04:30:00Z'), hour)).toBe(false); // Friday 23:30–00:30
    });

    it('not on a closed day', () => {
      expect(fitsOpeningHours(officeHours, NEW_YORK, at('2026-11-22T15:00:00Z'), hour)).toBe(false); // Sunday 10:00
    });

    it('by the local clock when UTC is on another day', () => {
      const lateFriday: BusinessHours = { fri: { open: '08:00', close: '22:00' } };
      // Friday, November 20, 2026, 20:30–21:30 in Los Angeles: Saturday in UTC.
      expect(fitsOpeningHours(lateFriday, LOS_ANGELES, at('2026-11-21T04:30:00Z'), hour)).toBe(true);
    });

    it('not when it would run past midnight, even into a day open around the clock', () => {
      const lateNights: BusinessHours = { fri: { open: '18:00', close: '24:00' }, sat: { open: '00:00', close: '24:00' } };
      expect(fitsOpeningHours(lateNights, NEW_YORK, at('2026-11-21T03:00:00Z'), hour)).toBe(true); // Friday 22:00–23:00
      expect(fitsOpeningHours(lateNights, NEW_YORK, at('2026-11-21T04:30:00Z'), hour)).toBe(false); // Friday 23:30–00:30
    });

    it('always, when no hours were given', () => {
      expect(fitsOpeningHours({}, NEW_YORK, at('2026-11-22T08:00:00Z'), hour)).toBe(true);
      expect(fitsOpeningHours(null, NEW_YORK, at('2026-11-22T08:00:00Z'), hour)).toBe(true);
    });
  });

  describe('in words for the agent', () => {
    it('names every day from Monday to Sunday, closed ones included, whatever order they were stored in', () => {
      expect(describeHours({ sat: { open: '09:00', close: '13:00' }, mon: weekdays, fri: { open: '08:00', close: '24:00' } })).toBe(
        'mon 08:00-17:00, tue closed, wed closed, thu closed, fri 08:00-24:00, sat 09:00-13:00, sun closed',
      );
      expect(describeHours(officeHours)).toBe('mon 08:00-17:00, tue 08:00-17:00, wed 08:00-17:00, thu 08:00-17:00, fri 08:00-17:00, sat 09:00-13:00, sun closed');
    });

    it('says there are no fixed hours when none were given', () => {
      expect(describeHours(null)).toBe('no fixed hours');
      expect(describeHours({})).toBe('no fixed hours');
    });
  });
});
