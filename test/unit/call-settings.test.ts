import { AGENT_LANGUAGES, AGENT_VOICES, callSettings, DEFAULT_CALL_SETTINGS } from '../../domain/call-settings';
import { DEFAULT_EMERGENCY_KEYWORDS } from '../../domain/emergency';

describe("a tenant's call settings", () => {
  it('are the platform’s defaults, in the company’s name, when the tenant set nothing', () => {
    const expected = {
      greeting: 'Thank you for calling Acme Heating. How can I help you today?',
      afterHoursGreeting: 'Thank you for calling Acme Heating. Our office is closed right now, but I can take your details and book a visit. How can I help?',
      voice: 'Polly.Joanna',
      language: 'en-US',
      model: null,
      instructions: '',
      emergencyKeywords: DEFAULT_EMERGENCY_KEYWORDS,
    };
    expect(callSettings(null, 'Acme Heating')).toEqual(expected);
    expect(callSettings(undefined, 'Acme Heating')).toEqual(expected);
    expect(callSettings({}, 'Acme Heating')).toEqual(expected);
  });

  it('keep what the tenant wrote, trimmed, with every {company} named', () => {
    const s = callSettings(
      {
        greeting: '  {company} here, {company} is listening.  ',
        after_hours_greeting: "{company} is closed; leave your details.",
        voice: 'Polly.Amy',
        language: 'en-GB',
        model: 'gpt-4.1',
        custom_prompt: ' Always ask for the boiler model. ',
        emergency_keywords: ['sewage', 'sparks'],
      },
      "Joe's Plumbing",
    );
    expect(s).toEqual({
      greeting: "Joe's Plumbing here, Joe's Plumbing is listening.",
      afterHoursGreeting: "Joe's Plumbing is closed; leave your details.",
      voice: 'Polly.Amy',
      language: 'en-GB',
      model: 'gpt-4.1',
      instructions: 'Always ask for the boiler model.',
      emergencyKeywords: ['sewage', 'sparks'],
    });
  });

  it('name a company whose name holds a dollar sign as it is written', () => {
    expect(callSettings({ greeting: 'Thanks for calling {company}!' }, 'Bucks $$ Heating').greeting).toBe('Thanks for calling Bucks $$ Heating!');
    expect(callSettings({ greeting: '{company} here' }, 'A$&B').greeting).toBe('A$&B here');
  });

  it('fall back to the default for a blank or non-text value', () => {
    const s = callSettings({ greeting: '   ', after_hours_greeting: 42, voice: '', language: null, custom_prompt: ['x'] }, 'Acme');
    expect(s.greeting).toBe('Thank you for calling Acme. How can I help you today?');
    expect(s.afterHoursGreeting).toBe(DEFAULT_CALL_SETTINGS.afterHoursGreeting.replace('{company}', 'Acme'));
    expect(s.voice).toBe('Polly.Joanna');
    expect(s.language).toBe('en-US');
    expect(s.instructions).toBe('');
  });

  it('use the platform’s model for a model the agent does not offer', () => {
    expect(callSettings({ model: 'gpt-4o' }, 'Acme').model).toBe('gpt-4o');
    expect(callSettings({ model: 'gpt-3.5-turbo' }, 'Acme').model).toBeNull();
    expect(callSettings({ model: 'GPT-4O' }, 'Acme').model).toBeNull();
  });

  it('read the extra instructions under the names older records used, the current one first', () => {
    expect(callSettings({ system_prompt: 'old' }, 'Acme').instructions).toBe('old');
    expect(callSettings({ instructions: 'older' }, 'Acme').instructions).toBe('older');
    expect(callSettings({ custom_prompt: 'new', system_prompt: 'old', instructions: 'older' }, 'Acme').instructions).toBe('new');
    expect(callSettings({ system_prompt: 'old', instructions: 'older' }, 'Acme').instructions).toBe('old');
  });

  it('are cut to a length a prompt and a voice name can take', () => {
    const s = callSettings({ greeting: 'g'.repeat(1500), custom_prompt: 'p'.repeat(5000), voice: 'v'.repeat(100), language: 'l'.repeat(30) }, 'Acme');
    expect(s.greeting).toHaveLength(1000);
    expect(s.instructions).toHaveLength(4000);
    expect(s.voice).toHaveLength(64);
    expect(s.language).toHaveLength(16);
  });

  it('take the tenant’s own emergency words instead of the platform’s, dropping blanks and non-text', () => {
    expect(callSettings({ emergency_keywords: ['sewage', '', '  ', 7, null, 'no power'] }, 'Acme').emergencyKeywords).toEqual(['sewage', 'no power']);
    // A list the tenant emptied is theirs too: a change makes the list the tenant's own.
    expect(callSettings({ emergency_keywords: [] }, 'Acme').emergencyKeywords).toEqual([]);
    expect(callSettings({ emergency_keywords: 'gas leak' }, 'Acme').emergencyKeywords).toEqual(DEFAULT_EMERGENCY_KEYWORDS);
  });
});

describe('the agent’s voices and languages', () => {
  it('offer each language its voices speak, once, in the order the voices are listed', () => {
    expect(AGENT_LANGUAGES).toEqual(['en-US', 'en-GB', 'es-US', 'es-MX', 'fr-CA']);
  });

  it('have a default voice that speaks the default language', () => {
    expect(AGENT_VOICES[DEFAULT_CALL_SETTINGS.voice as keyof typeof AGENT_VOICES]).toBe(DEFAULT_CALL_SETTINGS.language);
  });
});
