import {
  campaignMessageKey,
  delayMs,
  enrollmentActionRefusal,
  normaliseDelay,
  replyExit,
  statusAfter,
  stepDecision,
  unknownStepVariables,
} from '../../domain/campaigns';

describe('campaign step delays', () => {
  it.each([
    ['2d', '2d'],
    ['3 hours', '3h'],
    ['1 week', '1w'],
    ['2 Weeks', '2w'],
    ['45 min', '45m'],
    ['30s', '30s'],
    ['PT30S', '30s'],
    ['P2D', '2d'],
    ['P1W', '1w'],
    ['PT4H', '4h'],
    ['0', '0s'],
  ])('reads %s as %s', (written, short) => {
    expect(normaliseDelay(written)).toBe(short);
  });

  it.each(['', 'soon', '2 fortnights', '-1d', '1.5d', 'P1DT2H', 'P', 'PT', '367d', '53w'])('refuses %j', (written) => {
    expect(normaliseDelay(written)).toBeUndefined();
  });

  it('turns a delay into milliseconds', () => {
    expect(delayMs('30s')).toBe(30_000);
    expect(delayMs('2d')).toBe(2 * 86_400_000);
    expect(delayMs('1w')).toBe(7 * 86_400_000);
    expect(() => delayMs('2 days')).toThrow(/not a step delay/);
  });
});

describe('campaign step texts', () => {
  it('may use the company and contact variables, and nothing else', () => {
    expect(unknownStepVariables('Hi {contact_name}, {company_name} here: call {company_phone}')).toEqual([]);
    expect(unknownStepVariables('Your visit on {appointment_time}, {message} {message}')).toEqual(['appointment_time', 'message']);
  });

  it('keys each step of each enrolment once', () => {
    expect(campaignMessageKey('e1', 2)).toBe('campaign:e1:step:2');
  });
});

describe('a step falling due', () => {
  const none = { appointmentSinceEnrolment: false, repliedSinceEnrolment: false };

  it('is sent when nothing happened since enrolment', () => {
    expect(stepDecision({ goal: 'appointment_booked', condition: 'no_appointment_since_enrolment', ...none })).toBe('send');
  });

  it('ends the enrolment once its goal is reached', () => {
    expect(stepDecision({ goal: 'appointment_booked', condition: 'none', ...none, appointmentSinceEnrolment: true })).toBe('goal');
    expect(stepDecision({ goal: 'replied', condition: 'none', ...none, repliedSinceEnrolment: true })).toBe('goal');
  });

  it('is skipped when its condition is not met', () => {
    expect(stepDecision({ goal: 'none', condition: 'no_appointment_since_enrolment', ...none, appointmentSinceEnrolment: true })).toBe('skip');
    expect(stepDecision({ goal: 'none', condition: 'no_reply', ...none, repliedSinceEnrolment: true })).toBe('skip');
    expect(stepDecision({ goal: 'none', condition: 'none', appointmentSinceEnrolment: true, repliedSinceEnrolment: true })).toBe('send');
  });
});

describe("a contact's text to an enrolment", () => {
  it('STOP ends every enrolment', () => {
    expect(replyExit({ keyword: 'stop', goal: 'none', exitOnReply: false })).toBe('stop');
  });

  it('START and HELP change nothing', () => {
    expect(replyExit({ keyword: 'start', goal: 'replied', exitOnReply: true })).toBeUndefined();
    expect(replyExit({ keyword: 'help', goal: 'none', exitOnReply: true })).toBeUndefined();
  });

  it('a reply reaches a reply goal, or ends the enrolment when the campaign stops at replies', () => {
    expect(replyExit({ keyword: null, goal: 'replied', exitOnReply: false })).toBe('goal');
    expect(replyExit({ keyword: null, goal: 'none', exitOnReply: true })).toBe('reply');
    expect(replyExit({ keyword: null, goal: 'appointment_booked', exitOnReply: false })).toBeUndefined();
  });
});

describe("the company's actions on an enrolment", () => {
  it('pauses an active one, resumes a paused one, cancels either', () => {
    expect(enrollmentActionRefusal('pause', 'active')).toBeUndefined();
    expect(enrollmentActionRefusal('resume', 'paused')).toBeUndefined();
    expect(enrollmentActionRefusal('cancel', 'paused')).toBeUndefined();
    expect(statusAfter('pause')).toBe('paused');
    expect(statusAfter('resume')).toBe('active');
    expect(statusAfter('cancel')).toBe('cancelled');
  });

  it('refuses what does not fit, with the reason', () => {
    expect(enrollmentActionRefusal('pause', 'paused')).toMatch(/paused already/);
    expect(enrollmentActionRefusal('resume', 'active')).toMatch(/not paused/);
    expect(enrollmentActionRefusal('cancel', 'completed')).toMatch(/has ended \(completed\); it cannot be cancelled/);
    expect(enrollmentActionRefusal('resume', 'exited')).toMatch(/cannot be resumed/);
  });
});
