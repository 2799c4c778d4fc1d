import { dialRefusal } from '../../domain/phone';

describe('numbers calls are put through to', () => {
  const countries = ['US', 'CA'];

  it('accepts ordinary lines in the countries named', () => {
    for (const number of ['+16175550199', '+14165550123', '+18002345678']) expect(dialRefusal(number, countries)).toBeUndefined();
  });

  it('refuses other countries, premium-rate and shared-cost lines, and says which rule', () => {
    expect(dialRefusal('+442071838750', countries)).toBe('calls are put through only to numbers in US, CA, not GB');
    expect(dialRefusal('+19002345678', countries)).toBe('calls are not put through to premium-rate numbers');
    expect(dialRefusal('+449098765432', ['GB'])).toBe('calls are not put through to premium-rate numbers');
    expect(dialRefusal('+442071838750', ['GB'])).toBeUndefined();
  });
});
