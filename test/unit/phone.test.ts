import { dialRefusal, isE164, toE164 } from '../../domain/phone';

describe('phone numbers', () => {
  it('are stored in E.164 however people write them', () => {
    for (const written of ['(857) 555-0123', '857-555-0123', '857.555.0123', '8575550123', '1 857 555 0123', '+1 857 555 0123', '  +1 (857) 555-0123 ']) {
      expect(toE164(written)).toBe('+18575550123');
    }
  });

  it('are read in the country given when written without a country code', () => {
    expect(toE164('020 7183 8750', 'GB')).toBe('+442071838750');
    expect(toE164('020 7183 8750')).toBeUndefined(); // not a US number
    expect(toE164('613 555 0123', 'CA')).toBe('+16135550123');
    // A number with its country code is the same number whatever the default.
    expect(toE164('+44 20 7183 8750')).toBe('+442071838750');
    expect(toE164('+1 857 555 0123', 'GB')).toBe('+18575550123');
  });

  it('are refused when they cannot be a real number', () => {
    for (const written of ['', '   ', 'call me', '555-0123', '+1 200 555 0123', '+1 555 555 0123', '+441234', '8575550123999']) {
      expect(toE164(written)).toBeUndefined();
    }
  });

  it('count as E.164 only in their canonical form', () => {
    expect(isE164('+18575550123')).toBe(true);
    expect(isE164('+442071838750')).toBe(true);
    expect(isE164('18575550123')).toBe(false);
    expect(isE164('+1 857 555 0123')).toBe(false);
    expect(isE164('+1-857-555-0123')).toBe(false);
    expect(isE164('+15555550123')).toBe(false); // the right shape, but no such area code
    expect(isE164('')).toBe(false);
  });
});

describe('numbers calls are put through to, beyond the cases in dial-targets', () => {
  const usAndCanada = ['US', 'CA'];

  it('accepts toll-free lines in the countries named', () => {
    expect(dialRefusal('+18003569377', usAndCanada)).toBeUndefined();
    expect(dialRefusal('+18442345678', usAndCanada)).toBeUndefined();
  });

  it('refuses Caribbean numbers that share the +1 country code with the US and Canada', () => {
    // Dialled like a US number, billed as an international call: the classic toll-fraud target.
    expect(dialRefusal('+18762101234', usAndCanada)).toBe('calls are put through only to numbers in US, CA, not JM');
    expect(dialRefusal('+18092345678', usAndCanada)).toBe('calls are put through only to numbers in US, CA, not DO');
    expect(dialRefusal('+14734031234', usAndCanada)).toBe('calls are put through only to numbers in US, CA, not GD');
  });

  it('refuses shared-cost lines even in a country named', () => {
    expect(dialRefusal('+33810123456', ['FR'])).toBe('calls are not put through to shared-cost numbers');
    expect(dialRefusal('+33142685300', ['FR'])).toBeUndefined();
  });

  it('refuses premium-rate lines even when their country is named', () => {
    expect(dialRefusal('+448712345678', ['GB'])).toBe('calls are not put through to premium-rate numbers');
  });

  it('refuses what is not a valid number at all', () => {
    expect(dialRefusal('+15555550123', usAndCanada)).toBe('expected a valid phone number, e.g. +18575550123');
    expect(dialRefusal('+441234', usAndCanada)).toBe('expected a valid phone number, e.g. +18575550123');
    expect(dialRefusal('8575550123', usAndCanada)).toBe('expected a valid phone number, e.g. +18575550123');
  });

  it('refuses every country when none is named', () => {
    expect(dialRefusal('+18575550123', [])).toMatch(/^calls are put through only to numbers in .*not US$/);
  });
});
