import { isMissedCall } from '../../domain/missed-call';

describe('a missed call', () => {
  it('is one the caller hung up on, left a message on, or that never connected', () => {
    expect(isMissedCall({ outcome: 'abandoned', status: 'completed', isTest: false })).toBe(true);
    expect(isMissedCall({ outcome: 'voicemail', status: 'completed', isTest: false })).toBe(true);
    expect(isMissedCall({ outcome: 'other', status: 'no-answer', isTest: false })).toBe(true);
    expect(isMissedCall({ outcome: 'other', status: 'busy', isTest: false })).toBe(true);
  });

  it('is not one the agent handled, nor a sandbox call', () => {
    expect(isMissedCall({ outcome: 'appointment_booked', status: 'completed', isTest: false })).toBe(false);
    expect(isMissedCall({ outcome: 'information', status: 'completed', isTest: false })).toBe(false);
    expect(isMissedCall({ outcome: 'emergency_transferred', status: 'completed', isTest: false })).toBe(false);
    expect(isMissedCall({ outcome: 'abandoned', status: 'completed', isTest: true })).toBe(false);
  });
});
