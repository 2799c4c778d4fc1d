import { completedVisitEnrolKey, seasonOn, seasonalEnrolKey, seasonalSettings } from '../../domain/campaigns';

describe('seasonal campaign settings', () => {
  it('fills in the day and the months since the last visit, and keeps each month once, in order', () => {
    expect(seasonalSettings({ months: [10, 3, 10] })).toEqual({ months: [3, 10], day: 1, months_since_visit: 12 });
    expect(seasonalSettings({ months: [4], day: 15, months_since_visit: 6 })).toEqual({ months: [4], day: 15, months_since_visit: 6 });
  });

  it('has none without a month', () => {
    expect(seasonalSettings({})).toBeUndefined();
    expect(seasonalSettings({ months: [] })).toBeUndefined();
    expect(seasonalSettings({ months: [0, 13] })).toBeUndefined();
    expect(seasonalSettings(null)).toBeUndefined();
  });

  it('reads stored values out of bounds as the defaults', () => {
    expect(seasonalSettings({ months: [5], day: 31, months_since_visit: 0 })).toEqual({ months: [5], day: 1, months_since_visit: 12 });
  });
});

describe('the season a campaign is in', () => {
  const spring = { months: [3, 4], day: 10, months_since_visit: 12 };

  it('runs from its day to the end of each of its months', () => {
    expect(seasonOn(spring, { year: 2025, month: 3, day: 10 })).toBe('2025-03');
    expect(seasonOn(spring, { year: 2025, month: 3, day: 31 })).toBe('2025-03');
    expect(seasonOn(spring, { year: 2026, month: 4, day: 28 })).toBe('2026-04');
  });

  it('is not due before its day, nor in another month', () => {
    expect(seasonOn(spring, { year: 2025, month: 3, day: 9 })).toBeUndefined();
    expect(seasonOn(spring, { year: 2025, month: 5, day: 10 })).toBeUndefined();
  });

  it('names each contact once per season, and each completed visit once', () => {
    expect(seasonalEnrolKey('c1', '2025-03', 'k1')).toBe('season:c1:2025-03:k1');
    expect(seasonalEnrolKey('c1', '2025-03', 'k1')).not.toBe(seasonalEnrolKey('c1', '2025-04', 'k1'));
    expect(completedVisitEnrolKey('a1')).toBe('appointment:a1');
  });
});
