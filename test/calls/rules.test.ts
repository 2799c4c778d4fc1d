import { appointmentInstant } from '../../domain/appointment-time';
import { fitsOpeningHours, isOpenAt } from '../../domain/business-hours';
import { callSettings } from '../../domain/call-settings';
import { emergencyKeyword } from '../../domain/emergency';

/** The call path's pure rules: dates as callers say them, opening hours, emergency words, settings. */
describe('appointment times', () => {
  // Wednesday 2026-11-18, 15:00 in New York (20:00 UTC).
  const now = new Date('2026-11-18T20:00:00Z');
  const tz = 'America/New_York';
  const at = (date: string, time: string) => appointmentInstant(date, time, now, tz)?.toISOString();

  it('reads ISO dates and times in the company time zone', () => {
    expect(at('2026-11-24', '14:30')).toBe('2026-11-24T19:30:00.000Z');
    expect(at('2026-07-01', '09:00')).toBe('2026-07-01T13:00:00.000Z'); // summer time
  });

  it('reads days and times as people say them', () => {
    expect(at('Tuesday', '10:00 AM')).toBe('2026-11-24T15:00:00.000Z');
    expect(at('tomorrow', '2pm')).toBe('2026-11-19T19:00:00.000Z');
    expect(at('today', 'noon')).toBe('2026-11-18T17:00:00.000Z');
    expect(at('June 3', '9:15 am')).toBe('2027-06-03T13:15:00.000Z');
    expect(at('12/1', '8am')).toBe('2026-12-01T13:00:00.000Z');
  });

  it("takes today's weekday at a time already past as next week's", () => {
    expect(at('Wednesday', '10am')).toBe('2026-11-25T15:00:00.000Z');
    expect(at('Wednesday', '4pm')).toBe('2026-11-18T21:00:00.000Z');
  });

  it('refuses what it cannot read', () => {
    expect(at('someday', '10am')).toBeUndefined();
    expect(at('Tuesday', 'later')).toBeUndefined();
    expect(at('2026-02-30', '10:00')).toBeUndefined();
    expect(at('Tuesday', '13pm')).toBeUndefined();
  });
});

describe('business hours', () => {
  const hours = { mon: { open: '08:00', close: '17:00' }, sat: null };
  const tz = 'America/New_York';

  it('is open within the hours of the local weekday only', () => {
    expect(isOpenAt(hours, tz, new Date('2026-11-16T13:00:00Z'))).toBe(true); // Mon 08:00
    expect(isOpenAt(hours, tz, new Date('2026-11-16T22:00:00Z'))).toBe(false); // Mon 17:00
    expect(isOpenAt(hours, tz, new Date('2026-11-17T01:00:00Z'))).toBe(false); // Mon 20:00 local, Tue in UTC
    expect(isOpenAt(hours, tz, new Date('2026-11-17T14:00:00Z'))).toBe(false); // Tue: not listed
    expect(isOpenAt({}, tz, new Date('2026-11-17T14:00:00Z'))).toBe(true); // no hours given
  });

  it('fits a visit only when it ends by closing time', () => {
    expect(fitsOpeningHours(hours, tz, new Date('2026-11-16T21:00:00Z'), 60)).toBe(true); // 16:00-17:00
    expect(fitsOpeningHours(hours, tz, new Date('2026-11-16T21:30:00Z'), 60)).toBe(false); // 16:30-17:30
  });
});

describe('emergency words', () => {
  it('matches whole words, whatever the case and punctuation', () => {
    const keywords = ['gas leak', 'no heat'];
    expect(emergencyKeyword('I think there is a GAS  leak!', keywords)).toBe('gas leak');
    expect(emergencyKeyword("We've got no heat, it's freezing", keywords)).toBe('no heat');
    expect(emergencyKeyword('no heater noise, just a question', keywords)).toBeUndefined();
  });
});

describe('call settings', () => {
  it('fills what the tenant left out and names the company', () => {
    const s = callSettings({ greeting: 'Hi, {company} here.', emergency_keywords: ['sewage'] }, 'Acme');
    expect(s).toMatchObject({ greeting: 'Hi, Acme here.', voice: 'Polly.Joanna', language: 'en-US', emergencyKeywords: ['sewage'] });
    expect(s.afterHoursGreeting).toContain('Acme');
    expect(callSettings({}, 'Acme').emergencyKeywords).toContain('carbon monoxide');
  });
});
