import { linkStanding } from '../../activities/email/resend';

/**
 * Whether an e-mail's single-use link may go out again: only while it still works. The
 * API suite follows links that are used; expiry is a matter of the clock, checked here.
 */
describe('the standing of an e-mail\'s single-use link', () => {
  const now = new Date('2030-05-01T12:00:00Z');
  const later = new Date('2030-05-02T12:00:00Z');
  const earlier = new Date('2030-04-30T12:00:00Z');
  const account = {
    password_hash: null,
    disabled_at: null,
    invite_token_hash: 'hash',
    invite_expires_at: later,
    password_reset_hash: null,
    password_reset_expires_at: null,
  };

  it('an invitation is open until it expires, is used by setting a password, and is withdrawn with the account', () => {
    expect(linkStanding('invite', account, now)).toBe('open');
    expect(linkStanding('invite', { ...account, invite_expires_at: earlier }, now)).toBe('expired');
    expect(linkStanding('invite', { ...account, invite_expires_at: now }, now)).toBe('expired');
    expect(linkStanding('invite', { ...account, password_hash: 'scrypt$…' }, now)).toBe('used');
    expect(linkStanding('invite', { ...account, disabled_at: earlier }, now)).toBe('withdrawn');
    expect(linkStanding('invite', { ...account, invite_token_hash: null, invite_expires_at: null }, now)).toBe('withdrawn');
    expect(linkStanding('invite', undefined, now)).toBe('withdrawn');
  });

  it('a password reset is open until it expires, and used (or replaced by a password change) once cleared', () => {
    const resetting = { ...account, password_hash: 'scrypt$…', password_reset_hash: 'hash', password_reset_expires_at: later };
    expect(linkStanding('password_reset', resetting, now)).toBe('open');
    expect(linkStanding('password_reset', { ...resetting, password_reset_expires_at: earlier }, now)).toBe('expired');
    expect(linkStanding('password_reset', { ...resetting, password_reset_hash: null, password_reset_expires_at: null }, now)).toBe('used');
    expect(linkStanding('password_reset', { ...resetting, disabled_at: earlier }, now)).toBe('withdrawn');
  });
});
