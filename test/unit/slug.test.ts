import { RESERVED_SLUGS, SLUG_MAX, slugCandidates, slugify, slugProblem } from '../../domain/slug';

const COMPANY_NAMES = [
  "Joe's Plumbing & Heating",
  'Joe’s Plumbing & Heating, LLC',
  'Café Ümlaut Électrique',
  '  A1 Air -- Conditioning!! ',
  'AB',
  'Admin',
  '!!!',
  '東京電気',
  'Bob & Sons Heating, Cooling, Plumbing, Electrical and Roofing Services of Greater Boston',
  'x '.repeat(30),
];

describe('slugs', () => {
  describe('made from a company name', () => {
    it('keep its words in lowercase with hyphens, dropping apostrophes and symbols', () => {
      expect(slugify("Joe's Plumbing & Heating")).toBe('joes-plumbing-heating');
      expect(slugify('Joe’s Plumbing & Heating, LLC')).toBe('joes-plumbing-heating-llc');
      expect(slugify('  A1 Air -- Conditioning!! ')).toBe('a1-air-conditioning');
    });

    it('spell accented letters without their accents', () => {
      expect(slugify('Café Ümlaut Électrique')).toBe('cafe-umlaut-electrique');
    });

    it('are cut to 40 characters without a hyphen left at the end', () => {
      const slug = slugify('Bob & Sons Heating, Cooling, Plumbing, Electrical and Roofing Services of Greater Boston');
      expect(slug).toBe('bob-sons-heating-cooling-plumbing-electr');
      expect(slugify('x '.repeat(30))).toBe('x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x');
      expect(slugify(`${'a'.repeat(39)} b`)).toBe('a'.repeat(39));
    });

    it('are lengthened when too short, and moved off a reserved word', () => {
      expect(slugify('AB')).toBe('ab-co');
      expect(slugify('Admin')).toBe('admin-co');
      expect(slugify('Support')).toBe('support-co');
    });

    it('fall back to a generic name when nothing in the name can be spelt', () => {
      expect(slugify('!!!')).toBe('company-co');
      expect(slugify('東京電気')).toBe('company-co');
      expect(slugify('')).toBe('company-co');
    });

    it('are always acceptable slugs', () => {
      for (const name of COMPANY_NAMES) expect(slugProblem(slugify(name))).toBeUndefined();
      for (const reserved of RESERVED_SLUGS) expect(slugProblem(slugify(reserved))).toBeUndefined();
    });
  });

  describe('candidates for a name', () => {
    it('are the slug itself, then numbered variants, 20 unless asked for another number', () => {
      expect(slugCandidates("Joe's Plumbing", 4)).toEqual(['joes-plumbing', 'joes-plumbing-2', 'joes-plumbing-3', 'joes-plumbing-4']);
      const twenty = slugCandidates("Joe's Plumbing");
      expect(twenty).toHaveLength(20);
      expect(twenty.at(-1)).toBe('joes-plumbing-20');
    });

    it('are all different and all acceptable, even for the longest names', () => {
      for (const name of COMPANY_NAMES) {
        const candidates = slugCandidates(name, 120);
        expect(new Set(candidates).size).toBe(120);
        for (const candidate of candidates) {
          expect(slugProblem(candidate)).toBeUndefined();
          expect(candidate.length).toBeLessThanOrEqual(SLUG_MAX);
        }
      }
    });

    it('make room for the number by shortening a long slug, not by dropping the number', () => {
      expect(slugCandidates(`${'a'.repeat(39)} b`, 3)).toEqual(['a'.repeat(39), `${'a'.repeat(38)}-2`, `${'a'.repeat(38)}-3`]);
      expect(slugCandidates('x '.repeat(30), 2)[1]).toBe('x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-2');
    });
  });

  describe('chosen by a person', () => {
    it('are accepted with lowercase letters, digits and single hyphens, 3 to 40 long', () => {
      for (const slug of ['abc', 'joes-plumbing', 'a1-air', '123', 'a'.repeat(40)]) expect(slugProblem(slug)).toBeUndefined();
    });

    it('are refused too short or too long', () => {
      expect(slugProblem('ab')).toBe('must be 3 to 40 characters');
      expect(slugProblem('a'.repeat(41))).toBe('must be 3 to 40 characters');
      expect(slugProblem('')).toBe('must be 3 to 40 characters');
    });

    it('are refused with capitals, spaces, other symbols or hyphens out of place', () => {
      for (const slug of ['Joes-plumbing', 'joes plumbing', 'joes_plumbing', 'joes--plumbing', '-joes', 'joes-', 'café', 'joes.plumbing']) {
        expect(slugProblem(slug)).toBe('may contain only lowercase letters, digits and single hyphens between them');
      }
    });

    it('are refused when the platform keeps the word for itself', () => {
      expect(slugProblem('www')).toBe('"www" is reserved');
      expect(slugProblem('admin')).toBe('"admin" is reserved');
      expect(slugProblem('webhooks')).toBe('"webhooks" is reserved');
    });
  });
});
