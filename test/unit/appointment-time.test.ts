import { appointmentInstant } from '../../domain/appointment-time';

const LOS_ANGELES = 'America/Los_Angeles';

/** The agreed day and time as an ISO instant, or undefined when they cannot be read. */
const booked = (date: string, time: string, now: Date, timeZone = LOS_ANGELES) => appointmentInstant(date, time, now, timeZone)?.toISOString();

describe('appointment times as callers say them', () => {
  // Sunday, November 22, 2026 at 7:00 PM in Los Angeles: already Monday 03:00 in UTC.
  const sundayEvening = new Date('2026-11-23T03:00:00Z');
  const at = (date: string, time: string) => booked(date, time, sundayEvening);

  it('reads "tomorrow at 10am" on a Sunday evening as Monday 10am in the company’s zone', () => {
    expect(at('tomorrow', '10am')).toBe('2026-11-23T18:00:00.000Z'); // Monday 10:00 PST
    expect(at('Tomorrow', '10 AM')).toBe('2026-11-23T18:00:00.000Z');
  });

  it('reads "today" as the company’s today, not UTC’s', () => {
    expect(at('today', '8pm')).toBe('2026-11-23T04:00:00.000Z'); // Sunday 20:00 PST
    // The same instant is Monday noon in Tokyo, so "today" there is Monday.
    expect(booked('today', '3pm', sundayEvening, 'Asia/Tokyo')).toBe('2026-11-23T06:00:00.000Z');
  });

  it('reads a weekday as the next such day', () => {
    expect(at('Monday', '9:30 AM')).toBe('2026-11-23T17:30:00.000Z');
    expect(at('saturday', 'noon')).toBe('2026-11-28T20:00:00.000Z');
    expect(at('on Thursday', '2:30 pm')).toBe('2026-11-26T22:30:00.000Z');
  });

  it("reads today's weekday as today while the time is still ahead, and as next week's once it has passed", () => {
    expect(at('Sunday', '8pm')).toBe('2026-11-23T04:00:00.000Z'); // tonight
    expect(at('Sunday', '6pm')).toBe('2026-11-30T02:00:00.000Z'); // an hour ago: next Sunday
    expect(at('Sunday', '7pm')).toBe('2026-11-30T03:00:00.000Z'); // this very minute: next Sunday
  });

  it('reads "next" with today’s weekday as a week from today', () => {
    expect(at('next Sunday', '8pm')).toBe('2026-11-30T04:00:00.000Z');
  });

  it('reads the times people say and the 24-hour times the model writes', () => {
    const on = (time: string) => booked('2026-12-01', time, sundayEvening);
    expect(on('10am')).toBe('2026-12-01T18:00:00.000Z');
    expect(on('10 a.m.')).toBe('2026-12-01T18:00:00.000Z');
    expect(on('2:30 PM')).toBe('2026-12-01T22:30:00.000Z');
    expect(on('14:30')).toBe('2026-12-01T22:30:00.000Z');
    expect(on('noon')).toBe('2026-12-01T20:00:00.000Z');
    expect(on('12pm')).toBe('2026-12-01T20:00:00.000Z');
    expect(on('12am')).toBe('2026-12-01T08:00:00.000Z'); // midnight at the start of the day
    expect(on('00:00')).toBe('2026-12-01T08:00:00.000Z');
  });

  it('reads ISO dates in the company’s zone, summer time included', () => {
    expect(at('2026-12-01', '09:00')).toBe('2026-12-01T17:00:00.000Z'); // PST, UTC−8
    expect(at('2027-07-01', '09:00')).toBe('2027-07-01T16:00:00.000Z'); // PDT, UTC−7
  });

  it('reads a date without a year as the next one to come', () => {
    expect(at('Dec 24', '9am')).toBe('2026-12-24T17:00:00.000Z');
    expect(at('December 24', '9am')).toBe('2026-12-24T17:00:00.000Z');
    expect(at('dec. 24', '9am')).toBe('2026-12-24T17:00:00.000Z');
    expect(at('12/24', '9am')).toBe('2026-12-24T17:00:00.000Z');
    expect(at('Nov 22', '8pm')).toBe('2026-11-23T04:00:00.000Z'); // today
    expect(at('November 21', '9am')).toBe('2027-11-21T17:00:00.000Z'); // yesterday: next year's
    expect(at('June 3', '9am')).toBe('2027-06-03T16:00:00.000Z');
    expect(at('6/3', '9am')).toBe('2027-06-03T16:00:00.000Z');
  });

  it('counts days across the night the clocks go back', () => {
    // Saturday, October 31, 2026 at 9:00 PM PDT; at 2:00 AM the clocks go back to PST.
    const saturdayNight = new Date('2026-11-01T04:00:00Z');
    expect(booked('tomorrow', '10am', saturdayNight)).toBe('2026-11-01T18:00:00.000Z'); // Sunday 10:00 PST
    expect(booked('today', '11pm', saturdayNight)).toBe('2026-11-01T06:00:00.000Z'); // Saturday 23:00 PDT
    expect(booked('Monday', '8am', saturdayNight)).toBe('2026-11-02T16:00:00.000Z'); // Monday 08:00 PST
  });

  it('counts days across the turn of the year', () => {
    // Thursday, December 31, 2026 at 11:30 PM in Los Angeles; 2027 in UTC already.
    const newYearsEve = new Date('2027-01-01T07:30:00Z');
    expect(booked('tomorrow', '9am', newYearsEve)).toBe('2027-01-01T17:00:00.000Z');
    expect(booked('Jan 2', '9am', newYearsEve)).toBe('2027-01-02T17:00:00.000Z');
    expect(booked('Monday', '9am', newYearsEve)).toBe('2027-01-04T17:00:00.000Z');
  });

  it('refuses a day or a time it cannot read', () => {
    expect(at('someday', '10am')).toBeUndefined();
    expect(at('', '10am')).toBeUndefined();
    expect(at('tomorrow', 'later')).toBeUndefined();
    expect(at('tomorrow', '')).toBeUndefined();
    expect(at('tomorrow', '10')).toBeUndefined();
  });

  it('refuses days and times that do not exist', () => {
    expect(at('2026-02-29', '10:00')).toBeUndefined(); // 2026 is not a leap year
    expect(at('February 30', '10am')).toBeUndefined();
    expect(at('13/01', '10am')).toBeUndefined();
    expect(at('2026-13-01', '10:00')).toBeUndefined();
    expect(at('tomorrow', '13pm')).toBeUndefined();
    expect(at('tomorrow', '0am')).toBeUndefined();
    expect(at('tomorrow', '10:75 am')).toBeUndefined();
    expect(at('tomorrow', '25:00')).toBeUndefined();
  });

  it('takes a date said outright over the weekday said with it, and a year when one is given', () => {
    expect(at('Thursday, June 3', '9am')).toBe('2027-06-03T16:00:00.000Z');
    expect(at('12/1/2027', '9am')).toBe('2027-12-01T17:00:00.000Z');
    expect(at('December 1st, 2027', '9am')).toBe('2027-12-01T17:00:00.000Z');
  });

  it('hears weekdays only as whole words', () => {
    expect(at('next month', '10am')).toBeUndefined();
    expect(at('a sunny day', '10am')).toBeUndefined();
    expect(at('tues', '10am')).toBe('2026-11-24T18:00:00.000Z');
  });

  it('takes the leap day in a leap year', () => {
    expect(at('2028-02-29', '10:00')).toBe('2028-02-29T18:00:00.000Z');
  });
});
