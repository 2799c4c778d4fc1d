import { cycleAt, cycleStart } from '../../domain/billing-cycle';

const monthly = { months: 1 };
const starts = (anchor: string, count: number, length: { months: number } | { ms: number } = monthly) =>
  Array.from({ length: count }, (_, index) => cycleStart(new Date(anchor), index, length).toISOString());

describe('billing cycles', () => {
  it('anchored on January 31 renew on the last day of shorter months, and on the 31st again when there is one', () => {
    expect(starts('2026-01-31T15:00:00.000Z', 6)).toEqual([
      '2026-01-31T15:00:00.000Z',
      '2026-02-28T15:00:00.000Z',
      '2026-03-31T15:00:00.000Z',
      '2026-04-30T15:00:00.000Z',
      '2026-05-31T15:00:00.000Z',
      '2026-06-30T15:00:00.000Z',
    ]);
  });

  it('give February its 29th in a leap year', () => {
    expect(starts('2028-01-31T00:00:00.000Z', 3)).toEqual(['2028-01-31T00:00:00.000Z', '2028-02-29T00:00:00.000Z', '2028-03-31T00:00:00.000Z']);
  });

  it('anchored on a leap day renew on February 28 in the following years and on the 29th in the next leap year', () => {
    const anchor = new Date('2028-02-29T12:00:00.000Z');
    expect(cycleStart(anchor, 1, monthly).toISOString()).toBe('2028-03-29T12:00:00.000Z');
    expect(cycleStart(anchor, 12, monthly).toISOString()).toBe('2029-02-28T12:00:00.000Z');
    expect(cycleStart(anchor, 13, monthly).toISOString()).toBe('2029-03-29T12:00:00.000Z');
    expect(cycleStart(anchor, 48, monthly).toISOString()).toBe('2032-02-29T12:00:00.000Z');
  });

  it('do not drift over years: the hundredth cycle still starts on the anchor’s day and time', () => {
    const anchor = new Date('2026-01-31T15:04:05.678Z');
    expect(cycleStart(anchor, 100, monthly).toISOString()).toBe('2034-05-31T15:04:05.678Z');
    expect(cycleStart(anchor, 121, monthly).toISOString()).toBe('2036-02-29T15:04:05.678Z');
  });

  it('cross into the next year', () => {
    expect(starts('2026-11-15T09:30:00.000Z', 4)).toEqual([
      '2026-11-15T09:30:00.000Z',
      '2026-12-15T09:30:00.000Z',
      '2027-01-15T09:30:00.000Z',
      '2027-02-15T09:30:00.000Z',
    ]);
  });

  it('of several months clamp to the month they land in', () => {
    expect(starts('2026-11-30T00:00:00.000Z', 4, { months: 3 })).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2027-02-28T00:00:00.000Z',
      '2027-05-30T00:00:00.000Z',
      '2027-08-30T00:00:00.000Z',
    ]);
  });

  it('of a fixed duration follow one another exactly, as tests configure them', () => {
    expect(starts('2026-11-15T09:30:00.000Z', 3, { ms: 30_000 })).toEqual(['2026-11-15T09:30:00.000Z', '2026-11-15T09:30:30.000Z', '2026-11-15T09:31:00.000Z']);
  });

  it('end where the next one starts, so no moment is billed twice or not at all', () => {
    const anchor = new Date('2026-01-31T15:00:00.000Z');
    expect(cycleAt(anchor, 0, monthly)).toEqual({ index: 0, start: '2026-01-31T15:00:00.000Z', end: '2026-02-28T15:00:00.000Z' });
    expect(cycleAt(anchor, 1, monthly)).toEqual({ index: 1, start: '2026-02-28T15:00:00.000Z', end: '2026-03-31T15:00:00.000Z' });
    for (let index = 0; index < 36; index++) {
      const cycle = cycleAt(anchor, index, monthly);
      expect(cycle.end).toBe(cycleAt(anchor, index + 1, monthly).start);
      expect(Date.parse(cycle.end)).toBeGreaterThan(Date.parse(cycle.start));
    }
  });
});
