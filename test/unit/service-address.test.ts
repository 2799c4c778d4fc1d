import { addressColumns, bookedAddress, mentionsStreet, POSTAL_CODE, spokenAddress } from '../../domain/service-address';

describe('service addresses', () => {
  describe('as the model passes them to book_appointment', () => {
    it('are kept with their spacing tidied and the postal code in capitals', () => {
      expect(bookedAddress({ street: '  42   Elm Street, Apt 3 ', city: ' Cambridge ', postal_code: ' 02139 ' })).toEqual({
        street: '42 Elm Street, Apt 3',
        city: 'Cambridge',
        postal_code: '02139',
      });
      expect(bookedAddress({ street: '10 Downing Street', city: 'London', postal_code: 'sw1a 2aa' })).toEqual({
        street: '10 Downing Street',
        city: 'London',
        postal_code: 'SW1A 2AA',
      });
    });

    it('are refused without a street or a city', () => {
      expect(bookedAddress({ city: 'Cambridge' })).toBeUndefined();
      expect(bookedAddress({ street: '42 Elm Street' })).toBeUndefined();
      expect(bookedAddress({ street: '   ', city: 'Cambridge' })).toBeUndefined();
      expect(bookedAddress({ street: 42, city: 'Cambridge' })).toBeUndefined();
      expect(bookedAddress({})).toBeUndefined();
    });

    it('are refused when the model wrote a placeholder instead of a street or a city', () => {
      for (const placeholder of ['unknown', 'Unknown', 'N/A', 'n/a', 'NA', 'none', 'null', 'not given', 'Not provided', 'not known', 'TBD', '-', '---']) {
        expect(bookedAddress({ street: placeholder, city: 'Cambridge' })).toBeUndefined();
        expect(bookedAddress({ street: '42 Elm Street', city: placeholder })).toBeUndefined();
      }
    });

    it('keep the visit without a postal code that is missing or does not look like one', () => {
      for (const postal_code of [undefined, null, '', 'unknown', 'n/a', '1', 'call back later', '02139!', 'Cambridge', '02139-43071']) {
        expect(bookedAddress({ street: '42 Elm Street', city: 'Cambridge', postal_code })).toEqual({ street: '42 Elm Street', city: 'Cambridge', postal_code: null });
      }
    });

    it('are cut to the lengths the appointment keeps', () => {
      const address = bookedAddress({ street: 's'.repeat(300), city: 'c'.repeat(150) });
      expect(address?.street).toHaveLength(200);
      expect(address?.city).toHaveLength(100);
    });
  });

  it('take postal codes of the US and elsewhere', () => {
    for (const code of ['02139', '02139-4307', 'K1A 0B6', 'SW1A 1AA', '75008', '1010']) expect(POSTAL_CODE.test(code)).toBe(true);
    for (const code of ['', '1', '12', ' 02139', '02139 ', '-0213', '02139!', '02139-43077']) expect(POSTAL_CODE.test(code)).toBe(false);
  });

  it('are read back to the caller as street, city and postal code', () => {
    expect(spokenAddress({ street: '42 Elm Street', city: 'Cambridge', postal_code: '02139' })).toBe('42 Elm Street, Cambridge 02139');
    expect(spokenAddress({ street: '42 Elm Street', city: 'Cambridge', postal_code: null })).toBe('42 Elm Street, Cambridge');
  });

  it('fill the appointment’s address columns, or empty them', () => {
    expect(addressColumns({ street: '42 Elm Street', city: 'Cambridge', postal_code: null })).toEqual({
      service_street: '42 Elm Street',
      service_city: 'Cambridge',
      service_postal_code: null,
    });
    expect(addressColumns(null)).toEqual({ service_street: null, service_city: null, service_postal_code: null });
  });

  describe('named in what the agent says', () => {
    it('when the house number and the street’s name are both said, however the rest is abbreviated', () => {
      expect(mentionsStreet("You're all set for Tuesday at 42 Elm St.", '42 Elm Street')).toBe(true);
      expect(mentionsStreet('A technician will come to 42 ELM STREET, Cambridge.', '42 Elm Street')).toBe(true);
    });

    it('not when the house number or the street’s name is missing', () => {
      expect(mentionsStreet('A technician will come to Elm Street.', '42 Elm Street')).toBe(false);
      expect(mentionsStreet('A technician will come to number 42.', '42 Elm Street')).toBe(false);
    });

    it('not when the number only appears inside another number', () => {
      expect(mentionsStreet('A technician will come to 142 Elm Street.', '42 Elm Street')).toBe(false);
    });

    it('not for a street with nothing to look for', () => {
      expect(mentionsStreet('anything at all', '')).toBe(false);
      expect(mentionsStreet('anything at all', ' , ')).toBe(false);
    });
  });
});
