import { DEFAULT_EMERGENCY_KEYWORDS, emergencyKeyword } from '../../domain/emergency';

describe('emergency words', () => {
  it('catch each of the platform’s words in what a caller says', () => {
    expect(emergencyKeyword('I think I smell a gas leak in the basement', DEFAULT_EMERGENCY_KEYWORDS)).toBe('gas leak');
    expect(emergencyKeyword('The carbon monoxide alarm keeps going off', DEFAULT_EMERGENCY_KEYWORDS)).toBe('carbon monoxide');
    expect(emergencyKeyword('My kitchen is flooding', DEFAULT_EMERGENCY_KEYWORDS)).toBe('flooding');
    expect(emergencyKeyword('We have a burst pipe upstairs', DEFAULT_EMERGENCY_KEYWORDS)).toBe('burst pipe');
    expect(emergencyKeyword('There is no heat and the baby is cold', DEFAULT_EMERGENCY_KEYWORDS)).toBe('no heat');
  });

  it('ignore case, punctuation and spacing, in the words and in the keywords', () => {
    expect(emergencyKeyword('GAS-LEAK!!', ['gas leak'])).toBe('gas leak');
    expect(emergencyKeyword('there is a gas\n\tleak', ['gas leak'])).toBe('gas leak');
    expect(emergencyKeyword('a burst pipe', ['  Burst   Pipe ', 'x'])).toBe('  Burst   Pipe ');
    expect(emergencyKeyword("it's sparking", ["It's sparking"])).toBe("It's sparking");
  });

  it('match whole words only', () => {
    expect(emergencyKeyword('no heater noise, just a question', ['no heat'])).toBeUndefined();
    expect(emergencyKeyword('the gasket leaks a little', ['gas leak'])).toBeUndefined();
    expect(emergencyKeyword('sparks', ['spark'])).toBeUndefined();
  });

  it('find a keyword at the very start or end of what was said', () => {
    expect(emergencyKeyword('flooding', ['flooding'])).toBe('flooding');
    expect(emergencyKeyword('Flooding, help', ['flooding'])).toBe('flooding');
    expect(emergencyKeyword('help, flooding', ['flooding'])).toBe('flooding');
  });

  it('answer with the tenant’s earliest-listed keyword when several are said', () => {
    expect(emergencyKeyword('a gas leak and now flooding', ['flooding', 'gas leak'])).toBe('flooding');
  });

  it('never fire on an empty keyword, which would otherwise match every word', () => {
    expect(emergencyKeyword('I would like a quote for a new furnace', ['', '   ', '!!'])).toBeUndefined();
    expect(emergencyKeyword('gas leak', [])).toBeUndefined();
    expect(emergencyKeyword('', DEFAULT_EMERGENCY_KEYWORDS)).toBeUndefined();
    // Nothing but punctuation said, against nothing but punctuation listed.
    expect(emergencyKeyword('...', ['', '!!'])).toBeUndefined();
  });
});
